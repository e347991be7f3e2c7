/**
 * A release step that runs a child process with a time limit: a hung `pip` or `npm` fails the release
 * in minutes with the step's name, not when CI gives up on the whole job.
 */
import { spawnSync } from "node:child_process";

export interface BoundedOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** the child is killed (SIGKILL) after this long */
  timeoutMs: number;
}

/** How much of a failed step's stderr the error repeats. */
const STDERR_TAIL_LINES = 20;

/**
 * Runs `cmd args` for the step named `step`; returns its stdout. Its stderr is relayed once it ends
 * (captured so that a failure can quote it). Throws `release: <step> ...` when the command cannot
 * start, exits non-zero, is killed by a signal, or outlives `timeoutMs`.
 */
export function bounded(step: string, cmd: string, args: string[], opts: BoundedOptions): string {
  const command = [cmd, ...args].join(" ");
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd,
    env: opts.env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: opts.timeoutMs,
    killSignal: "SIGKILL",
    maxBuffer: 256 * 1024 * 1024,
  });
  const stderr = r.stderr ?? "";
  const tail = stderr.trimEnd().split("\n").slice(-STDERR_TAIL_LINES).join("\n");
  const quoted = tail ? `\n${tail}` : "";
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ETIMEDOUT") throw new Error(`release: ${step} did not finish within ${Math.round(opts.timeoutMs / 1000)}s and was killed: ${command}${quoted}`);
  if (r.error) throw new Error(`release: ${step} could not run ${command}: ${r.error.message}`);
  if (r.signal) throw new Error(`release: ${step} was killed by ${r.signal}: ${command}${quoted}`);
  if (r.status !== 0) throw new Error(`release: ${step} failed (exit ${r.status}): ${command}${quoted}`);
  if (stderr) process.stderr.write(stderr);
  return r.stdout;
}
