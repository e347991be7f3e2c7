/**
 * The command line is configured like the provider: the current Pulumi stack's `woodpecker:*`
 * config when run inside a Pulumi project (read with `pulumi config --json --show-secrets` when a
 * pulumi CLI is on PATH), then the environment (WOODPECKER_SERVER, WOODPECKER_TOKEN, …), resolved by
 * the provider's own resolveConfig.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { CONFIG_VARIABLES, type ConfigVariable } from "../provider/config.js";

export interface StackConfig {
  /** `woodpecker:<key>` → value, as resolveConfig takes it; empty outside a project or when unread. */
  values: Record<string, string>;
  /** The Pulumi project folder found from the working directory upwards. */
  projectDir?: string;
  /** Why the stack config could not be read, when inside a project. */
  problem?: string;
}

export function findProjectDir(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "Pulumi.yaml")) || existsSync(join(dir, "Pulumi.yml"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

export function readStackConfig(cwd: string, stack?: string, env: NodeJS.ProcessEnv = process.env): StackConfig {
  const projectDir = findProjectDir(cwd);
  if (!projectDir) return { values: {} };
  const args = ["config", "--json", "--show-secrets", ...(stack ? ["--stack", stack] : [])];
  const answer = spawnSync("pulumi", args, { cwd: projectDir, env, encoding: "utf8", timeout: 60_000 });
  if ((answer.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
    return { values: {}, projectDir, problem: `pulumi is not on PATH, so the stack config of ${projectDir} was not read` };
  }
  if (answer.error || answer.status !== 0) {
    const why =
      (answer.stderr || answer.error?.message || "")
        .trim()
        .split("\n")
        .find((line) => line.trim()) ?? `exit status ${answer.status}`;
    return { values: {}, projectDir, problem: `\`pulumi ${args.join(" ")}\` failed in ${projectDir}: ${why.replace(/^error:\s*/, "")}` };
  }
  let parsed: Record<string, { value?: unknown }>;
  try {
    parsed = JSON.parse(answer.stdout) as Record<string, { value?: unknown }>;
  } catch {
    return { values: {}, projectDir, problem: `\`pulumi ${args.join(" ")}\` did not print JSON` };
  }
  const values: Record<string, string> = {};
  for (const key of Object.keys(CONFIG_VARIABLES)) {
    const value = parsed[`woodpecker:${key}`]?.value;
    if (value !== undefined && value !== null && value !== "") values[`woodpecker:${key}`] = String(value);
  }
  return { values, projectDir };
}

/** Where a setting came from, for messages: the stack config key or the environment variable. */
export function sourceOf(key: keyof typeof CONFIG_VARIABLES, stack: StackConfig, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (stack.values[`woodpecker:${key}`] !== undefined) return `stack config woodpecker:${key}`;
  const envName = (CONFIG_VARIABLES[key] as ConfigVariable).env;
  return envName && env[envName] ? envName : undefined;
}
