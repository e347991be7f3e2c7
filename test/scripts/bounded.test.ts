// scripts/release/bounded.ts: every command of `npm run release` ends within its time limit, and a
// failure says which step failed and how, with the end of the command's stderr.
import { describe, expect, it } from "vitest";
import { bounded } from "../../scripts/release/bounded";

describe("bounded release steps", () => {
  it("returns the command's stdout", () => {
    expect(bounded("echo step", "sh", ["-c", "echo out; echo progress >&2"], { timeoutMs: 10_000 })).toBe("out\n");
  });

  it("runs in the given folder with the given environment", () => {
    expect(
      bounded("pwd step", "sh", ["-c", 'pwd; echo "$STEP_VALUE"'], { cwd: "/", env: { PATH: process.env.PATH, STEP_VALUE: "v1" }, timeoutMs: 10_000 }),
    ).toBe("/\nv1\n");
  });

  it("a hung command is killed at its limit, with a message naming the step and quoting its stderr", () => {
    const started = Date.now();
    // the grandchild keeps stdout open: the step still ends when the limit is reached
    expect(() => bounded("the hanging step", "sh", ["-c", "echo 'resolving setuptools' >&2; sleep 60 & sleep 60"], { timeoutMs: 1_000 })).toThrow(
      /^release: the hanging step did not finish within 1s and was killed: sh -c .*\nresolving setuptools$/s,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("a non-zero exit names the step and the exit code, and repeats the last lines of stderr", () => {
    const script = "for i in $(seq 1 30); do echo line$i >&2; done; exit 3";
    let message = "";
    try {
      bounded("the failing step", "sh", ["-c", script], { timeoutMs: 10_000 });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split("\n")[0]).toBe(`release: the failing step failed (exit 3): sh -c ${script}`);
    expect(message.split("\n").slice(1)).toEqual(Array.from({ length: 20 }, (_, i) => `line${i + 11}`));
  });

  it("a command killed by a signal says so", () => {
    expect(() => bounded("the killed step", "sh", ["-c", "kill -TERM $$"], { timeoutMs: 10_000 })).toThrow(
      "release: the killed step was killed by SIGTERM: sh -c kill -TERM $$",
    );
  });

  it("a command that does not exist names the step and the command", () => {
    expect(() => bounded("the missing step", "no-such-command-for-release", ["x"], { timeoutMs: 10_000 })).toThrow(
      /^release: the missing step could not run no-such-command-for-release x: .*ENOENT/,
    );
  });
});
