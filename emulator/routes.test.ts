// The emulator against the route table of the released v3.17.0 API (test/support/release-routes.ts):
// every route is either served or listed in DIVERGENCES.md "## Routes not served" with a reason,
// never both, and the emulator serves nothing the release lacks.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import FindMyWay from "find-my-way";
import { describe, expect, it } from "vitest";
import { AppServer } from "./app.js";
import { RELEASE_CORRECTIONS, Route, SWAGGER_FIXTURE, SWAGGER_SHA256, key, releaseRoutes, samplePath, swaggerRoutes } from "../test/support/release-routes.js";

const SECTION = "## Routes not served";

/** The `| \`METHOD /path\` | reason |` rows of the DIVERGENCES.md section, by route key. */
function notServed(): Map<string, string> {
  const md = readFileSync(path.join(__dirname, "DIVERGENCES.md"), "utf8");
  const start = md.indexOf(`\n${SECTION}\n`);
  if (start < 0) throw new Error(`emulator/DIVERGENCES.md has no "${SECTION}" section`);
  const rest = md.slice(start + SECTION.length + 2);
  const end = rest.search(/^## /m);
  const rows = new Map<string, string>();
  for (const line of (end < 0 ? rest : rest.slice(0, end)).split("\n")) {
    const m = /^\|\s*`([A-Z]+) (\/\S*)`\s*\|(.*)\|\s*$/.exec(line);
    if (!m) continue;
    const k = `${m[1]} ${m[2]}`;
    if (rows.has(k)) throw new Error(`DIVERGENCES.md lists ${k} twice`);
    rows.set(k, m[3].trim());
  }
  return rows;
}

describe("route table of the released v3.17.0 API", () => {
  const app = new AppServer(undefined, true);
  const table = releaseRoutes();
  const served = (r: Route) => app.serves(r.method, samplePath(r.path));

  it("reads the release's swagger, unedited", () => {
    expect(createHash("sha256").update(readFileSync(SWAGGER_FIXTURE)).digest("hex"), `${SWAGGER_FIXTURE} is not the copy of the release's swagger`).toBe(
      SWAGGER_SHA256,
    );
  });

  it("is the swagger corrected by what the release's router mounts", () => {
    const swagger = swaggerRoutes();
    const added = RELEASE_CORRECTIONS.flatMap((c) => c.add).length;
    const removed = RELEASE_CORRECTIONS.flatMap((c) => c.remove).length;
    expect(table).toHaveLength(swagger.length + added - removed);
    const keys = table.map(key);
    for (const k of ["POST /api/repos/{repo_id}/cron/{cron}", "POST /api/user/repos/refresh", "GET /version", "GET /api/debug/pprof/"])
      expect(keys).toContain(k);
    for (const k of ["GET /api/version", "GET /api/repos/{repo_id}/logs/{pipeline_number}/{step_id}/download"]) expect(keys).not.toContain(k);
  });

  it("every route is served by the emulator or listed in DIVERGENCES.md with a reason", () => {
    const listed = notServed();
    const missing = table.filter((r) => !served(r) && !listed.has(key(r))).map(key);
    expect(missing, `neither served nor listed under "${SECTION}" in emulator/DIVERGENCES.md`).toEqual([]);
    const noReason = [...listed].filter(([, why]) => why === "").map(([k]) => k);
    expect(noReason, "listed without a reason").toEqual([]);
  });

  it("DIVERGENCES.md lists only release routes the emulator does not serve", () => {
    const listed = [...notServed().keys()];
    expect(listed.length).toBeGreaterThan(0);
    const keys = new Set(table.map(key));
    expect(
      listed.filter((k) => !keys.has(k)),
      "listed but not a route of the release (spelling as in the swagger)",
    ).toEqual([]);
    const stale = table.filter((r) => served(r) && listed.includes(key(r))).map(key);
    expect(stale, "listed as not served, but the emulator serves them: remove the rows").toEqual([]);
  });

  it("the emulator serves no route the release lacks", () => {
    const release = FindMyWay({ caseSensitive: true, ignoreTrailingSlash: false });
    for (const r of table) release.on(r.method as FindMyWay.HTTPMethod, r.path.replace(/\{([^}]+)\}/g, ":$1"), () => undefined);
    const extra = app
      .routes()
      .filter((r) => !release.find(r.method as FindMyWay.HTTPMethod, r.path.replace(/:[^/]+/g, "1").replace(/\*$/, "1")))
      .map((r) => `${r.method} ${r.path}`);
    expect(extra, "the emulator registers routes v3.17.0 does not have").toEqual([]);
  });
});
