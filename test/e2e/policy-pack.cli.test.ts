// The policy pack as users run it: `npm pack`, installed from the tarball into fresh program folders
// outside the repository, then `pulumi preview --policy-pack node_modules/pulumi-woodpecker/policy/legacy-host`
// by the REAL CLI against the emulator, with the launcher the package ships on PATH the way the README
// says (node_modules/.bin), for a dynamic-provider program (JavaScript) and a plugin program (YAML).
// Nothing from this checkout is on PATH or linked in: the CLI here pairs v3.248.0 with an older Node
// language host, the combination the shipped launcher is for (policy/README.md, "CLI and language host").
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/index";
import { findOrBuildPulumi, findOrBuildYamlLanguageHost, POLICY_LAUNCHER, pulumiWorkspace, type PulumiWorkspace } from "../../scripts/e2e/pulumi-cli";
import { REPO_ROOT } from "../../scripts/e2e/real-server";

const PACK = "node_modules/pulumi-woodpecker/policy/legacy-host";
const POLICY = "woodpecker-repository-fork-approval";
const pinned = (name: string) => `${name}@${JSON.parse(readFileSync(join(REPO_ROOT, "node_modules", name, "package.json"), "utf8")).version}`;

const dynamicProgram = `const pulumi = require("@pulumi/pulumi");
const woodpecker = require("pulumi-woodpecker");
const config = new pulumi.Config();
new woodpecker.Repository("web", { fullName: "acme/web", visibility: "public", requireApproval: config.require("approval") });
`;
const yamlProgram = `name: policy-yaml
runtime: yaml
plugins:
  providers:
    - name: woodpecker
      path: ./node_modules/pulumi-woodpecker/bin
config:
  approval:
    type: string
resources:
  web:
    type: woodpecker:index:Repository
    properties:
      fullName: acme/web
      visibility: public
      requireApproval: \${approval}
`;

describe("the policy pack installed from the tarball, started by the shipped launcher", () => {
  const root = mkdtempSync(join(tmpdir(), "policy-pack-"));
  let emu: Emulator;
  let ws: PulumiWorkspace;
  let yamlHost: string;
  let tarball: string;

  /** A program folder with the tarball, @pulumi/pulumi and @pulumi/policy installed, logged in, one stack. */
  async function project(name: string, files: Record<string, string>) {
    const dir = join(root, name);
    mkdirSync(dir);
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--silent", tarball, pinned("@pulumi/pulumi"), pinned("@pulumi/policy")], {
      cwd: dir,
      stdio: "pipe",
      timeout: 5 * 60_000,
    });
    // the README's PATH: the CLI, the YAML host, and the program's node_modules/.bin (the launcher); not the checkout's
    const env = { PATH: [ws.binDir, yamlHost, join(dir, "node_modules", ".bin"), process.env.PATH].join(":") };
    const run = (args: string[]) => ws.run([...args, "--non-interactive"], dir, env);
    await run(["login", `file://${ws.backendDir}`]);
    await run(["stack", "init", `policy-${name}`]);
    await run(["config", "set", "woodpecker:server", emu.url]);
    await run(["config", "set", "--secret", "woodpecker:token", emu.adminToken]);
    const preview = async (approval: string) => {
      await run(["config", "set", "approval", approval]);
      try {
        const { stdout, stderr } = await run(["preview", "--policy-pack", PACK]);
        return { ok: true, output: `${stdout}\n${stderr}` };
      } catch (err) {
        return { ok: false, output: (err as Error).message };
      }
    };
    return { dir, preview };
  }

  beforeAll(async () => {
    const name = execFileSync("npm", ["pack", "--silent", "--pack-destination", root], { cwd: REPO_ROOT, encoding: "utf8" }).trim().split("\n").pop()!;
    tarball = join(root, name);
    emu = await startEmulator({ port: 0, quiet: true });
    ws = pulumiWorkspace(await findOrBuildPulumi(), "policy-pack-passphrase");
    yamlHost = await findOrBuildYamlLanguageHost();
  });
  afterAll(async () => {
    await emu?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("the package ships the launcher as a bin and the legacy-host pack beside the pack", () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8"));
    expect(pkg.bin[POLICY_LAUNCHER]).toBe(`bin/${POLICY_LAUNCHER}`);
    const listed = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n");
    expect(listed).toEqual(
      expect.arrayContaining([`package/bin/${POLICY_LAUNCHER}`, "package/policy/legacy-host/PulumiPolicy.yaml", "package/policy/legacy-host/package.json"]),
    );
  });

  it("dynamic face (JavaScript): a public repository without approval fails preview, with approval it passes", async () => {
    const p = await project("dynamic", {
      "Pulumi.yaml": "name: policy-dynamic\nruntime: nodejs\n",
      "package.json": JSON.stringify({ name: "policy-dynamic", private: true, main: "index.js" }),
      "index.js": dynamicProgram,
    });
    const bad = await p.preview("none");
    expect(bad.ok, bad.output).toBe(false);
    expect(bad.output).toContain(`[mandatory]  ${POLICY}`);
    expect(bad.output).toContain('Repository "web" (public): requireApproval is "none"');
    expect(bad.output).not.toContain(emu.adminToken);
    const good = await p.preview("forks");
    expect(good.ok, good.output).toBe(true);
    expect(good.output).toMatch(/✅ pulumi-woodpecker@v0\.1\.0 \(local: node_modules\/pulumi-woodpecker\/policy\/legacy-host\)/);
    expect(good.output).not.toContain(POLICY);
  });

  it("plugin face (YAML): the same rule on woodpecker:index:Repository", async () => {
    const p = await project("yaml", { "Pulumi.yaml": yamlProgram, "package.json": JSON.stringify({ name: "policy-yaml", private: true }) });
    const bad = await p.preview("none");
    expect(bad.ok, bad.output).toBe(false);
    expect(bad.output).toContain(`[mandatory]  ${POLICY}  (woodpecker:index:Repository: web)`);
    const good = await p.preview("pull_requests");
    expect(good.ok, good.output).toBe(true);
    expect(good.output).not.toContain(POLICY);
  });
});
