// The package installed the way Pulumi users install providers, from the release artefacts only
// (`npm run release` into a temp folder, served over loopback HTTP like a GitHub release:
// release-server.ts):
//   - a TypeScript program per tsconfig users start from (the `pulumi new typescript` template's,
//     node16, bundler) installs the packed tarball, imports both faces, passes `tsc --noEmit` without
//     skipLibCheck, and `pulumi preview` runs it with NO `plugins:` block and an empty PULUMI_HOME: the
//     CLI downloads the plugin archive named by package.json's `pulumi.server` (redirected to the
//     loopback server with PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES, as a mirror would be);
//   - `pulumi plugin install resource woodpecker <version> --server <url>`;
//   - the plugin's launcher refuses a too-old Node in one line naming the minimum.
import { execFile, execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/index";
import { findOrBuildPulumi } from "../../scripts/e2e/pulumi-cli";
import { REPO_ROOT } from "../../scripts/e2e/real-server";
import { ASSET, PACKAGE as pkg, VERSION, installingCli, serveRelease, type ReleaseServer } from "./release-server";
import { installPacked } from "./install-packed";

/** tsconfigs users have; the first is exactly what `pulumi new typescript` writes. */
const TSCONFIGS: Record<string, { compilerOptions: Record<string, unknown>; esm?: boolean; typescript?: string }> = {
  // the template's package.json asks for TypeScript ^5 (TypeScript 6 refuses moduleResolution node)
  template: {
    typescript: "typescript@^5.0.0",
    compilerOptions: {
      strict: true,
      outDir: "bin",
      target: "es2020",
      module: "commonjs",
      moduleResolution: "node",
      sourceMap: true,
      experimentalDecorators: true,
      pretty: true,
      noFallthroughCasesInSwitch: true,
      noImplicitReturns: true,
      forceConsistentCasingInFileNames: true,
    },
  },
  node16: { compilerOptions: { strict: true, outDir: "bin", target: "es2022", module: "node16", moduleResolution: "node16" } },
  bundler: { compilerOptions: { strict: true, outDir: "bin", target: "es2022", module: "esnext", moduleResolution: "bundler" }, esm: true },
};

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as dynamic from "pulumi-woodpecker";
import * as plugin from "pulumi-woodpecker/plugin";

const stack = pulumi.getStack();
const config = new pulumi.Config("woodpecker");
// the dynamic provider's classes and functions
const viaDynamic = new dynamic.GlobalSecret("dynamic", { name: "dyn_" + stack, value: pulumi.secret("v"), events: ["push"] });
const dynamicUser: pulumi.Output<string> = dynamic.getCurrentUserOutput({}).login;
// the plugin's classes, functions and an explicit Provider
const viaPlugin = new plugin.GlobalSecret("plugin", { name: "plug_" + stack, value: pulumi.secret("v"), events: ["push"] });
const explicit = new plugin.Provider("explicit", { server: config.require("server"), token: config.requireSecret("token") });
new plugin.GlobalSecret("explicit", { name: "expl_" + stack, value: "v", events: ["push"] }, { provider: explicit });
const pluginUser: pulumi.Output<string> = plugin.getCurrentUserOutput({}).login;
export const names = [viaDynamic.name, viaPlugin.name];
export const users = [dynamicUser, pluginUser];
`;

describe("installed from the release artefacts, outside the repository", () => {
  const root = mkdtempSync(join(tmpdir(), "installed-"));
  const releaseDir = join(root, "release");
  let server: ReleaseServer;
  let emu: Emulator;
  let binDir: string;
  let tarball: string;

  beforeAll(async () => {
    server = await serveRelease(releaseDir, { targets: ["linux-amd64", "linux-arm64"], python: false });
    tarball = join(
      releaseDir,
      readdirSync(releaseDir).find((f) => f.endsWith(".tgz"))!,
    );
    emu = await startEmulator({ port: 0, quiet: true });
    binDir = await findOrBuildPulumi();
  });
  afterAll(async () => {
    await emu?.close();
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  const freshCli = (name: string) => installingCli(binDir, name, server);

  it("package.json names the plugin, its version and where it is downloaded from", () => {
    expect(pkg.pulumi).toEqual({ resource: true, name: "woodpecker", version: VERSION, server: "github://api.github.com/pulumi-woodpecker/pulumi-woodpecker" });
    expect(JSON.parse(readFileSync(join(REPO_ROOT, "schema.json"), "utf8")).pluginDownloadURL).toBe(pkg.pulumi.server);
  });

  it.each(Object.keys(TSCONFIGS))(
    "the %s tsconfig: tsc --noEmit passes on both faces, and pulumi preview installs the plugin itself",
    async (name) => {
      const { compilerOptions, esm, typescript } = TSCONFIGS[name]!;
      const program = join(root, name);
      mkdirSync(program);
      writeFileSync(join(program, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["index.ts"] }, null, 2));
      writeFileSync(join(program, "index.ts"), PROGRAM);
      // The bundler project is an ES module program: tsc compiles it and the CLI runs the JavaScript.
      writeFileSync(
        join(program, "package.json"),
        JSON.stringify({ name: `installed-${name}`, private: true, main: esm ? "bin/index.js" : "index.ts", ...(esm ? { type: "module" } : {}) }),
      );
      writeFileSync(join(program, "Pulumi.yaml"), `name: installed-${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: ${!esm}\n`);
      installPacked(program, tarball, typescript);

      const tsc = await new Promise<string>((done) =>
        execFile(join(program, "node_modules/.bin/tsc"), ["--noEmit", "-p", "."], { cwd: program }, (error, stdout) =>
          done(error ? stdout || error.message : ""),
        ),
      );
      expect(tsc, "tsc --noEmit").toBe("");
      if (esm) execFileSync(join(program, "node_modules/.bin/tsc"), ["-p", "."], { cwd: program });

      const cli = freshCli(name);
      await cli.run(["login", `file://${cli.ws.backendDir}`], program);
      await cli.run(["stack", "init", name], program);
      await cli.run(["config", "set", "woodpecker:server", emu.url], program);
      await cli.run(["config", "set", "--secret", "woodpecker:token", emu.adminToken], program);
      expect(existsSync(join(cli.ws.home, "plugins", `resource-woodpecker-v${VERSION}`))).toBe(false);
      const before = server.requests.length;
      const { stdout } = await cli.run(["preview", "--diff"], program);
      expect(stdout).toContain("+ woodpecker:index:GlobalSecret");
      expect(stdout).toContain("pulumi-nodejs:dynamic/woodpecker:GlobalSecret");
      expect(server.requests.slice(before)).toContain(`/${ASSET}`);
      expect(existsSync(join(cli.ws.home, "plugins", `resource-woodpecker-v${VERSION}`, "pulumi-resource-woodpecker"))).toBe(true);
    },
    15 * 60_000,
  );

  it("pulumi plugin install resource woodpecker <version> --server <url> installs the release archive", async () => {
    const cli = freshCli("install");
    await cli.run(["plugin", "install", "resource", "woodpecker", VERSION, "--server", server.url], root);
    expect((await cli.run(["plugin", "ls"], root)).stdout).toMatch(new RegExp(`woodpecker\\s+resource\\s+${VERSION.replace(/\./g, "\\.")}`));
  });

  it("the launcher in the archive needs Node 20 and says so in one line when node is older or missing", () => {
    const unpacked = join(root, "unpacked");
    mkdirSync(unpacked);
    execFileSync("tar", ["-xzf", join(releaseDir, ASSET), "-C", unpacked]);
    const fakeBin = join(root, "old-node");
    mkdirSync(fakeBin);
    writeFileSync(join(fakeBin, "node"), '#!/bin/sh\nif [ "$1" = "--version" ]; then echo v18.20.0; else echo 18; fi\n');
    chmodSync(join(fakeBin, "node"), 0o755);
    const start = (PATH: string) => {
      try {
        execFileSync(join(unpacked, "pulumi-resource-woodpecker"), [], { env: { PATH }, stdio: "pipe", timeout: 10_000 });
        return "started";
      } catch (error) {
        return String((error as { stderr: Buffer }).stderr);
      }
    };
    expect(start(`${fakeBin}:/usr/bin:/bin`)).toBe("pulumi-resource-woodpecker needs Node.js 20 or later on PATH; found: v18.20.0\n");
    expect(start("/nonexistent")).toBe("pulumi-resource-woodpecker needs Node.js 20 or later on PATH; found: no node\n");
  });
});
