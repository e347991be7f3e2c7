// `npm run release`'s checks on bad input, before anything is packed: platforms the CLI does not
// download for, and a version somewhere that differs from package.json's.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/link-package";
import { cmdLauncher, shLauncher } from "../../scripts/release/launcher";
import { DEFAULT_TARGETS, archiveName, parseTargets } from "../../scripts/release/targets";
import { minimumNodeMajor, releaseVersion } from "../../scripts/release/versions";

const copyVersions = () => {
  const dir = mkdtempSync(join(tmpdir(), "release-versions-"));
  for (const file of ["package.json", "schema.json", "sdk/python/pyproject.toml", "sdk/python/pulumi_woodpecker/pulumi-plugin.json"]) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    cpSync(join(repoRoot, file), join(dir, file));
  }
  return dir;
};

describe("npm run release input checks", () => {
  it("names archives as the CLI requests them, for linux and darwin × amd64/arm64 and windows-amd64", () => {
    expect(parseTargets(DEFAULT_TARGETS).map((t) => archiveName("1.2.3", t))).toEqual([
      "pulumi-resource-woodpecker-v1.2.3-linux-amd64.tar.gz",
      "pulumi-resource-woodpecker-v1.2.3-linux-arm64.tar.gz",
      "pulumi-resource-woodpecker-v1.2.3-darwin-amd64.tar.gz",
      "pulumi-resource-woodpecker-v1.2.3-darwin-arm64.tar.gz",
      "pulumi-resource-woodpecker-v1.2.3-windows-amd64.tar.gz",
    ]);
  });

  it.each(["win32-amd64", "linux-x64", "linux", "freebsd-amd64", "linux-amd64-extra"])("refuses the platform %s", (name) => {
    expect(() => parseTargets([name])).toThrow(`release: unknown platform "${name}"`);
  });

  it("agrees with the repository: every generated version is package.json's", () => {
    expect(releaseVersion(repoRoot)).toBe(JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).version);
  });

  it("refuses a version in schema.json or the Python package that differs from package.json", () => {
    const dir = copyVersions();
    const schema = JSON.parse(readFileSync(join(dir, "schema.json"), "utf8"));
    writeFileSync(join(dir, "schema.json"), JSON.stringify({ ...schema, version: "9.9.9" }));
    expect(() => releaseVersion(dir)).toThrow('schema.json version is "9.9.9"');
    const other = copyVersions();
    const toml = join(other, "sdk/python/pyproject.toml");
    writeFileSync(toml, readFileSync(toml, "utf8").replace(/version = "[^"]+"/, 'version = "0.0.1"'));
    expect(() => releaseVersion(other)).toThrow('sdk/python/pyproject.toml version is "0.0.1"');
  });

  it("`npm run release -- --targets` with an unknown platform exits 1 with the message, writing nothing", () => {
    const out = join(mkdtempSync(join(tmpdir(), "release-out-")), "release");
    const r = spawnSync("node", ["-r", "ts-node/register/transpile-only", "scripts/release/index.ts", "--targets", "linux-amd64,win32-x64", "--out", out], {
      cwd: repoRoot,
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('release: unknown platform "win32-x64"');
    expect(() => execFileSync("ls", [out], { stdio: "pipe" })).toThrow();
  });

  it("`--tag` (what the release workflow passes) must be v<package.json version>", () => {
    const r = spawnSync(
      "node",
      ["-r", "ts-node/register/transpile-only", "scripts/release/index.ts", "--tag", "v0.0.0-wrong", "--out", join(tmpdir(), "never")],
      { cwd: repoRoot, encoding: "utf8" },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("release: tag v0.0.0-wrong does not match package.json version");
  });

  it("the release workflow runs npm run release with the pushed tag and publishes dist/release", () => {
    const workflow = readFileSync(join(repoRoot, ".github/workflows/release.yaml"), "utf8");
    expect(workflow).toContain('npm run release -- --tag "$GITHUB_REF_NAME"');
    expect(workflow).toContain('gh release create "$GITHUB_REF_NAME" dist/release/*');
    expect(workflow).toMatch(/tags:\s*\n\s*- "v\*"/);
  });

  it("launchers take the minimum Node from package.json engines", () => {
    const min = minimumNodeMajor(repoRoot);
    expect(JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).engines.node).toBe(`>=${min}`);
    expect(shLauncher(min)).toContain(`needs Node.js ${min} or later`);
    expect(cmdLauncher(min)).toContain(`if %major% LSS ${min} goto old`);
    // the shell launcher is valid sh
    const file = join(mkdtempSync(join(tmpdir(), "launcher-")), "l.sh");
    writeFileSync(file, shLauncher(min));
    expect(spawnSync("sh", ["-n", file]).status).toBe(0);
  });
});
