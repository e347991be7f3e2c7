import path from "node:path";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { pluginTypeToken } from "../../provider/engine/spec.js";
import { EmulatorFixture } from "./emulator.js";
import { Empty, pb, pluginPb, providerClient, repoRoot, spawnProvider, struct, wrapSecret, type Props } from "./grpc.js";

/**
 * Drives the built native plugin (bin/pulumi-resource-woodpecker → dist/provider/plugin) over gRPC
 * as the Pulumi engine does: spawned with an engine address, port read from its stdout, resources
 * named by URNs of type `woodpecker:index:<Kind>`. Run `npm run build` first.
 */

export const PLUGIN_BIN = path.join(repoRoot, "bin/pulumi-resource-woodpecker");
export const tokenOf = pluginTypeToken;
export const urnOf = (kind: string, name = "r") => `urn:pulumi:stack::proj::${tokenOf(kind)}::${name}`;
const CHANGES = ["UNKNOWN", "NONE", "SOME"] as const;
const KINDS = ["ADD", "ADD_REPLACE", "DELETE", "DELETE_REPLACE", "UPDATE", "UPDATE_REPLACE"] as const;

export interface Failure {
  property: string;
  reason: string;
}

export interface DiffAnswer {
  changes: (typeof CHANGES)[number];
  diffs: string[];
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Property → ADD, UPDATE, UPDATE_REPLACE, … */
  detailed: Record<string, string>;
}

export async function startPlugin(env: NodeJS.ProcessEnv = {}, engineAddress = "127.0.0.1:1") {
  const spawned = await spawnProvider(PLUGIN_BIN, [engineAddress], { env: { ...process.env, WOODPECKER_SERVER: "", WOODPECKER_TOKEN: "", ...env } });
  const { call, close } = providerClient(spawned.port);
  const failures = (response: any): Failure[] => response.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() }));
  const diffAnswer = (response: any): DiffAnswer => ({
    changes: CHANGES[response.getChanges()]!,
    diffs: response.getDiffsList(),
    replaces: response.getReplacesList(),
    deleteBeforeReplace: response.getDeletebeforereplace(),
    detailed: Object.fromEntries(
      response
        .getDetaileddiffMap()
        .toArray()
        .map(([key, value]: [string, any]) => [key, KINDS[value[0] ?? 0]]),
    ),
  });
  const diffRequest = (urn: string, id: string, olds: Props, news: Props, ignoreChanges: string[] = []) => {
    const request = new pb.DiffRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setOlds(struct(olds));
    request.setOldInputs(struct(olds));
    request.setNews(struct(news));
    request.setIgnorechangesList(ignoreChanges);
    return request;
  };

  return {
    pid: spawned.child.pid!,
    stderr: spawned.stderr,
    call,
    async pluginInfo(): Promise<string> {
      return (await call("getPluginInfo", new Empty())).getVersion();
    },
    async schema(): Promise<string> {
      return (await call("getSchema", new pb.GetSchemaRequest())).getSchema();
    },
    async checkConfig(news: Props): Promise<{ inputs: Props; failures: Failure[] }> {
      const request = new pb.CheckRequest();
      request.setUrn("urn:pulumi:stack::proj::pulumi:providers:woodpecker::default");
      request.setOlds(struct({}));
      request.setNews(struct(news));
      const response = await call("checkConfig", request);
      return { inputs: response.getInputs()?.toJavaScript() ?? {}, failures: failures(response) };
    },
    async diffConfig(olds: Props, news: Props): Promise<DiffAnswer> {
      return diffAnswer(await call("diffConfig", diffRequest("urn:pulumi:stack::proj::pulumi:providers:woodpecker::default", "id", olds, news)));
    },
    /** Provider inputs as args, or stack config as `woodpecker:config:<key>` variables. */
    async configure(config: { args?: Props; variables?: Record<string, string> }): Promise<{ acceptSecrets: boolean; supportsPreview: boolean }> {
      const request = new pb.ConfigureRequest();
      if (config.args) request.setArgs(struct(config.args));
      for (const [key, value] of Object.entries(config.variables ?? {})) request.getVariablesMap().set(key, value);
      request.setAcceptsecrets(true);
      const response = await call("configure", request);
      return { acceptSecrets: response.getAcceptsecrets(), supportsPreview: response.getSupportspreview() };
    },
    async check(kind: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: Failure[] }> {
      const request = new pb.CheckRequest();
      request.setUrn(urnOf(kind));
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      const response = await call("check", request);
      return { inputs: response.getInputs()?.toJavaScript() ?? {}, failures: failures(response) };
    },
    async diff(kind: string, id: string, olds: Props, news: Props, ignoreChanges?: string[]): Promise<DiffAnswer> {
      return diffAnswer(await call("diff", diffRequest(urnOf(kind), id, olds, news, ignoreChanges)));
    },
    async create(kind: string, props: Props, preview = false): Promise<{ id: string; props: Props }> {
      const request = new pb.CreateRequest();
      request.setUrn(urnOf(kind));
      request.setProperties(struct(props));
      request.setPreview(preview);
      const response = await call("create", request);
      return { id: response.getId(), props: response.getProperties()?.toJavaScript() ?? {} };
    },
    /** Refresh (with properties and inputs) or import (with the ID alone). */
    async read(kind: string, id: string, props: Props = {}, inputs: Props = {}): Promise<{ id: string; props: Props; inputs: Props }> {
      const request = new pb.ReadRequest();
      request.setUrn(urnOf(kind));
      request.setId(id);
      request.setProperties(struct(props));
      request.setInputs(struct(inputs));
      const response = await call("read", request);
      return { id: response.getId(), props: response.getProperties()?.toJavaScript() ?? {}, inputs: response.getInputs()?.toJavaScript() ?? {} };
    },
    async update(kind: string, id: string, olds: Props, news: Props, preview = false): Promise<Props> {
      const request = new pb.UpdateRequest();
      request.setUrn(urnOf(kind));
      request.setId(id);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      request.setPreview(preview);
      return (await call("update", request)).getProperties()?.toJavaScript() ?? {};
    },
    async delete(kind: string, id: string, props: Props): Promise<void> {
      const request = new pb.DeleteRequest();
      request.setUrn(urnOf(kind));
      request.setId(id);
      request.setProperties(struct(props));
      await call("delete", request);
    },
    async invoke(name: string, args: Props): Promise<{ result: Props; failures: Failure[] }> {
      const request = new pb.InvokeRequest();
      request.setTok(tokenOf(name));
      request.setArgs(struct(args));
      const response = await call("invoke", request);
      return { result: response.getReturn()?.toJavaScript() ?? {}, failures: failures(response) };
    },
    async attach(address: string): Promise<void> {
      const request = new pluginPb.PluginAttach();
      request.setAddress(address);
      await call("attach", request);
    },
    async close() {
      close();
      spawned.child.kill();
    },
  };
}

export type Plugin = Awaited<ReturnType<typeof startPlugin>>;

/** What a gRPC error says (the engine shows `details`). */
export const messageOf = (error: unknown) => String((error as { details?: string }).details ?? (error as Error).message ?? error);

/**
 * The usual plugin test-file set-up: one emulator and one plugin configured as its admin, the
 * emulator reset before each test. Both start in beforeAll; what is returned forwards to them.
 */
export function usePlugin(): { emu: EmulatorFixture; plugin: Plugin } {
  const fixture = {} as { emu: EmulatorFixture; plugin: Plugin };
  beforeAll(async () => {
    fixture.emu = await EmulatorFixture.start();
    fixture.plugin = await startPlugin();
    await fixture.plugin.configure({ args: { server: fixture.emu.url, token: wrapSecret(fixture.emu.emulator.adminToken), retries: "0" } });
  });
  afterAll(async () => {
    await fixture.plugin?.close();
    await fixture.emu?.close();
  });
  beforeEach(() => fixture.emu.reset());
  const late = <T extends object>(get: () => T): T => new Proxy({} as T, { get: (_, key) => Reflect.get(get(), key) });
  return { emu: late(() => fixture.emu), plugin: late(() => fixture.plugin) };
}
