// One example program run by the REAL Pulumi CLI (file backend, passphrase, offline) against a fresh
// emulator: the stack is created in the example's own folder under a unique name, so it never meets
// another run's stack, and `dispose()` removes it and its Pulumi.<stack>.yaml.
import { existsSync, rmSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { randomBytes } from "node:crypto";
import { startEmulator, type Emulator } from "../../emulator/index";
import { findOrBuildPulumi, findOrBuildYamlLanguageHost, pulumiWorkspace, type PulumiWorkspace } from "../../scripts/e2e/pulumi-cli";
export { summary } from "../../scripts/e2e/pulumi-cli";
import { REPO_ROOT } from "../../scripts/e2e/real-server";
import { linkPackageInto } from "../../scripts/link-package";

export interface ExampleStack {
  dir: string;
  stack: string;
  ws: PulumiWorkspace;
  emu: Emulator;
  /** `pulumi <args> --stack <stack> --non-interactive`; resolves with stdout, rejects with all output */
  pulumi(...args: string[]): Promise<string>;
  /** like pulumi(), but resolves with stdout+stderr and the exit outcome instead of rejecting */
  attempt(...args: string[]): Promise<{ ok: boolean; output: string }>;
  /** the stack's state, as `pulumi stack export` prints it (secrets encrypted) */
  exportText(): Promise<string>;
  outputs(): Promise<Record<string, any>>;
  /** call the emulator's API as its admin */
  api(method: string, path: string, body?: unknown): Promise<any>;
  control(method: string, path: string, body?: unknown): Promise<any>;
  dispose(): Promise<void>;
}

export interface ExampleStackOptions {
  /** variables for every CLI command, on top of the offline workspace's (e.g. a language host's PATH) */
  env?: (base: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;
  /** put the YAML language host on PATH */
  yaml?: boolean;
}

/** `example` is a folder under examples/, or an absolute path to a project folder. */
export async function exampleStack(example: string, options: ExampleStackOptions = {}): Promise<ExampleStack> {
  const dir = isAbsolute(example) ? example : join(REPO_ROOT, "examples", example);
  const extra = options.yaml ? [await findOrBuildYamlLanguageHost()] : [];
  const ws = pulumiWorkspace(await findOrBuildPulumi(), `e2e-${randomBytes(6).toString("hex")}`, extra);
  if (options.env) Object.assign(ws.env, options.env(ws.env));
  const emu = await startEmulator({ port: 0, quiet: true });
  linkPackageInto(dir);
  const stack = `e2e-${process.pid}-${randomBytes(3).toString("hex")}`;
  const pulumi = async (...args: string[]) => (await ws.run([...args, "--stack", stack, "--non-interactive"], dir)).stdout;
  const attempt = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await ws.run([...args, "--stack", stack, "--non-interactive"], dir);
      return { ok: true, output: `${stdout}\n${stderr}` };
    } catch (err) {
      return { ok: false, output: (err as Error).message };
    }
  };
  const call = async (url: string, method: string, body: unknown, headers: Record<string, string>) => {
    const res = await fetch(url, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  await ws.run(["login", `file://${ws.backendDir}`], dir);
  await ws.run(["stack", "init", stack, "--non-interactive"], dir);
  await pulumi("config", "set", "woodpecker:server", emu.url);
  await pulumi("config", "set", "--secret", "woodpecker:token", emu.adminToken);

  return {
    dir,
    stack,
    ws,
    emu,
    pulumi,
    attempt,
    exportText: () => pulumi("stack", "export"),
    outputs: async () => JSON.parse(await pulumi("stack", "output", "--json")),
    api: (method, path, body) => call(`${emu.url}/api${path}`, method, body, { Authorization: `Bearer ${emu.adminToken}` }),
    control: (method, path, body) => call(`${emu.url}/__emulator/${path}`, method, body, {}),
    async dispose() {
      await ws.run(["stack", "rm", "--yes", "--force", stack, "--non-interactive"], dir).catch(() => undefined);
      const cfg = join(dir, `Pulumi.${stack}.yaml`);
      if (existsSync(cfg)) rmSync(cfg, { force: true });
      await emu.close();
      rmSync(dirname(ws.backendDir), { recursive: true, force: true });
    },
  };
}

/**
 * What `pulumi stack export` must never show: the API token anywhere, and each secret value in
 * plain text (it appears only as ciphertext). Returns the problems found.
 */
export function leaks(exported: string, token: string, secrets: string[]): string[] {
  const problems: string[] = [];
  if (exported.includes(token)) problems.push("the API token appears in the export");
  for (const part of token.split(".").slice(1)) if (part.length > 20 && exported.includes(part)) problems.push("a part of the API token appears in the export");
  for (const s of secrets) if (exported.includes(s)) problems.push(`secret value ${JSON.stringify(s)} appears in plain text`);
  return problems;
}
