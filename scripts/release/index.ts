/**
 * `npm run release [-- --targets linux-amd64,...] [--out <folder>] [--tag v<version>] [--no-python]`: everything a release publishes,
 * into dist/release/ (by default):
 *   - the npm tarball `pulumi-woodpecker-<version>.tgz`;
 *   - plugin archives `pulumi-resource-woodpecker-v<version>-<os>-<arch>.tar.gz` (targets.ts), what the
 *     CLI downloads from package.json's `pulumi.server`: the plugin's runtime files (the package and
 *     its production dependencies, all JavaScript) and launchers (launcher.ts) that use the node on PATH;
 *   - the Python wheel and sdist of sdk/python (scripts/python/build-dist.py, with the setuptools pinned
 *     in the repository's .venv: no download while building, the same bytes for the same sources);
 *   - SHA256SUMS over all of them.
 * Fails before writing anything on an unknown platform or a version that differs from package.json.
 * Every command runs under a time limit (bounded.ts) and a failure names its step.
 */
import { createHash } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "../link-package";
import { bounded } from "./bounded";
import { cmdLauncher, shLauncher } from "./launcher";
import { DEFAULT_TARGETS, archiveName, parseTargets } from "./targets";
import { minimumNodeMajor, releaseVersion } from "./versions";

const say = (text: string) => process.stderr.write(`release: ${text}\n`);
const MINUTE = 60_000;

export interface ReleaseOptions {
  out?: string;
  targets?: string[];
  /** the git tag being released (CI): must be `v<package.json version>` */
  tag?: string;
  /** false skips the Python wheel and sdist (the plugin-only tests) */
  python?: boolean;
}

/** Builds the release; returns the files written (absolute paths). */
export function release(opts: ReleaseOptions = {}): string[] {
  const version = releaseVersion(repoRoot);
  if (opts.tag !== undefined && opts.tag !== `v${version}`)
    throw new Error(`release: tag ${opts.tag} does not match package.json version ${version} (expected v${version})`);
  const targets = parseTargets(opts.targets ?? DEFAULT_TARGETS);
  const minNode = minimumNodeMajor(repoRoot);
  const out = opts.out ?? path.join(repoRoot, "dist", "release");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const staging = mkdtempSync(path.join(tmpdir(), "woodpecker-release-"));
  try {
    say(`packing pulumi-woodpecker ${version}`);
    const tgz = bounded("npm pack", "npm", ["pack", "--silent", "--pack-destination", out], { cwd: repoRoot, timeoutMs: 5 * MINUTE })
      .trim()
      .split("\n")
      .pop()!;
    const files = [path.join(out, tgz)];

    const plugin = path.join(staging, "plugin");
    mkdirSync(plugin);
    say("installing the package with its production dependencies (from the npm registry or its cache)");
    writeFileSync(path.join(plugin, "package.json"), JSON.stringify({ name: "pulumi-resource-woodpecker", private: true }));
    const install = ["install", "--omit=dev", "--omit=optional", "--no-audit", "--no-fund", "--no-package-lock", "--silent", path.join(out, tgz)];
    bounded("npm install of the plugin's runtime files", "npm", install, { cwd: plugin, timeoutMs: 10 * MINUTE });
    // The plugin runs dist/provider only; what else the package ships is for programs, not the plugin.
    const pkg = path.join(plugin, "node_modules", "pulumi-woodpecker");
    for (const unused of ["docs", "sdk", "policy", "README.md", "dist/sdk", "dist/policy", "dist/emulator", "dist/cli", "dist/inventory"])
      rmSync(path.join(pkg, unused), { recursive: true, force: true });
    writeFileSync(path.join(plugin, "pulumi-resource-woodpecker"), shLauncher(minNode));
    chmodSync(path.join(plugin, "pulumi-resource-woodpecker"), 0o755);
    for (const t of targets) {
      const entries = ["node_modules", "package.json", t.os === "windows" ? "pulumi-resource-woodpecker.cmd" : "pulumi-resource-woodpecker"];
      if (t.os === "windows") writeFileSync(path.join(plugin, "pulumi-resource-woodpecker.cmd"), cmdLauncher(minNode));
      const archive = path.join(out, archiveName(version, t));
      bounded(`the ${t.os}-${t.arch} plugin archive`, "tar", ["-czf", archive, "-C", plugin, ...entries], { timeoutMs: 5 * MINUTE });
      files.push(archive);
    }

    if (opts.python !== false) files.push(...buildPython(out, version));

    const sums = files.map((f) => `${createHash("sha256").update(readFileSync(f)).digest("hex")}  ${path.basename(f)}`).join("\n");
    writeFileSync(path.join(out, "SHA256SUMS"), `${sums}\n`);
    files.push(path.join(out, "SHA256SUMS"));
    for (const f of files) say(`wrote ${path.relative(process.cwd(), f)} (${readFileSync(f).length} bytes)`);
    return files;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The wheel and sdist of sdk/python, built by scripts/python/build-dist.py in the repository's .venv. */
function buildPython(out: string, version: string): string[] {
  say("preparing the Python environment (scripts/python/venv.sh: a download only when its pins changed)");
  const venv = bounded("scripts/python/venv.sh", "bash", [path.join(repoRoot, "scripts", "python", "venv.sh")], { timeoutMs: 15 * MINUTE });
  const python = venv.trim().split("\n").pop()!;
  say("building the Python wheel and sdist");
  const before = new Set(readdirSync(out));
  // no index: the build must not download, and a try to would fail at once rather than hang
  const env = { ...process.env, PIP_NO_INDEX: "1" };
  bounded("the Python wheel and sdist (scripts/python/build-dist.py)", python, [path.join(repoRoot, "scripts", "python", "build-dist.py"), out], {
    env,
    timeoutMs: 5 * MINUTE,
  });
  const built = readdirSync(out).filter((f) => !before.has(f));
  const expected = [`pulumi_woodpecker-${version}-py3-none-any.whl`, `pulumi_woodpecker-${version}.tar.gz`];
  for (const name of expected) if (!built.includes(name)) throw new Error(`release: the Python build wrote ${built.join(", ")}, not ${name}`);
  return expected.map((name) => path.join(out, name));
}

function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  try {
    release({
      out: argValue(args, "--out") && path.resolve(argValue(args, "--out")!),
      targets: argValue(args, "--targets")?.split(","),
      tag: argValue(args, "--tag"),
      python: !args.includes("--no-python"),
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
