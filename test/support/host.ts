import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Drives the SDK's real dynamic-provider host (@pulumi/pulumi/cmd/dynamic-provider) over gRPC,
 * as the Pulumi engine does, with `__provider` texts serialized from the compiled package (vitest's
 * own module transform would change what gets serialized). Run `npm run build` first.
 */

export const repoRoot = path.resolve(__dirname, "../..");
const load = createRequire(path.join(repoRoot, "package.json"));
const sdkDir = path.dirname(load.resolve("@pulumi/pulumi/package.json"));
const fromSdk = (id: string) => load(load.resolve(id, { paths: [sdkDir] }));
const grpc = fromSdk("@grpc/grpc-js");
const { Struct } = fromSdk("google-protobuf/google/protobuf/struct_pb");
const rpc = load("@pulumi/pulumi/proto/provider_grpc_pb");
const pb = load("@pulumi/pulumi/proto/provider_pb");
const statusPb = load("@pulumi/pulumi/proto/status_pb");

/**
 * A Create or Update the provider reported as "created but not initialized" (the host packs the id
 * and properties into the gRPC status details). The engine keeps such a resource in state and
 * updates it at the next `up`; `partialOf` gives what it keeps.
 */
export function partialOf(error: unknown): { id: string; props: Props } | undefined {
  const raw = (error as { metadata?: { get(key: string): unknown[] } })?.metadata?.get?.("grpc-status-details-bin")?.[0];
  if (!raw) return undefined;
  const status = statusPb.Status.deserializeBinary(new Uint8Array(raw as Buffer));
  for (const detail of status.getDetailsList()) {
    if (!String(detail.getTypeUrl()).endsWith("pulumirpc.ErrorResourceInitFailed")) continue;
    const failed = pb.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
    return { id: failed.getId(), props: failed.getProperties()?.toJavaScript() ?? {} };
  }
  return undefined;
}

export const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
export type Props = Record<string, any>;

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

export interface Declared {
  type: string;
  name: string;
  /** Inputs as the SDK registers them: `__provider` included, secrets still wrapped. */
  inputs: Props;
}

/** Declares SDK resources under pulumi.runtime.setMocks and captures what the SDK would send the engine. */
export async function declare(build: (sdk: any, pulumi: any) => void): Promise<Declared[]> {
  const pulumi = load("@pulumi/pulumi");
  const captured: Declared[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args: any) => {
        captured.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: {} };
      },
      call: () => ({}),
    },
    "proj",
    "stack",
    false,
  );
  build(load(path.join(repoRoot, "dist/sdk/index.js")), pulumi);
  // Registration is asynchronous; wait until the SDK has settled.
  for (let i = 0; i < 200 && captured.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 50));
  return captured;
}

export interface Host {
  /** The host process id (for /proc/<pid>/status in benchmarks). */
  readonly pid: number;
  configure(config: Props): Promise<void>;
  check(urn: string, olds: Props, news: Props): Promise<{ inputs?: Props; failures: { property: string; reason: string }[] }>;
  diff(urn: string, id: string, olds: Props, news: Props): Promise<{ changes: "SOME" | "NONE" | "UNKNOWN"; replaces: string[]; deleteBeforeReplace: boolean }>;
  create(urn: string, props: Props): Promise<{ id: string; props: Props }>;
  read(urn: string, id: string, props: Props): Promise<{ id: string; props: Props }>;
  update(urn: string, id: string, olds: Props, news: Props): Promise<Props>;
  delete(urn: string, id: string, props: Props): Promise<void>;
  /** Everything the host process printed on stderr (for asserting the token never appears). */
  stderr(): string;
  close(): Promise<void>;
}

export const urnOf = (type: string, name: string) => `urn:pulumi:stack::proj::${type}::${name}`;

/**
 * A program directory as users have it: `node_modules/pulumi-woodpecker` is the installed package
 * (here a link to this checkout), which is where the host resolves the delegate's `require`.
 */
export function programDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "woodpecker-program-"));
  mkdirSync(path.join(dir, "node_modules"));
  symlinkSync(repoRoot, path.join(dir, "node_modules", "pulumi-woodpecker"), "dir");
  return dir;
}

/** Starts a host process the way the engine does, in a program directory. */
export async function startHost(cwd = programDir(), env: NodeJS.ProcessEnv = {}): Promise<Host> {
  const child: ChildProcess = spawn(process.execPath, [path.join(sdkDir, "cmd/dynamic-provider/index.js"), "127.0.0.1:1"], {
    cwd,
    env: { ...process.env, PULUMI_NODEJS_PROJECT: "proj", WOODPECKER_SERVER: "", WOODPECKER_TOKEN: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let errors = "";
  child.stderr!.on("data", (chunk) => (errors += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      const line = out.split("\n")[0];
      if (out.includes("\n") && line) resolve(Number(line.trim()));
    });
    child.once("exit", (code) => reject(new Error(`provider host exited with ${code}: ${errors}`)));
  });
  const client = new rpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = (method: string, request: unknown) =>
    new Promise<any>((resolve, reject) => client[method](request, (error: Error | null, response: unknown) => (error ? reject(error) : resolve(response))));
  const struct = (value: Props) => Struct.fromJavaScript(value);
  const changes = ["UNKNOWN", "NONE", "SOME"] as const;

  return {
    pid: child.pid!,
    async configure(config) {
      const request = new pb.ConfigureRequest();
      request.setArgs(struct(config));
      await call("configure", request);
    },
    async check(urn, olds, news) {
      const request = new pb.CheckRequest();
      request.setUrn(urn);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      const response = await call("check", request);
      const failures = response.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() }));
      return { inputs: response.getInputs()?.toJavaScript(), failures };
    },
    async diff(urn, id, olds, news) {
      const request = new pb.DiffRequest();
      request.setUrn(urn);
      request.setId(id);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      const response = await call("diff", request);
      return { changes: changes[response.getChanges()]!, replaces: response.getReplacesList(), deleteBeforeReplace: response.getDeletebeforereplace() };
    },
    async create(urn, props) {
      const request = new pb.CreateRequest();
      request.setUrn(urn);
      request.setProperties(struct(props));
      const response = await call("create", request);
      return { id: response.getId(), props: response.getProperties().toJavaScript() };
    },
    async read(urn, id, props) {
      const request = new pb.ReadRequest();
      request.setUrn(urn);
      request.setId(id);
      request.setProperties(struct(props));
      request.setInputs(struct(props));
      const response = await call("read", request);
      return { id: response.getId(), props: response.getProperties()?.toJavaScript() ?? {} };
    },
    async update(urn, id, olds, news) {
      const request = new pb.UpdateRequest();
      request.setUrn(urn);
      request.setId(id);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      const response = await call("update", request);
      return response.getProperties().toJavaScript();
    },
    async delete(urn, id, props) {
      const request = new pb.DeleteRequest();
      request.setUrn(urn);
      request.setId(id);
      request.setProperties(struct(props));
      await call("delete", request);
    },
    stderr: () => errors,
    async close() {
      client.close();
      child.kill();
    },
  };
}
