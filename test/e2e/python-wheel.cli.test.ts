// Python from the wheel alone, as a user installs it: `npm run release` (release-server.ts) builds the
// wheel, a fresh virtualenv in a temp folder outside the repository gets it with `pip install` (its
// dependencies as the wheel's metadata asks, from a local folder filled once from the package index,
// so later runs are offline), and a `runtime: python` program with NO `plugins:` block and an empty
// PULUMI_HOME runs under the real CLI: the CLI downloads the plugin archive from the loopback release
// server itself, `pulumi up` creates on the emulator, `pulumi destroy` removes it. No clone, no npm.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../emulator/index";
import { findOrBuildPulumi } from "../../scripts/e2e/pulumi-cli";
import { REPO_ROOT, runBuildScript } from "../../scripts/e2e/real-server";
import { ASSET, VERSION, installingCli, serveRelease, type InstallingCli, type ReleaseServer } from "./release-server";

const WHEEL = `pulumi_woodpecker-${VERSION}-py3-none-any.whl`;
const REQUIREMENTS = join(REPO_ROOT, "scripts", "python", "requirements.txt");

const PROGRAM = `import pulumi
import pulumi_woodpecker as woodpecker

secret = woodpecker.GlobalSecret(
    "wheel",
    name="wheel_" + pulumi.get_stack(),
    value=pulumi.Output.secret("from-the-wheel"),
    events=[woodpecker.WebhookEvent.PUSH],
)
pulumi.export("secretName", secret.name)
pulumi.export("login", woodpecker.get_current_user_output().login)
pulumi.export("sdkFile", woodpecker.__file__)
`;

/** A child process outside the repository: cwd in the temp folder, no PYTHONPATH. */
const runIn = (cwd: string, cmd: string, args: string[]) => {
  const env = { ...process.env };
  delete env.PYTHONPATH;
  return execFileSync(cmd, args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 10 * 60_000 });
};

/**
 * The wheel's dependencies (pulumi and what it pulls in, at the repository's pins), downloaded once
 * into the project's cache, keyed by the pins and the interpreter: a later run installs offline.
 */
function dependencyWheels(root: string, wheel: string): string {
  const python = runIn(root, "python3", ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"]).trim();
  const key = createHash("sha256").update(readFileSync(REQUIREMENTS)).update(python).digest("hex").slice(0, 16);
  const cache = join(process.env.PULUMI_WOODPECKER_CACHE ?? join(homedir(), ".cache", "pulumi-woodpecker"), `python-wheels-${key}`);
  if (!existsSync(join(cache, ".ready"))) {
    mkdirSync(cache, { recursive: true });
    runIn(root, "python3", ["-m", "pip", "download", "-q", "--dest", cache, "--constraint", REQUIREMENTS, wheel]);
    // only the dependencies: the package itself comes from the release under test
    for (const file of readdirSync(cache)) if (file.startsWith("pulumi_woodpecker-")) rmSync(join(cache, file));
    writeFileSync(join(cache, ".ready"), "");
  }
  return cache;
}

describe("Python from the release's wheel alone, outside the repository", () => {
  const root = mkdtempSync(join(tmpdir(), "python-wheel-"));
  const program = join(root, "program");
  const venv = join(root, "venv");
  const python = join(venv, "bin", "python");
  let server: ReleaseServer;
  let emu: Emulator;
  let cli: InstallingCli;
  let secretName: string;
  const api = async (path: string) => (await fetch(`${emu.url}/api${path}`, { headers: { Authorization: `Bearer ${emu.adminToken}` } })).json();

  beforeAll(async () => {
    server = await serveRelease(join(root, "release"), { targets: [ASSET.includes("arm64") ? "linux-arm64" : "linux-amd64"], python: true });
    const wheel = join(server.dir, WHEEL);
    const wheels = dependencyWheels(root, wheel);
    runIn(root, "python3", ["-m", "venv", venv]);
    runIn(root, python, ["-m", "pip", "install", "-q", "--no-index", "--find-links", wheels, wheel]);
    emu = await startEmulator({ port: 0, quiet: true });
    const hostBin = await runBuildScript("build-python-host.sh");
    // The cached Python language host (scripts/e2e/build-python-host.sh) is not bundled beside this
    // CLI as in a user's installation, so the CLI must find it on PATH: ambient plugins stay on, and
    // the test checks that PATH has no pulumi-resource-woodpecker. It takes the interpreter from
    // PULUMI_PYTHON_CMD: it cannot read Pulumi.yaml's `virtualenv` option from the 3.248 CLI.
    cli = installingCli(await findOrBuildPulumi(), "python-wheel", server, [hostBin], { PULUMI_PYTHON_CMD: python, PULUMI_IGNORE_AMBIENT_PLUGINS: "false" });
    mkdirSync(program);
    writeFileSync(join(program, "Pulumi.yaml"), "name: python-wheel\nruntime: python\n");
    writeFileSync(join(program, "__main__.py"), PROGRAM);
  }, 20 * 60_000);
  afterAll(async () => {
    await emu?.close();
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("the release holds the wheel and sdist, listed in SHA256SUMS", () => {
    const sums = readFileSync(join(server.dir, "SHA256SUMS"), "utf8");
    expect(sums).toContain(`  ${WHEEL}\n`);
    expect(sums).toContain(`  pulumi_woodpecker-${VERSION}.tar.gz\n`);
  });

  it("pip show and import find the installed wheel in the virtualenv, not the repository", () => {
    const show = runIn(root, python, ["-m", "pip", "show", "pulumi_woodpecker"]);
    expect(show).toMatch(new RegExp(`^Version: ${VERSION.replace(/\./g, "\\.")}$`, "m"));
    expect(show).toMatch(/^Requires: .*pulumi/m);
    expect(show).toContain(`Location: ${venv}/lib/`);
    const where = runIn(root, python, ["-c", "import pulumi_woodpecker, pulumi; print(pulumi_woodpecker.__file__); print(pulumi.__file__)"]);
    for (const file of where.trim().split("\n")) {
      expect(file.startsWith(`${venv}/lib/`), file).toBe(true);
      expect(file.startsWith(REPO_ROOT), file).toBe(false);
    }
    // the plugin the package asks the CLI for, and where from
    const pluginJson = JSON.parse(
      runIn(root, python, ["-c", "import importlib.resources as r; print(r.files('pulumi_woodpecker').joinpath('pulumi-plugin.json').read_text())"]),
    );
    expect(pluginJson).toEqual({ resource: true, name: "woodpecker", version: VERSION, server: "github://api.github.com/pulumi-woodpecker/pulumi-woodpecker" });
  });

  it("pulumi up with no plugins block and an empty PULUMI_HOME: the CLI downloads the plugin and the program creates on the server", async () => {
    await cli.run(["login", `file://${cli.ws.backendDir}`], program);
    await cli.run(["stack", "init", "wheel"], program);
    await cli.run(["config", "set", "woodpecker:server", emu.url], program);
    await cli.run(["config", "set", "--secret", "woodpecker:token", emu.adminToken], program);
    const pluginDir = join(cli.ws.home, "plugins", `resource-woodpecker-v${VERSION}`);
    expect(existsSync(pluginDir)).toBe(false);
    expect(cli.env.PATH!.split(":").filter((dir) => existsSync(join(dir, "pulumi-resource-woodpecker")))).toEqual([]);
    const before = server.requests.length;

    const { stdout } = await cli.run(["up", "--yes", "--skip-preview"], program);
    expect(stdout).toContain("woodpecker:index:GlobalSecret");
    expect(server.requests.slice(before)).toContain(`/${ASSET}`);
    expect(existsSync(join(pluginDir, "pulumi-resource-woodpecker"))).toBe(true);

    const outputs = JSON.parse((await cli.run(["stack", "output", "--json"], program)).stdout);
    secretName = outputs.secretName;
    expect(secretName).toBe("wheel_wheel");
    expect(outputs.sdkFile.startsWith(`${venv}/lib/`)).toBe(true);
    expect(outputs.login).toBe((await api("/user")).login);
    const onServer = (await api("/secrets")) as { name: string; events: string[] }[];
    expect(onServer.filter((s) => s.name === secretName).map((s) => s.events)).toEqual([["push"]]);
  });

  it("pulumi destroy removes what the program made", async () => {
    const { stdout } = await cli.run(["destroy", "--yes", "--skip-preview"], program);
    expect(stdout).toContain("woodpecker:index:GlobalSecret");
    const onServer = ((await api("/secrets")) ?? []) as { name: string }[];
    expect(onServer.map((s) => s.name)).not.toContain(secretName);
  });
});
