// An older v3 release with the REAL Pulumi CLI: the emulator plays v3.10.0. A cron's `enabled`
// (v3.13.0) fails `pulumi preview`, naming the field and both versions, with nothing written; the
// same program without it goes up, with no warning about the server.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/index";
import { findOrBuildPulumi, pulumiWorkspace, type PulumiWorkspace } from "../../scripts/e2e/pulumi-cli";
import { REPO_ROOT } from "../../scripts/e2e/real-server";

describe("a server of an older v3 release, with the real CLI", () => {
  let emu: Emulator;
  let ws: PulumiWorkspace;
  let project: string;
  const pulumi = (...args: string[]) => ws.run([...args, "--stack", "dev", "--non-interactive"], project);
  const attempt = (...args: string[]) =>
    pulumi(...args).then(
      ({ stdout, stderr }) => ({ ok: true, output: `${stdout}\n${stderr}` }),
      (error: Error) => ({ ok: false, output: error.message }),
    );
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${emu.url}/__emulator/${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`control ${path}: ${response.status}`);
    return response.headers.get("content-type")?.includes("json") ? response.json() : undefined;
  };
  const writes = async () => ((await control("GET", "requests")) as { method: string; path: string }[]).filter((r) => r.method !== "GET");

  beforeAll(async () => {
    emu = await startEmulator();
    await control("POST", "options", { version: "3.10.0" });
    ws = pulumiWorkspace(await findOrBuildPulumi());
    project = mkdtempSync(join(tmpdir(), "woodpecker-older-"));
    mkdirSync(join(project, "node_modules"));
    symlinkSync(join(REPO_ROOT, "node_modules", "@pulumi"), join(project, "node_modules", "@pulumi"), "dir");
    symlinkSync(REPO_ROOT, join(project, "node_modules", "pulumi-woodpecker"), "dir");
    writeFileSync(join(project, "Pulumi.yaml"), "name: older\nruntime: nodejs\n");
    writeFileSync(join(project, "package.json"), '{"name":"older","main":"index.js"}\n');
    writeFileSync(
      join(project, "index.js"),
      `const pulumi = require("@pulumi/pulumi");
const woodpecker = require("pulumi-woodpecker");
const paused = new pulumi.Config().getBoolean("paused");
const repo = new woodpecker.Repository("api", { fullName: "acme/api" });
new woodpecker.RepositoryCron("nightly", { repositoryId: repo.repositoryId, name: "nightly", schedule: "0 3 * * *", ...(paused ? { enabled: false } : {}) });
`,
    );
    await ws.run(["login", `file://${ws.backendDir}`], project);
    await ws.run(["stack", "init", "dev", "--non-interactive"], project);
    await pulumi("config", "set", "woodpecker:server", emu.url);
    await pulumi("config", "set", "--secret", "woodpecker:token", emu.adminToken);
  });
  afterAll(async () => {
    await emu?.close();
  });

  it("fails the preview on an input the release lacks, naming it and both versions, and writes nothing", async () => {
    await pulumi("config", "set", "paused", "true");
    await control("DELETE", "requests");
    const { ok, output } = await attempt("preview");
    expect(ok, output).toBe(false);
    expect(output).toMatch(/enabled needs Woodpecker 3\.13\.0 or newer \(or a development build\); this server is 3\.10\.0/);
    expect(await writes()).toEqual([]);
  });

  it("runs the same program without it, and warns about nothing", async () => {
    await pulumi("config", "set", "paused", "false");
    const { ok, output } = await attempt("up", "--yes");
    expect(ok, output).toBe(true);
    expect(output).not.toMatch(/warning:|older than this provider supports/);
    const repo = ((await control("GET", "state")) as { repos: { id: number; full_name: string }[] }).repos.find((r) => r.full_name === "acme/api");
    const crons = (await control("GET", "state")) as { crons: { repo_id: number; name: string }[] };
    expect(crons.crons.filter((c) => c.repo_id === repo?.id).map((c) => c.name)).toEqual(["nightly"]);
  });
});
