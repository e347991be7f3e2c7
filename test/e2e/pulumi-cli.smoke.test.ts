// Smoke tests of the REAL Pulumi CLI, offline: built from the Go module proxy by
// scripts/e2e/build-pulumi.sh (or found in the cache). A CLI that cannot be built FAILS here with the
// build log tail; nothing is skipped.
import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, rmSync, writeFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../scripts/e2e/real-server";
import { findOrBuildPulumi, preparePolicyPack, pulumiWorkspace, PulumiWorkspace } from "../../scripts/e2e/pulumi-cli";

describe("real Pulumi CLI, offline", () => {
  let ws: PulumiWorkspace;
  let project: string;

  beforeAll(async () => {
    ws = pulumiWorkspace(await findOrBuildPulumi());
    project = join(ws.home, "..", "project");
    mkdirSync(project, { recursive: true });
    symlinkSync(join(REPO_ROOT, "node_modules"), join(project, "node_modules"));
    writeFileSync(join(project, "Pulumi.yaml"), "name: e2e-smoke\nruntime: nodejs\n");
    writeFileSync(join(project, "package.json"), '{"name":"e2e-smoke","main":"index.js"}\n');
    writeFileSync(
      join(project, "index.js"),
      `const pulumi = require("@pulumi/pulumi");
const provider = {
  async create(inputs) { return { id: "thing-" + inputs.name, outs: { ...inputs, made: true } }; },
  async delete() {},
};
class Thing extends pulumi.dynamic.Resource {
  constructor(name, args, opts) { super(provider, name, { made: undefined, ...args }, opts); }
}
const t = new Thing("t1", { name: process.env.THING_NAME || "hello" });
exports.made = t.made;
exports.thingId = t.id;
`,
    );
  });

  it("`pulumi version` prints the stamped version", async () => {
    const { stdout } = await ws.run(["version"], project);
    expect(stdout.trim()).toMatch(/^v3\.\d+\.\d+/);
  });

  it("logs in to a file:// backend and inits a passphrase stack without network", async () => {
    await ws.run(["login", `file://${ws.backendDir}`], project);
    await ws.run(["stack", "init", "dev", "--non-interactive"], project);
    const { stdout } = await ws.run(["stack", "ls", "--json"], project);
    expect(JSON.parse(stdout).map((s: { name: string }) => s.name)).toContain("dev");
  });

  it("runs `pulumi up` and `destroy` of a dynamic-provider program through the language host", async () => {
    await ws.run(["up", "--yes", "--non-interactive", "--skip-preview", "--stack", "dev"], project);
    const { stdout } = await ws.run(["stack", "output", "--json", "--stack", "dev"], project);
    expect(JSON.parse(stdout)).toEqual({ made: true, thingId: "thing-hello" });
    await ws.run(["destroy", "--yes", "--non-interactive", "--skip-preview", "--stack", "dev"], project);
  });

  // kill -9 during a checkpoint write can cut off the file backend's metadata sidecar (it is truncated
  // and rewritten in place, while the checkpoint is renamed into place whole): the README's way out.
  it("a stack whose metadata sidecar is empty fails to load with EOF, and loads once the sidecar is deleted", async () => {
    const sidecar = join(ws.backendDir, ".pulumi/stacks/e2e-smoke/dev.json.attrs");
    writeFileSync(sidecar, "");
    await expect(ws.run(["stack", "export", "--stack", "dev"], project)).rejects.toThrow(/failed to load checkpoint: EOF/);
    rmSync(sidecar);
    const { stdout } = await ws.run(["stack", "export", "--stack", "dev"], project);
    expect(JSON.parse(stdout)).toMatchObject({ version: 3, deployment: { manifest: { version: "v3.248.0" } } });
  });

  it("logged in with ?metadata=skip, the file backend writes a checkpoint and no sidecar beside it", async () => {
    await ws.run(["login", `file://${ws.backendDir}?metadata=skip`], project);
    await ws.run(["up", "--yes", "--non-interactive", "--skip-preview", "--stack", "dev"], project);
    const stacks = join(ws.backendDir, ".pulumi/stacks/e2e-smoke");
    expect(existsSync(join(stacks, "dev.json"))).toBe(true);
    expect(existsSync(join(stacks, "dev.json.attrs"))).toBe(false);
    await ws.run(["destroy", "--yes", "--non-interactive", "--skip-preview", "--stack", "dev"], project);
    await ws.run(["login", `file://${ws.backendDir}`], project);
  });

  it("enforces a mandatory Node policy pack on preview", async () => {
    const pack = join(ws.home, "..", "policy");
    mkdirSync(pack, { recursive: true });
    writeFileSync(join(pack, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    writeFileSync(join(pack, "package.json"), '{"name":"e2e-policy","version":"0.0.1","main":"index.js"}\n');
    writeFileSync(
      join(pack, "index.js"),
      `const { PolicyPack } = require("@pulumi/policy");
new PolicyPack("e2e-policy", { policies: [{
  name: "no-forbidden-name", description: "no resource input named forbidden", enforcementLevel: "mandatory",
  validateResource: (args, report) => { if (args.props && args.props.name === "forbidden") report("name is forbidden"); },
}] });
`,
    );
    symlinkSync(join(REPO_ROOT, "node_modules"), join(pack, "node_modules"));
    const usable = preparePolicyPack(ws.binDir, pack);
    const preview = (name: string) => ws.run(["preview", "--non-interactive", "--stack", "dev", "--policy-pack", usable], project, { THING_NAME: name });
    await expect(preview("fine")).resolves.toBeDefined();
    await expect(preview("forbidden")).rejects.toThrow(/name is forbidden/);
  });
});
