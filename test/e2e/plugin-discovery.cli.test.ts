// How the REAL Pulumi CLI finds the plugin offline, each way the README gives, with a one-resource
// program in a fresh folder: the plugin on PATH (npm's bin), the plugin cache after `pulumi plugin
// install --file <archive>` (an archive of npm run release), and neither (the CLI refuses, naming it).
// The examples use the third way, Pulumi.yaml's plugins.providers path.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/index";
import { findOrBuildPulumi, pulumiWorkspace, type PulumiWorkspace } from "../../scripts/e2e/pulumi-cli";
import { REPO_ROOT } from "../../scripts/e2e/real-server";
import { release } from "../../scripts/release/index";
import { summary } from "./example-stack";

const PROGRAM = `const pulumi = require("@pulumi/pulumi");
const woodpecker = require("pulumi-woodpecker/plugin");
new woodpecker.GlobalSecret("found", { name: "found_" + pulumi.getStack(), value: "v", events: ["push"] });
`;

describe("the CLI finds pulumi-resource-woodpecker offline", () => {
  const root = mkdtempSync(join(tmpdir(), "plugin-discovery-"));
  const program = join(root, "program");
  let emu: Emulator;
  let ws: PulumiWorkspace;
  const basePath = () =>
    ws.env
      .PATH!.split(":")
      .filter((dir) => dir !== join(REPO_ROOT, "bin"))
      .join(":");
  const run = async (stack: string, args: string[], env: NodeJS.ProcessEnv) =>
    (await ws.run([...args, "--stack", stack, "--non-interactive"], program, env)).stdout;
  const globalSecrets = async () =>
    (await (await fetch(`${emu.url}/api/secrets`, { headers: { Authorization: `Bearer ${emu.adminToken}` } })).json()).map((s: { name: string }) => s.name);

  beforeAll(async () => {
    mkdirSync(join(program, "node_modules", "@pulumi"), { recursive: true });
    symlinkSync(REPO_ROOT, join(program, "node_modules", "pulumi-woodpecker"), "dir");
    symlinkSync(join(REPO_ROOT, "node_modules", "@pulumi", "pulumi"), join(program, "node_modules", "@pulumi", "pulumi"), "dir");
    writeFileSync(join(program, "Pulumi.yaml"), "name: plugin-discovery\nruntime: nodejs\n");
    writeFileSync(join(program, "package.json"), JSON.stringify({ name: "plugin-discovery", private: true, main: "index.js" }));
    writeFileSync(join(program, "index.js"), PROGRAM);
    emu = await startEmulator({ port: 0, quiet: true });
    ws = pulumiWorkspace(await findOrBuildPulumi(), "discovery-passphrase");
    await ws.run(["login", `file://${ws.backendDir}`], program);
  });
  afterAll(async () => {
    await emu?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const stackFor = async (name: string) => {
    await ws.run(["stack", "init", name, "--non-interactive"], program);
    await run(name, ["config", "set", "woodpecker:server", emu.url], {});
    await run(name, ["config", "set", "--secret", "woodpecker:token", emu.adminToken], {});
    return name;
  };

  it("on PATH, as npm installs it (node_modules/.bin, here the package bin folder)", async () => {
    const stack = await stackFor("path");
    const env = { PATH: `${join(REPO_ROOT, "bin")}:${basePath()}` };
    expect(summary(await run(stack, ["up", "--yes", "--skip-preview"], env))).toMatchObject({ create: 2 });
    expect(await globalSecrets()).toContain("found_path");
    await run(stack, ["destroy", "--yes", "--skip-preview"], env);
    expect(await globalSecrets()).not.toContain("found_path");
  });

  it("in the plugin cache after pulumi plugin install --file with the archive npm run release makes", async () => {
    const arch = process.arch === "arm64" ? "arm64" : "amd64";
    const archive = release({ out: join(root, "archive"), targets: [`linux-${arch}`], python: false }).find((f) => f.endsWith(`-linux-${arch}.tar.gz`))!;
    const env = { PATH: basePath(), PULUMI_IGNORE_AMBIENT_PLUGINS: "true" };
    const version = (await import(join(REPO_ROOT, "package.json"))).version as string;
    await ws.run(["plugin", "install", "resource", "woodpecker", version, "--file", archive], program, env);
    expect((await ws.run(["plugin", "ls"], program, env)).stdout).toMatch(new RegExp(`woodpecker\\s+resource\\s+${version.replace(/\./g, "\\.")}`));
    const stack = await stackFor("cache");
    expect(summary(await run(stack, ["up", "--yes", "--skip-preview"], env))).toMatchObject({ create: 2 });
    expect(await globalSecrets()).toContain("found_cache");
    await run(stack, ["destroy", "--yes", "--skip-preview"], env);
    await ws.run(["plugin", "rm", "resource", "woodpecker", "--yes"], program, env);
  });

  it("nowhere: the CLI refuses and names the plugin it could not find", async () => {
    const stack = await stackFor("nowhere");
    const failed = await run(stack, ["preview"], { PATH: basePath(), PULUMI_IGNORE_AMBIENT_PLUGINS: "true" }).then(
      () => "",
      (error: Error) => error.message,
    );
    expect(failed).toMatch(/woodpecker/);
    expect(failed).toMatch(/plugin/i);
  });
});
