import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { PLUGIN_BIN } from "../support/plugin.js";

/**
 * The engine starts the plugin in its own process group, so a CLI killed with -9 takes nothing with
 * it. Here a short-lived parent starts the plugin as the engine does and is killed with -9; the
 * plugin must notice and exit by itself.
 */

const BOUND_MS = 15_000;
let leftover: number | undefined;
afterEach(() => {
  if (leftover && running(leftover)) process.kill(leftover, "SIGKILL");
  leftover = undefined;
});

/** Alive and not a zombie (an exited process nobody has reaped yet is gone for this purpose). */
function running(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
}

const PARENT = `
const { spawn } = require("node:child_process");
const plugin = spawn(process.execPath, [process.argv[1], "127.0.0.1:1"], { detached: true, stdio: ["ignore", "pipe", "ignore"] });
plugin.stdout.once("data", () => process.stdout.write(plugin.pid + "\\n"));
setInterval(() => {}, 1000);
`;

describe("the plugin's lifetime", () => {
  it(
    "exits when the process that started it is killed with -9",
    async () => {
      const parent = spawn(process.execPath, ["-e", PARENT, PLUGIN_BIN], {
        stdio: ["ignore", "pipe", "inherit"],
        env: { ...process.env, WOODPECKER_SERVER: "", WOODPECKER_TOKEN: "" },
      });
      const pid = await new Promise<number>((resolve, reject) => {
        parent.stdout.once("data", (chunk) => resolve(Number(String(chunk).trim())));
        parent.once("exit", (code) => reject(new Error(`parent exited with ${code}`)));
      });
      leftover = pid;
      expect(running(pid)).toBe(true);
      parent.kill("SIGKILL");
      const started = Date.now();
      while (running(pid) && Date.now() - started < BOUND_MS) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(running(pid), `plugin ${pid} still running ${BOUND_MS} ms after its parent was killed`).toBe(false);
      console.log(`plugin gone ${Date.now() - started} ms after its parent was killed`);
    },
    BOUND_MS + 10_000,
  );
});
