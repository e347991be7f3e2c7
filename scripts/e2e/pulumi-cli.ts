/**
 * Run the REAL Pulumi CLI (built by scripts/e2e/build-pulumi.sh) offline: file:// backend,
 * passphrase secrets, no update check, no plugin downloads, an isolated PULUMI_HOME.
 */
import { execFile } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { REPO_ROOT, runBuildScript } from "./real-server";

export async function findOrBuildPulumi(): Promise<string> {
  const binDir = process.env.PULUMI_E2E_BIN_DIR || (await runBuildScript("build-pulumi.sh"));
  bundleDynamicProviderPlugin(binDir);
  return binDir;
}

/**
 * The CLI's release archives ship `pulumi-resource-pulumi-nodejs` (the dynamic providers' plugin, a
 * shell script that runs @pulumi/pulumi's dynamic-provider from the program's node_modules) next to
 * `pulumi`, and the CLI looks for it there (workspace.IsPluginBundled), also when PATH does not have
 * it. The build from the module proxy makes only the binaries: put the SDK's copy of the script
 * beside them, as a user's installation has it.
 */
function bundleDynamicProviderPlugin(binDir: string): void {
  const target = join(binDir, "pulumi-resource-pulumi-nodejs");
  if (!existsSync(target)) cpSync(join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "pulumi-resource-pulumi-nodejs"), target);
  chmodSync(target, 0o755);
}

/** The bin dir of the Pulumi YAML language host (`pulumi-language-yaml`), built by scripts/e2e/build-yaml.sh on first use. */
export async function findOrBuildYamlLanguageHost(): Promise<string> {
  if (process.env.PULUMI_E2E_YAML_BIN_DIR) return process.env.PULUMI_E2E_YAML_BIN_DIR;
  return runBuildScript("build-yaml.sh");
}

export interface PulumiWorkspace {
  binDir: string;
  home: string;
  backendDir: string;
  env: NodeJS.ProcessEnv;
  /** run `pulumi <args>` in cwd; rejects with stdout+stderr on a non-zero exit */
  run(args: string[], cwd: string, extraEnv?: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }>;
}

/** `extraBinDirs` go on PATH after the CLI's, e.g. the YAML language host's (findOrBuildYamlLanguageHost). */
export function pulumiWorkspace(binDir: string, passphrase = "e2e-passphrase", extraBinDirs: string[] = []): PulumiWorkspace {
  const root = mkdtempSync(join(tmpdir(), "pulumi-e2e-"));
  const home = join(root, "home");
  const backendDir = join(root, "state");
  // the file:// (DIY) backend does not create its folder: `pulumi login` fails with "stat ...: no such file"
  mkdirSync(backendDir, { recursive: true });
  mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // the CLI with its bundled plugins (the language host, pulumi-resource-pulumi-nodejs) first, then
    // the package's policy-pack launcher alone (see preparePolicyPack; not bin/, whose plugin would be ambient)
    PATH: [binDir, ...extraBinDirs, policyLauncherDir(root), process.env.PATH].join(":"),
    PULUMI_HOME: home,
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_DISABLE_REGISTRY_RESOLVE: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    NO_COLOR: "1",
  };
  delete env.PULUMI_ACCESS_TOKEN;
  delete env.PULUMI_BACKEND_URL;
  const run = (args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}) =>
    new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(join(binDir, "pulumi"), args, { cwd, env: { ...env, ...extraEnv }, maxBuffer: 32 * 1024 * 1024, timeout: 5 * 60_000 }, (err, stdout, stderr) => {
        if (err) reject(new Error(`pulumi ${args.join(" ")} failed: ${err.message}\n${stdout}\n${stderr}`));
        else resolve({ stdout, stderr });
      });
    });
  return { binDir, home, backendDir, env, run };
}

/** The "Resources:" summary of an up/preview/destroy, e.g. { create: 6 } or { update: 1, replace: 1, same: 4 }. */
export function summary(output: string): Record<string, number> {
  const out: Record<string, number> = {};
  const block = output.split(/\nResources:\n/)[1] ?? "";
  for (const line of block.split("\n")) {
    const unchanged = /^\s+\d+ changes?\. (\d+) unchanged$/.exec(line);
    if (unchanged) out.same = Number(unchanged[1]);
    const m = /^\s+(?:[+~-]|\+-)?\s*(\d+) (to create|created|to update|updated|to delete|deleted|to replace|replaced|unchanged)$/.exec(line);
    if (!m) {
      if (line.trim() === "" && Object.keys(out).length) break;
      continue;
    }
    const key = {
      "to create": "create",
      created: "create",
      "to update": "update",
      updated: "update",
      "to delete": "delete",
      deleted: "delete",
      "to replace": "replace",
      replaced: "replace",
      unchanged: "same",
    }[m[2]]!;
    out[key] = Number(m[1]);
  }
  return out;
}

/** true when bin/LANGUAGE_HOST says the fallback (sdk/v3 v3.68.0) language host was built */
export function usesFallbackLanguageHost(binDir: string): boolean {
  const f = join(binDir, "LANGUAGE_HOST");
  return existsSync(f) && readFileSync(f, "utf8").includes("fallback");
}

/** The package's launcher for the legacy-host pack (bin/pulumi-analyzer-policy-woodpecker-nodejs), alone in a folder for PATH. */
export const POLICY_LAUNCHER = "pulumi-analyzer-policy-woodpecker-nodejs";
function policyLauncherDir(root: string): string {
  const dir = join(root, "policy-launcher");
  mkdirSync(dir, { recursive: true });
  symlinkSync(join(REPO_ROOT, "bin", POLICY_LAUNCHER), join(dir, POLICY_LAUNCHER));
  return dir;
}

/**
 * Give the CLI a policy pack it can start. With the real current language host the pack is used as is.
 * With the fallback host (no RunPlugin), the engine must start it through the package's launcher
 * (policy/README.md, "CLI and language host"): our own pack has its shipped `legacy-host/` folder; any
 * other pack is copied (node_modules symlinked) to a temp folder with `runtime: woodpecker-nodejs`.
 */
export function preparePolicyPack(binDir: string, packDir: string): string {
  if (!usesFallbackLanguageHost(binDir)) return packDir;
  const shipped = join(packDir, "legacy-host");
  if (existsSync(join(shipped, "PulumiPolicy.yaml"))) return shipped;
  const copy = mkdtempSync(join(tmpdir(), "policy-pack-e2e-"));
  cpSync(packDir, copy, { recursive: true, filter: (src) => !src.split("/").includes("node_modules") });
  const nm = join(packDir, "node_modules");
  symlinkSync(existsSync(nm) ? nm : join(REPO_ROOT, "node_modules"), join(copy, "node_modules"));
  const yamlPath = join(copy, "PulumiPolicy.yaml");
  const yaml = readFileSync(yamlPath, "utf8");
  const runtime = /^(runtime:[ \t]*(?:\r?\n[ \t]+name:[ \t]*)?)nodejs[ \t]*$/m;
  if (!runtime.test(yaml)) throw new Error(`preparePolicyPack: expected a nodejs runtime in ${join(packDir, "PulumiPolicy.yaml")}`);
  writeFileSync(yamlPath, yaml.replace(runtime, "$1woodpecker-nodejs"));
  // A `main` that points outside the pack must stay pointing at the same file from the copy.
  const pkgPath = join(copy, "package.json");
  if (existsSync(pkgPath)) {
    const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { main?: string };
    if (pkg.main && !isAbsolute(pkg.main) && !existsSync(join(copy, pkg.main))) {
      pkg.main = resolve(packDir, pkg.main);
      writeFileSync(pkgPath, JSON.stringify(pkg, null, 2) + "\n");
    }
  }
  return copy;
}

/**
 * What a Python program needs with the CLI: the Python language host (built by build-python-host.sh)
 * first on PATH, and PULUMI_PYTHON_CMD naming the interpreter of the repository's environment
 * (scripts/python/venv.sh: pulumi and the SDK from ./sdk/python). The host built here (sdk/v3 v3.68.0)
 * does not see Pulumi.yaml's `virtualenv` option with this CLI, so the interpreter is named instead.
 */
export async function pythonProgramEnv(): Promise<(base: NodeJS.ProcessEnv) => NodeJS.ProcessEnv> {
  const hostBin = await runBuildScript("build-python-host.sh");
  const python = await runBuildScript("../python/venv.sh");
  return (base) => ({ PATH: [hostBin, base.PATH].join(":"), PULUMI_PYTHON_CMD: python });
}
