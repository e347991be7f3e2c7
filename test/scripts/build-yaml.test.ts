// scripts/e2e/build-yaml.sh (the Pulumi YAML language host): the real script, run with the stand-in
// `go` of test/scripts/stub-go and an empty cache in a temp dir, so a "build" takes seconds.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const SCRIPT = join(resolve(__dirname, "..", ".."), "scripts", "e2e", "build-yaml.sh");

let dir: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "build-yaml-test-"));
  symlinkSync(join(__dirname, "stub-go"), join(dir, "go"));
  env = { PATH: `${dir}:/usr/bin:/bin`, HOME: dir, PULUMI_WOODPECKER_CACHE: join(dir, "cache"), PULUMI_BUILD_HEARTBEAT: "1", STUB_GO_BUILD_SECONDS: "1.5" };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function build(extra: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile("bash", [SCRIPT], { env: { ...env, ...extra }, timeout: 30_000 }, (error, stdout, stderr) =>
      done({ status: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe("build-yaml.sh", () => {
  it("builds only the language host at the pinned version, says how far it is, and uses the cache the second time", async () => {
    const bin = join(dir, "cache", "pulumi-language-yaml-v1.25.0", "bin");
    const first = await build();
    expect(first.status).toBe(0);
    expect(first.stdout.trim().split("\n").pop()).toBe(bin);
    const lines = first.stderr.trim().split("\n");
    expect(lines[0]).toBe(
      `build-yaml: no cached build in ${bin}: building pulumi-language-yaml v1.25.0 from the Go module proxy, once (1-5 minutes; later runs start at once)`,
    );
    expect(lines[1]).toBe(`build-yaml: log: ${join(dir, "cache", "pulumi-language-yaml-v1.25.0", "build.log")}`);
    const phases = lines.filter((l) => /^build-yaml: \[\d+s\] (?!\.\.\.)/.test(l)).map((l) => l.replace(/^build-yaml: \[\d+s\] /, ""));
    expect(phases).toEqual([
      "downloading modules (github.com/pulumi/pulumi-yaml v1.25.0)",
      "compiling the language host (go build)",
      `done: pulumi-language-yaml v1.25.0 is in ${bin}`,
    ]);
    expect(
      lines.some((l) =>
        /\.\.\. still compiling the language host: log \S+, last line: github\.com\/pulumi\/pulumi-yaml\/cmd\/pulumi-language-yaml\/internal\/compiled$/.test(
          l,
        ),
      ),
    ).toBe(true);
    expect(existsSync(join(bin, "pulumi-language-yaml"))).toBe(true);

    const second = await build();
    expect([second.status, second.stdout.trim(), second.stderr.trim()]).toEqual([
      0,
      bin,
      `build-yaml: using the cached build of pulumi-language-yaml v1.25.0 in ${bin}`,
    ]);
  });

  it("a module the proxy refuses fails clearly, naming what was asked for, and installs nothing", async () => {
    const failed = await build({ STUB_GO_GET_EXIT: "1", PULUMI_YAML_VERSION: "1.99.0" });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(
      /build-yaml: BUILD FAILED after \d+s: go get github\.com\/pulumi\/pulumi-yaml\/cmd\/pulumi-language-yaml@v1\.99\.0 \(is the Go module proxy reachable, and does it serve github\.com\/pulumi\/pulumi-yaml v1\.99\.0\?\)\. Last lines of .*build\.log:\n/,
    );
    expect(failed.stderr).toContain("go: downloading");
    expect(existsSync(join(dir, "cache", "pulumi-language-yaml-v1.99.0", "bin", "pulumi-language-yaml"))).toBe(false);
  });

  it("without go on PATH it says so", async () => {
    rmSync(join(dir, "go"));
    const failed = await build();
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain(
      "build-yaml: go is not on PATH: install Go (1.24.7 or later, what pulumi-yaml v1.25.0 declares) to build the Pulumi YAML language host",
    );
  });
});
