// The package as users get it: `npm pack`, installed from the tarball into a fresh program folder
// (no links into this checkout), then the quickstart program run by the REAL Pulumi CLI against the
// emulator. Catches what only an installed copy shows: files left out of the package, exports that
// do not resolve, the provider host's `require("pulumi-woodpecker/provider")` from node_modules.
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index";
import type { PulumiWorkspace } from "../../scripts/e2e/pulumi-cli";
import { REPO_ROOT } from "../../scripts/e2e/real-server";
import { summary } from "./example-stack";
import { installPacked, packRepository, stackOnEmulator } from "./install-packed";

describe("the packed package, installed from its tarball", () => {
  const root = mkdtempSync(join(tmpdir(), "packed-"));
  const program = join(root, "program");
  const installed = join(program, "node_modules", "pulumi-woodpecker");
  let emu: Emulator;
  let ws: PulumiWorkspace;
  let pulumi: (...args: string[]) => Promise<string>;

  beforeAll(async () => {
    const tarball = packRepository(root);
    execFileSync("mkdir", ["-p", program]);
    writeFileSync(join(program, "package.json"), JSON.stringify({ name: "packed-test", private: true, main: "index.ts" }));
    for (const file of ["index.ts", "Pulumi.yaml"]) copyFileSync(join(REPO_ROOT, "examples/quickstart", file), join(program, file));
    installPacked(program, tarball);
    ({ emu, ws, pulumi } = await stackOnEmulator(program, "packed"));
  });
  afterAll(async () => {
    await emu?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("ships the runtime, the schema, the docs and the policy pack, and no test helpers", () => {
    for (const file of [
      "dist/sdk/index.js",
      "dist/provider/index.js",
      "dist/emulator/main.js",
      "dist/cli/main.js",
      "dist/inventory/read.js",
      "schema.json",
      "docs/README.md",
      "policy/PulumiPolicy.yaml",
    ]) {
      expect(existsSync(join(installed, file)), file).toBe(true);
    }
    const policyMain = JSON.parse(readFileSync(join(installed, "policy/package.json"), "utf8")).main;
    expect(existsSync(join(installed, "policy", policyMain))).toBe(true);
    expect(existsSync(join(installed, "dist/policy/testing.js"))).toBe(false);
    // no source maps pointing at sources the package does not ship
    expect(execFileSync("find", ["dist", "-name", "*.map"], { cwd: installed, encoding: "utf8" })).toBe("");
    expect(existsSync(join(installed, "dist/scripts"))).toBe(false);
  });

  it("`npx pulumi-woodpecker doctor` in the program reads the stack config through the CLI; the token is never printed", async () => {
    const env = { ...ws.env };
    delete env.WOODPECKER_SERVER;
    delete env.WOODPECKER_TOKEN;
    // asynchronous: the emulator answers from this process
    const doctor = (extra: NodeJS.ProcessEnv = {}, args: string[] = []) =>
      new Promise<{ status: number; stdout: string }>((done) =>
        execFile(
          "npx",
          ["--no-install", "pulumi-woodpecker", "doctor", "--json", ...args],
          { cwd: program, env: { ...env, ...extra }, timeout: 120_000 },
          (error, stdout) => done({ status: error ? Number(error.code) : 0, stdout }),
        ),
      );
    const ok = await doctor();
    const checks = JSON.parse(ok.stdout) as Array<{ id: string; status: string; detail: string }>;
    expect(checks.map((c) => c.status)).toEqual(Array(9).fill("ok"));
    expect(checks[0]!.detail).toBe(`server ${emu.url} from stack config woodpecker:server, token from stack config woodpecker:token`);
    expect(ok.stdout).not.toContain(emu.adminToken);
    expect(ok.status).toBe(0);

    // a stack whose secrets cannot be decrypted: said so, and the environment is not silently enough
    const locked = await doctor({ PULUMI_CONFIG_PASSPHRASE: "wrong" });
    const config = (JSON.parse(locked.stdout) as Array<{ id: string; status: string; fix: string }>)[0]!;
    expect(config).toMatchObject({ id: "config", status: "fail", fix: expect.stringContaining("`pulumi config --json --show-secrets` failed") });
    expect(locked.status).toBe(1);

    // --stack names another stack of the project
    const other = await doctor({}, ["--stack", "nope"]);
    expect((JSON.parse(other.stdout) as Array<{ fix: string }>)[0]!.fix).toContain("no stack named 'nope' found");
    expect(other.status).toBe(1);
  });

  it("`npx pulumi-woodpecker inventory` in the program reads the stack config and writes an import file", async () => {
    const env = { ...ws.env };
    delete env.WOODPECKER_SERVER;
    delete env.WOODPECKER_TOKEN;
    const result = await new Promise<{ status: number; stdout: string; stderr: string }>((done) =>
      execFile(
        "npx",
        ["--no-install", "pulumi-woodpecker", "inventory", "--format", "import", "--kinds", "User"],
        { cwd: program, env, timeout: 120_000 },
        (error, stdout, stderr) => done({ status: error ? Number(error.code) : 0, stdout, stderr }),
      ),
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain(`inventory: reading ${emu.url} as admin (instance admin)`);
    expect(JSON.parse(result.stdout).resources.map((r: { name: string }) => r.name)).toEqual(["user-admin", "user-alice"]);
    expect(result.stdout + result.stderr).not.toContain(emu.adminToken);
  });

  it("runs the quickstart: up creates six resources, destroy removes them, the token stays out of state", async () => {
    expect(summary(await pulumi("up", "--yes", "--skip-preview"))).toEqual({ create: 6 });
    const repo = await (await fetch(`${emu.url}/api/repos/lookup/acme/api`, { headers: { authorization: `Bearer ${emu.adminToken}` } })).json();
    expect(repo).toMatchObject({ active: true, visibility: "private" });
    expect(await pulumi("stack", "export")).not.toContain(emu.adminToken);
    expect(summary(await pulumi("destroy", "--yes", "--skip-preview"))).toEqual({ delete: 6 });
  });
});
