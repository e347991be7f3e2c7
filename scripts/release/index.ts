/**
 * `npm run release [-- --targets linux-amd64,...] [--out <folder>] [--tag v<version>] [--no-python]`: everything a release publishes,
 * into dist/release/ (by default):
 *   - the npm tarball `pulumi-woodpecker-<version>.tgz`;
 *   - plugin archives `pulumi-resource-woodpecker-v<version>-<os>-<arch>.tar.gz` (targets.ts), what the
 *     CLI downloads from package.json's `pulumi.server`: the plugin's runtime files (the package and
 *     its production dependencies, all JavaScript) and launchers (launcher.ts) that use the node on PATH;
 *   - the Python wheel and sdist of sdk/python (built with PyPA `build` in a cached virtualenv);
 *   - SHA256SUMS over all of them.
 * Fails before writing anything on an unknown platform or a version that differs from package.json.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "../link-package";
import { cmdLauncher, shLauncher } from "./launcher";
import { DEFAULT_TARGETS, archiveName, parseTargets } from "./targets";
import { minimumNodeMajor, releaseVersion } from "./versions";

const say = (text: string) => process.stderr.write(`release: ${text}\n`);
const run = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });

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
    const tgz = run("npm", ["pack", "--silent", "--pack-destination", out], repoRoot).trim().split("\n").pop()!;
    const files = [path.join(out, tgz)];

    const plugin = path.join(staging, "plugin");
    mkdirSync(plugin);
    say("installing the package with its production dependencies (from the npm registry or its cache)");
    writeFileSync(path.join(plugin, "package.json"), JSON.stringify({ name: "pulumi-resource-woodpecker", private: true }));
    run("npm", ["install", "--omit=dev", "--omit=optional", "--no-audit", "--no-fund", "--no-package-lock", "--silent", path.join(out, tgz)], plugin);
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
      execFileSync("tar", ["-czf", archive, "-C", plugin, ...entries]);
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

/** The wheel and sdist of sdk/python, with PyPA `build` from a virtualenv kept in the project's cache. */
function buildPython(out: string, version: string): string[] {
  const cache = process.env.PULUMI_WOODPECKER_CACHE ?? path.join(homedir(), ".cache", "pulumi-woodpecker");
  const venv = path.join(cache, "release-build-venv");
  const py = path.join(venv, "bin", "python");
  if (!existsSync(path.join(venv, ".ready"))) {
    say(`creating ${venv} with PyPA build`);
    execFileSync(process.env.PYTHON ?? "python3", ["-m", "venv", venv], { stdio: "inherit" });
    execFileSync(py, ["-m", "pip", "install", "-q", "--disable-pip-version-check", "build==1.2.2.post1"], { stdio: "inherit" });
    writeFileSync(path.join(venv, ".ready"), "");
  }
  const before = new Set(readdirSync(out));
  say("building the Python wheel and sdist");
  // a copy: build writes build/ and *.egg-info next to the sources
  const src = mkdtempSync(path.join(tmpdir(), "woodpecker-python-"));
  try {
    execFileSync("cp", ["-R", path.join(repoRoot, "sdk", "python", "."), src]);
    execFileSync(py, ["-m", "build", "--sdist", "--wheel", "--outdir", out, src], { stdio: ["ignore", "ignore", "inherit"] });
  } finally {
    rmSync(src, { recursive: true, force: true });
  }
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
