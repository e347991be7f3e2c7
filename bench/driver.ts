/**
 * Shared pieces of the benchmark: an emulator in its own process (so it does not share an event
 * loop with the code being measured), its control API, a small engine over the real
 * dynamic-provider host, and a worker pool.
 *
 * Run through `node -r ts-node/register/transpile-only bench/run.ts` after `npm run build`:
 * compiled code comes from dist/, the gRPC host driver from test/support/host.ts (no relative
 * ".js" imports there, so ts-node loads it as is).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { MINIMAL_ARGS } from "../test/support/minimal-args";
import { EngineSteps, type Deployed } from "../test/support/engine";
import { declare, startHost, wrapSecret, type Host, type Props } from "../test/support/host";

export const root = path.resolve(__dirname, "..");
export type { Deployed, Host, Props };

export interface EmulatorProcess {
  url: string;
  adminToken: string;
  control<T = any>(method: string, route: string, body?: unknown): Promise<T>;
  requests(): Promise<{ method: string; path: string; query: string; status: number }[]>;
  clearRequests(): Promise<void>;
  close(): void;
}

/** `node dist/emulator/main.js --port 0` as a separate process; its first lines name the URL and token. */
export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "dist/emulator/main.js"), "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const { url, adminToken } = await new Promise<{ url: string; adminToken: string }>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      const url = /WOODPECKER_SERVER=(\S+)/.exec(out)?.[1];
      const adminToken = /WOODPECKER_TOKEN=(\S+)/.exec(out)?.[1];
      if (url && adminToken) resolve({ url, adminToken });
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const control = async (method: string, route: string, body?: unknown) => {
    const answer = await fetch(`${url}/__emulator/${route}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.text();
    if (answer.status >= 300) throw new Error(`emulator control ${method} ${route}: ${answer.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    url,
    adminToken,
    control,
    requests: () => control("GET", "requests"),
    clearRequests: () => control("DELETE", "requests"),
    close: () => child.kill(),
  };
}

/** The `__provider` text the SDK serializes for each kind (it differs only by the captured kind). */
export async function providerTexts(kinds: string[]): Promise<Record<string, string>> {
  const declared = await declare((sdk) => kinds.forEach((kind) => new sdk[kind](`p-${kind}`, MINIMAL_ARGS[kind])));
  return Object.fromEntries(kinds.map((kind) => [kind, declared.find((d) => d.name === `p-${kind}`)!.inputs.__provider as string]));
}

/**
 * The engine's steps over a fresh host, with inputs built from the precomputed `__provider` texts
 * (declaring every one of 1,000 resources under setMocks would measure the SDK, not the provider).
 */
export async function startEngine(
  emu: { url: string; adminToken: string },
  providers: Record<string, string>,
  extraConfig: Props = {},
  cwd?: string,
): Promise<EngineSteps> {
  const host = await startHost(cwd);
  await host.configure({ "woodpecker:server": emu.url, "woodpecker:token": wrapSecret(emu.adminToken), ...extraConfig });
  return new EngineSteps(host, (kind, _name, args) => ({ ...args, __provider: providers[kind] }));
}

/** Runs `work` over `items` with at most `concurrency` at once (as the engine's --parallel does). */
export async function pool<T, R>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Peak and current resident set of a process, in MiB, from /proc/<pid>/status. */
export function memoryOf(pid: number): { peakRssMiB: number; rssMiB: number } {
  const status = require("node:fs").readFileSync(`/proc/${pid}/status`, "utf8") as string;
  const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { peakRssMiB: round(kib("VmHWM") / 1024, 1), rssMiB: round(kib("VmRSS") / 1024, 1) };
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
