// scripts/e2e/build-python-host.sh, run with the stand-in `go` (test/scripts/stub-go) and an empty
// cache in a temp dir: its phases, the exec shim copied from the module beside the host, the cached
// second run, and a clear failure.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const SCRIPT = resolve(__dirname, "..", "..", "scripts", "e2e", "build-python-host.sh");

let dir: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "build-python-host-test-"));
  symlinkSync(join(__dirname, "stub-go"), join(dir, "go"));
  const moduleDir = join(dir, "sdk-module");
  mkdirSync(join(moduleDir, "python", "cmd"), { recursive: true });
  writeFileSync(join(moduleDir, "python", "cmd", "pulumi-language-python-exec"), "#!/usr/bin/env python\n# the exec shim\n");
  env = {
    PATH: `${dir}:${process.env.PATH}`,
    PULUMI_WOODPECKER_CACHE: join(dir, "cache"),
    PULUMI_BUILD_HEARTBEAT: "1",
    STUB_GO_BUILD_SECONDS: "1.5",
    STUB_GO_MODULE_DIR: moduleDir,
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function build(extra: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile("bash", [SCRIPT], { env: { ...process.env, ...env, ...extra }, timeout: 30_000 }, (error, stdout, stderr) => {
      done({ status: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

describe("build-python-host.sh", () => {
  it("builds the host with its exec shim beside it, says each phase, then uses the cache", async () => {
    const bin = join(dir, "cache", "pulumi-language-python-v3.68.0", "bin");
    const first = await build();
    expect(first.status).toBe(0);
    expect(first.stdout.trim().split("\n").pop()).toBe(bin);
    const lines = first.stderr.trim().split("\n");
    expect(lines[1]).toBe(`build-python-host: log: ${join(dir, "cache", "pulumi-language-python-v3.68.0", "build.log")}`);
    const phases = lines.filter((l) => /^build-python-host: \[\d+s\] (?!\.\.\.)/.test(l)).map((l) => l.replace(/^build-python-host: \[\d+s\] /, ""));
    expect(phases).toEqual([
      "downloading modules (sdk/v3 v3.68.0)",
      "compiling the language host (go build)",
      `done: pulumi-language-python v3.68.0 is in ${bin}`,
    ]);
    expect(lines.some((l) => l.includes("... still compiling the language host"))).toBe(true);
    expect(existsSync(join(bin, "pulumi-language-python"))).toBe(true);
    expect(readFileSync(join(bin, "pulumi-language-python-exec"), "utf8")).toContain("the exec shim");
    expect(statSync(join(bin, "pulumi-language-python-exec")).mode & 0o111).not.toBe(0);

    const second = await build();
    expect(second.status).toBe(0);
    expect(second.stdout.trim()).toBe(bin);
    expect(second.stderr.trim()).toBe(`build-python-host: using the cached build of pulumi-language-python v3.68.0 in ${bin}`);
  });

  it("fails clearly when the module has no exec shim, and leaves no host behind", async () => {
    const failed = await build({ STUB_GO_MODULE_DIR: join(dir, "nowhere") });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/build-python-host: BUILD FAILED after \d+s: the module sdk\/v3 v3\.68\.0 has no python\/cmd\/pulumi-language-python-exec/);
    expect(existsSync(join(dir, "cache", "pulumi-language-python-v3.68.0", "bin", "pulumi-language-python"))).toBe(false);
  });

  it("a failed compile names the step and the log's last lines", async () => {
    const failed = await build({ STUB_GO_BUILD_EXIT: "1", STUB_GO_BUILD_SECONDS: "0" });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(
      /BUILD FAILED after \d+s: go build of github\.com\/pulumi\/pulumi\/sdk\/v3\/python\/cmd\/pulumi-language-python\. Last lines of/,
    );
    expect(failed.stderr).toContain("stub: compile error");
  });
});
