// The route table of the released Woodpecker v3.17.0 API: every (method, path) of the swagger in
// test/fixtures/woodpecker-swagger.json (the Swagger 2.0 template committed in cmd/server/openapi/docs.go
// of github.com/woodpecker-ci/woodpecker at a4cb541b8, 102 commits after the tag, filled in as swag's
// ReadDoc fills it), corrected by RELEASE_CORRECTIONS, the differences
// from the router the release really mounts: server/router/router.go and server/router/api.go at tag
// v3.17.0 of github.com/woodpecker-ci/woodpecker (read, not copied). Paths use the swagger's
// `{param}` spelling, with the `/api` prefix the router adds.
import { readFileSync } from "node:fs";
import path from "node:path";

export interface Route {
  method: string;
  /** e.g. `/api/repos/{repo_id}/cron/{cron}`; `/version` and `/healthz` sit at the root */
  path: string;
}

export const SWAGGER_FIXTURE = path.resolve(__dirname, "../fixtures/woodpecker-swagger.json");
/** The SHA-256 of the release's swagger as copied into the fixture, so an edit of the copy is seen. */
export const SWAGGER_SHA256 = "bbaf7ac42b25ddec05e3ad014f70ca0bd1bd7f877088aa3c2805d2ee0f647dc2";

const METHODS = ["get", "post", "put", "patch", "delete", "head", "options"];

/** Where v3.17.0's router differs from the swagger, and why (each verified against the tag's router). */
export const RELEASE_CORRECTIONS: { remove: Route[]; add: Route[]; why: string }[] = [
  {
    why: 'router.go mounts /version and /healthz on the root group, not under /api; the swagger lists them under /api (pinned: test/conformance/cases.ts, "/version and /healthz are at the root")',
    remove: [
      { method: "GET", path: "/api/version" },
      { method: "GET", path: "/api/healthz" },
    ],
    add: [
      { method: "GET", path: "/version" },
      { method: "GET", path: "/healthz" },
    ],
  },
  {
    why: 'api.go mounts user.POST("/repos/refresh"); the handler has no swagger annotation, so the swagger lacks it',
    remove: [],
    add: [{ method: "POST", path: "/api/user/repos/refresh" }],
  },
  {
    why: "the log download route arrived after v3.17.0: the tag's api.go and its openapi/docs.go lack it",
    remove: [{ method: "GET", path: "/api/repos/{repo_id}/logs/{pipeline_number}/{step_id}/download" }],
    add: [],
  },
  {
    why: 'api.go registers debugger.GET("/pprof/") with a trailing slash; /api/debug/pprof is not a route',
    remove: [{ method: "GET", path: "/api/debug/pprof" }],
    add: [{ method: "GET", path: "/api/debug/pprof/" }],
  },
  {
    why: "api.go mounts the badges under /badges/:repo_id_or_owner and again under /badges/:repo_id_or_owner/:repo_name",
    remove: [
      { method: "GET", path: "/api/badges/{repo_id}/status.svg" },
      { method: "GET", path: "/api/badges/{repo_id}/cc.xml" },
    ],
    add: [
      { method: "GET", path: "/api/badges/{repo_id_or_owner}/status.svg" },
      { method: "GET", path: "/api/badges/{repo_id_or_owner}/cc.xml" },
      { method: "GET", path: "/api/badges/{repo_id_or_owner}/{repo_name}/status.svg" },
      { method: "GET", path: "/api/badges/{repo_id_or_owner}/{repo_name}/cc.xml" },
    ],
  },
];
// Not in the table: the web routes router.go mounts outside the API (/web-config.js, /logout,
// /authorize, /metrics, /swagger/*any when enabled), which the swagger does not describe either.

export const key = (r: Route) => `${r.method} ${r.path}`;

/** The swagger's routes as the router would mount them (basePath prepended), before corrections. */
export function swaggerRoutes(file = SWAGGER_FIXTURE): Route[] {
  const doc = JSON.parse(readFileSync(file, "utf8")) as { basePath: string; paths: Record<string, Record<string, unknown>> };
  const out: Route[] = [];
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const m of Object.keys(ops)) if (METHODS.includes(m)) out.push({ method: m.toUpperCase(), path: doc.basePath + p });
  }
  return out;
}

/** The released API: swagger routes with RELEASE_CORRECTIONS applied, sorted by path then method. */
export function releaseRoutes(file = SWAGGER_FIXTURE): Route[] {
  const table = new Map(swaggerRoutes(file).map((r) => [key(r), r]));
  for (const c of RELEASE_CORRECTIONS) {
    for (const r of c.remove) {
      if (!table.delete(key(r))) throw new Error(`release correction is stale: the swagger has no ${key(r)} (${c.why})`);
    }
    for (const r of c.add) {
      if (table.has(key(r))) throw new Error(`release correction is stale: the swagger already has ${key(r)} (${c.why})`);
      table.set(key(r), r);
    }
  }
  return [...table.values()].sort((a, b) => (a.path === b.path ? a.method.localeCompare(b.method) : a.path.localeCompare(b.path)));
}

/** A concrete path for a route: every `{param}` becomes `1` (a valid id, name and login alike). */
export const samplePath = (p: string) => p.replace(/\{[^}]+\}/g, "1");
