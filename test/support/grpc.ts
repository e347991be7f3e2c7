import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

/**
 * What tests need to talk to a Pulumi resource provider over gRPC as the engine does: the SDK's
 * generated stubs, a spawner that reads the port from the provider's stdout, and a client.
 * Shared by the dynamic host driver (host.ts) and the native plugin driver (plugin.ts).
 */

export const repoRoot = path.resolve(__dirname, "../..");
export const load = createRequire(path.join(repoRoot, "package.json"));
export const sdkDir = path.dirname(load.resolve("@pulumi/pulumi/package.json"));
const fromSdk = (id: string) => load(load.resolve(id, { paths: [sdkDir] }));
export const grpc = fromSdk("@grpc/grpc-js");
export const { Struct } = fromSdk("google-protobuf/google/protobuf/struct_pb");
export const { Empty } = fromSdk("google-protobuf/google/protobuf/empty_pb");
export const rpc = load("@pulumi/pulumi/proto/provider_grpc_pb");
export const pb = load("@pulumi/pulumi/proto/provider_pb");
export const pluginPb = load("@pulumi/pulumi/proto/plugin_pb");
const statusPb = load("@pulumi/pulumi/proto/status_pb");

export type Props = Record<string, any>;
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * A Create or Update the provider reported as "created but not initialized" (the id and properties
 * packed into the gRPC status details). The engine keeps such a resource in state and updates it
 * at the next `up`; `partialOf` gives what it keeps.
 */
export function partialOf(error: unknown): { id: string; props: Props; inputs?: Props } | undefined {
  const raw = (error as { metadata?: { get(key: string): unknown[] } })?.metadata?.get?.("grpc-status-details-bin")?.[0];
  if (!raw) return undefined;
  const status = statusPb.Status.deserializeBinary(new Uint8Array(raw as Buffer));
  for (const detail of status.getDetailsList()) {
    if (!String(detail.getTypeUrl()).endsWith("pulumirpc.ErrorResourceInitFailed")) continue;
    const failed = pb.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
    return { id: failed.getId(), props: failed.getProperties()?.toJavaScript() ?? {}, inputs: failed.getInputs()?.toJavaScript() };
  }
  return undefined;
}

export interface Spawned {
  child: ChildProcess;
  port: number;
  /** Everything the process printed on stderr. */
  stderr(): string;
}

/** Starts a provider process as the engine does (engine address last) and reads its port from the first line of stdout. */
export async function spawnProvider(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Spawned> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  let errors = "";
  child.stderr!.on("data", (chunk) => (errors += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      const line = out.split("\n")[0];
      if (out.includes("\n") && line) resolve(Number(line.trim()));
    });
    child.once("exit", (code) => reject(new Error(`provider ${path.basename(command)} exited with ${code}: ${errors}`)));
  });
  return { child, port, stderr: () => errors };
}

/** A ResourceProvider client on a loopback port: `call(method, request)` resolves with the response. */
export function providerClient(port: number) {
  const client = new rpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = (method: string, request: unknown) =>
    new Promise<any>((resolve, reject) => client[method](request, (error: Error | null, response: unknown) => (error ? reject(error) : resolve(response))));
  return { call, close: () => client.close() };
}

/** A value as the engine sends a secret to a provider that accepts secrets. */
export function wrapSecret(value: unknown) {
  return { [SECRET_SIG]: SECRET_VALUE, value };
}

/** The engine strips secret wrappers before calling a provider that does not accept secrets. */
export function stripSecrets(value: any): any {
  if (Array.isArray(value)) return value.map(stripSecrets);
  if (value && typeof value === "object") {
    if (value[SECRET_SIG] === SECRET_VALUE) return stripSecrets(value.value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripSecrets(v)]));
  }
  return value;
}

/** A Struct as the engine builds it: undefined values are absent. */
export const struct = (value: Props) => Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
