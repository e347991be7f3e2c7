import { mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { load, partialOf, pb, providerClient, repoRoot, SECRET_SIG, sdkDir, spawnProvider, stripSecrets, struct, wrapSecret, type Props } from "./grpc"; // no ".js": bench/ loads this file through ts-node

export { partialOf, repoRoot, SECRET_SIG, stripSecrets, wrapSecret, type Props };

/**
 * Drives the SDK's real dynamic-provider host (@pulumi/pulumi/cmd/dynamic-provider) over gRPC,
 * as the Pulumi engine does, with `__provider` texts serialized from the compiled package (vitest's
 * own module transform would change what gets serialized). Run `npm run build` first.
 */

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
  const { child, port, stderr } = await spawnProvider(process.execPath, [path.join(sdkDir, "cmd/dynamic-provider/index.js"), "127.0.0.1:1"], {
    cwd,
    env: { ...process.env, PULUMI_NODEJS_PROJECT: "proj", WOODPECKER_SERVER: "", WOODPECKER_TOKEN: "", ...env },
  });
  const client = providerClient(port);
  const call = client.call;
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
    stderr,
    async close() {
      client.close();
      child.kill();
    },
  };
}
