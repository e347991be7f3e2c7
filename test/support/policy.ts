import { createRequire } from "node:module";
import path from "node:path";
import type { Policies } from "@pulumi/policy";

/**
 * Test harness: runs policies through @pulumi/policy's own analyzer code in-process
 * (`makeAnalyzeRpcFun` / `makeAnalyzeStackRpcFun` from `@pulumi/policy/server`, fed with the
 * engine's protobuf messages), and builds the same messages for the out-of-process pack test.
 * Nothing here starts a server; the pack itself lives in index.ts.
 */

/** The package root. */
export const repoRoot = path.resolve(__dirname, "../..");

const load = createRequire(path.join(repoRoot, "package.json"));
export const sdkDir = path.dirname(load.resolve("@pulumi/pulumi/package.json"));
const policyDir = path.dirname(load.resolve("@pulumi/policy/package.json"));
/** Load from the SDK's own dependency tree, so message classes match the generated stubs. */
export const fromSdk = (id: string) => load(load.resolve(id, { paths: [sdkDir] }));
const fromPolicy = (id: string) => load(load.resolve(id, { paths: [policyDir] }));

export const grpc = fromSdk("@grpc/grpc-js");
const { Struct } = fromSdk("google-protobuf/google/protobuf/struct_pb");
export const apb = load("@pulumi/pulumi/proto/analyzer_pb");
export const analyzerRpc = load("@pulumi/pulumi/proto/analyzer_grpc_pb");
export const { Empty } = fromSdk("google-protobuf/google/protobuf/empty_pb");
const server = load("@pulumi/policy/server");

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_MARK = "1b47061264138c4ac30d75fd1eb44270";
/** A value as the engine sends a secret to analyzers: wrapped, with the plaintext inside. */
export const secret = (value: unknown) => ({ [SECRET_SIG]: SECRET_MARK, value });

export const typeOf = (kind: string) => (kind.includes(":") ? kind : `pulumi-nodejs:dynamic/woodpecker:${kind}`);
export const urnOf = (kind: string, name: string) => `urn:pulumi:dev::org-provisioning::${typeOf(kind)}::${name}`;

export interface Resource {
  kind: string;
  name: string;
  props: Record<string, unknown>;
  /** property name → names of resources (in the same request) the value came from */
  dependsOn?: Record<string, string[]>;
}

export interface Diagnostic {
  policyName: string;
  message: string;
  enforcementLevel: string;
  urn: string;
  policyPackName: string;
}

export interface Result {
  diagnostics: Diagnostic[];
  notApplicable: { policyName: string; reason: string }[];
}

const LEVELS = ["advisory", "mandatory", "disabled", "remediate"];
const LEVEL_CODES: Record<string, number> = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 };

export function analyzeRequest(r: Resource) {
  const req = new apb.AnalyzeRequest();
  req.setType(typeOf(r.kind));
  req.setName(r.name);
  req.setUrn(urnOf(r.kind, r.name));
  req.setProperties(Struct.fromJavaScript(r.props));
  req.setOptions(new apb.AnalyzerResourceOptions());
  return req;
}

export function analyzeStackRequest(resources: Resource[]) {
  const urns = new Map(resources.map((r) => [r.name, urnOf(r.kind, r.name)]));
  const req = new apb.AnalyzeStackRequest();
  for (const r of resources) {
    const res = new apb.AnalyzerResource();
    res.setType(typeOf(r.kind));
    res.setName(r.name);
    res.setUrn(urns.get(r.name));
    res.setProperties(Struct.fromJavaScript(r.props));
    res.setOptions(new apb.AnalyzerResourceOptions());
    const all: string[] = [];
    for (const [key, names] of Object.entries(r.dependsOn ?? {})) {
      const deps = new apb.AnalyzerPropertyDependencies();
      deps.setUrnsList(names.map((name) => urns.get(name)!));
      res.getPropertydependenciesMap().set(key, deps);
      all.push(...deps.getUrnsList());
    }
    res.setDependenciesList([...new Set(all)]);
    req.addResources(res);
  }
  return req;
}

export function configureRequest(config: Record<string, Record<string, unknown>>) {
  const req = new apb.ConfigureAnalyzerRequest();
  for (const [policy, { enforcementLevel, ...props }] of Object.entries(config)) {
    const pc = new apb.PolicyConfig();
    pc.setEnforcementlevel(LEVEL_CODES[String(enforcementLevel ?? "advisory")]);
    pc.setProperties(Struct.fromJavaScript(props));
    req.getPolicyconfigMap().set(policy, pc);
  }
  return req;
}

export function toResult(response: any): Result {
  return {
    diagnostics: response.getDiagnosticsList().map((d: any) => ({
      policyName: d.getPolicyname(),
      message: d.getMessage(),
      enforcementLevel: LEVELS[d.getEnforcementlevel()]!,
      urn: d.getUrn(),
      policyPackName: d.getPolicypackname(),
    })),
    notApplicable: response.getNotApplicableList().map((n: any) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
  };
}

/** The engine always sends a level; where the config names none, it is the policy's own. */
export function withLevels(config: Record<string, Record<string, unknown>>, policies: Policies, packLevel = "advisory") {
  return Object.fromEntries(
    Object.entries(config).map(([name, c]) => [
      name,
      { ...c, enforcementLevel: c.enforcementLevel ?? policies.find((p) => p.name === name)?.enforcementLevel ?? packLevel },
    ]),
  );
}

const rpc = (fn: (call: { request: unknown }, cb: (err: unknown, res: any) => void) => unknown, request: unknown) =>
  new Promise<any>((resolve, reject) => fn({ request }, (err, res) => (err ? reject(err) : resolve(res))));

/**
 * The analyzer's `configure` and `getAnalyzerInfo` handlers. @pulumi/policy keeps the policy config
 * in module state that only its (unexported) `configure` RPC sets, so the harness lets `serve()`
 * build the real handlers once per process while keeping it from binding a port.
 */
function packHandlers(name: string, version: string, policies: Policies): Record<string, any> {
  const key = Symbol.for("pulumi-woodpecker.policy-test.handlers");
  const cache = globalThis as unknown as Record<symbol, Record<string, any>>;
  if (cache[key]) return cache[key];
  const policyGrpc = fromPolicy("@grpc/grpc-js");
  const proto = policyGrpc.Server.prototype;
  const { addService, bindAsync } = proto;
  let handlers: Record<string, any> | undefined;
  proto.addService = function (_service: unknown, implementation: Record<string, any>) {
    handlers = implementation;
  };
  proto.bindAsync = function () {};
  try {
    server.serve(name, version, "advisory", { policies }, undefined);
  } finally {
    proto.addService = addService;
    proto.bindAsync = bindAsync;
  }
  if (!handlers) throw new Error("@pulumi/policy's serve() registered no analyzer service");
  cache[key] = handlers;
  return handlers;
}

/** In-process analyzer: the policies behind @pulumi/policy's own analyze/analyzeStack/configure code. */
export function inProcessAnalyzer(name: string, version: string, policies: Policies, packLevel = "advisory") {
  const analyzeFn = server.makeAnalyzeRpcFun(name, version, packLevel, policies);
  const analyzeStackFn = server.makeAnalyzeStackRpcFun(name, version, packLevel, policies);
  const handlers = packHandlers(name, version, policies);
  return {
    analyze: async (r: Resource): Promise<Result> => toResult(await rpc(analyzeFn, analyzeRequest(r))),
    analyzeStack: async (resources: Resource[]): Promise<Result> => toResult(await rpc(analyzeStackFn, analyzeStackRequest(resources))),
    /** Policy config as `--policy-pack-config` gives it: { policyName: { enforcementLevel?, ...properties } }. Replaces earlier config. */
    configure: async (config: Record<string, Record<string, unknown>>) => {
      await rpc(handlers.configure, configureRequest(withLevels(config, policies, packLevel)));
    },
    info: async () => rpc(handlers.getAnalyzerInfo, new Empty()),
  };
}
