// The progress output of scripts/e2e/build-pulumi.sh: the real script, run with a stand-in `go` on PATH
// (test/scripts/stub-go) and an empty cache in a temp dir, so a "build" takes seconds instead of minutes.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runBuildScript } from "../../scripts/e2e/real-server";

const ROOT = resolve(__dirname, "..", "..");
const SCRIPT = join(ROOT, "scripts", "e2e", "build-pulumi.sh");

let dir: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "build-pulumi-test-"));
  symlinkSync(join(__dirname, "stub-go"), join(dir, "go"));
  env = {
    PATH: `${dir}:${process.env.PATH}`,
    PULUMI_WOODPECKER_CACHE: join(dir, "cache"),
    PULUMI_BUILD_HEARTBEAT: "1",
    STUB_GO_BUILD_SECONDS: "2.5",
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function build(extra: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((done) => {
    execFile("bash", [SCRIPT], { env: { ...process.env, ...env, ...extra }, timeout: 30_000 }, (error, stdout, stderr) => {
      done({ status: error ? Number(error.code) : 0, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe("build-pulumi.sh progress", () => {
  it("a first build says what it does and how far it is: the log's path, each phase with elapsed time, heartbeats; a second run uses the cache at once", async () => {
    const bin = join(dir, "cache", "pulumi-v3.248.0", "bin");
    const first = await build();
    expect(first.status).toBe(0);
    expect(first.stdout.trim().split("\n").pop()).toBe(bin);
    const lines = first.stderr.trim().split("\n");
    expect(lines[0]).toBe(
      `build-pulumi: no cached build in ${bin}: building pulumi v3.248.0 and its Node.js language host from the Go module proxy, once (3-10 minutes; later runs start at once)`,
    );
    expect(lines[1]).toBe(`build-pulumi: log: ${join(dir, "cache", "pulumi-v3.248.0", "build.log")}`);
    expect(first.stderr).not.toMatch(/cached build of/);
    const phases = lines.filter((l) => /^build-pulumi: \[\d+(m\d\d)?s\] (?!\.\.\.)/.test(l)).map((l) => l.replace(/^build-pulumi: \[\d+(m\d\d)?s\] /, ""));
    expect(phases).toEqual([
      "downloading modules (pkg/v3 and sdk/v3 v3.248.0)",
      "compiling the CLI (go build)",
      "CLI compiled",
      "downloading modules of the fallback language host (sdk/v3 v3.68.0)",
      "compiling the fallback language host (go build)",
      `done: pulumi v3.248.0 is in ${bin}`,
    ]);
    // while go build runs (2.5 s per step here), a line every second with the elapsed time and the log's last line
    const heartbeats = lines.filter((l) => l.includes("... still compiling the CLI"));
    expect(heartbeats.length).toBeGreaterThanOrEqual(1);
    expect(heartbeats[0]).toMatch(
      /^build-pulumi: \[\d+s\] \.\.\. still compiling the CLI: log \S+, last line: github\.com\/pulumi\/pulumi\/pkg\/v3\/cmd\/pulumi\/internal\/compiled$/,
    );
    expect(lines.some((l) => l.includes("... still compiling the fallback language host"))).toBe(true);
    // no heartbeat outlives its phase
    const done = lines.findIndex((l) => l.includes("done: pulumi"));
    expect(lines.slice(done).some((l) => l.includes("... still"))).toBe(false);
    expect(existsSync(join(bin, "pulumi")) && existsSync(join(bin, "pulumi-language-nodejs"))).toBe(true);

    const second = await build();
    expect(second.status).toBe(0);
    expect(second.stdout.trim()).toBe(bin);
    expect(second.stderr.trim()).toBe(`build-pulumi: using the cached build of pulumi v3.248.0 in ${bin}`);
    expect(second.ms).toBeLessThan(2_000);
  });

  it("a failed step says so with the elapsed time and the log's last lines, and stops its heartbeat", async () => {
    const failed = await build({ STUB_GO_BUILD_EXIT: "1", STUB_GO_BUILD_SECONDS: "1.5" });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(
      /build-pulumi: BUILD FAILED after \d+s: go build of github\.com\/pulumi\/pulumi\/pkg\/v3\/cmd\/pulumi\. Last lines of .*build\.log:\n/,
    );
    expect(failed.stderr).toContain("stub: compile error");
    expect(failed.stderr.split("BUILD FAILED")[1]).not.toContain("... still");
  });

  it("runBuildScript (the demo's and the e2e tests' way in) passes the progress through while the build runs", async () => {
    const seen: Array<{ at: number; text: string }> = [];
    const progress = new PassThrough().on("data", (chunk: Buffer) => seen.push({ at: Date.now(), text: chunk.toString() }));
    const bin = await runBuildScript("build-pulumi.sh", env, progress);
    const finished = Date.now();
    expect(bin).toBe(join(dir, "cache", "pulumi-v3.248.0", "bin"));
    const heartbeat = seen.find((s) => s.text.includes("... still compiling the CLI"));
    expect(heartbeat).toBeDefined();
    expect(finished - heartbeat!.at).toBeGreaterThan(1_000); // shown during the build, not after it
  });
});
