import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/provider_pb";
import { PluginAttach, PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import { Status } from "@pulumi/pulumi/proto/status_pb";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import type { Empty as EmptyMessage } from "google-protobuf/google/protobuf/empty_pb";
import { isDeepStrictEqual } from "node:util";
import type { WoodpeckerClient } from "../client/client.js";
import { clientFor, type ProviderConfig } from "../config.js";
import { check, create, diff, importById, read, remove, update } from "../engine/operations.js";
import { versionForCheck } from "../engine/versions.js";
import { entrySecrets, wrapEntrySecrets } from "../engine/sets.js";
import { PLUGIN_PACKAGE, pluginTypeToken, type Context, type ResourceSpec } from "../engine/spec.js";
import { FunctionArgumentError, functionFor, invoke } from "../functions/index.js";
import { specFor } from "../resources/index.js";
import { CONFIG_KEYS, configFailures, fromVariables, isSecretConfig, settingsFrom } from "./config.js";
import { engineWarner } from "./log.js";
import { fromStruct, resolveOutputs, secret, toStruct, UNKNOWN, type Props } from "./marshal.js";

// Responses of type Empty must be instances of the SDK's own google-protobuf class (its generated
// service checks instanceof), and a program's @pulumi/pulumi of another version nests its own copy.
const { Empty } = createRequire(require.resolve("@pulumi/pulumi/package.json"))(
  "google-protobuf/google/protobuf/empty_pb",
) as typeof import("google-protobuf/google/protobuf/empty_pb");
type Empty = EmptyMessage;

/**
 * The native face: Pulumi's ResourceProvider gRPC service for the package `woodpecker`, running
 * the same specs through the same engine as the dynamic face. Resource tokens are
 * `woodpecker:index:<Kind>`, function tokens `woodpecker:index:<functionName>`. The service is
 * built on the SDK's generated stubs because the SDK's own provider server (3.248) neither passes
 * the configuration on nor answers CheckConfig/DiffConfig.
 */

/** The package root: schema.json and package.json sit there (this file runs from dist/provider/plugin). */
const ROOT = path.resolve(__dirname, "../../..");

type Handler<Req, Res> = (request: Req) => Promise<Res> | Res;

/** The token `woodpecker:index:<Name>` of a URN's type (the last type of a parent chain). */
function nameOfToken(token: string, what: string): string {
  const [pkg, module, name] = token.split(":");
  if (pkg !== PLUGIN_PACKAGE || module !== "index" || !name)
    throw new Error(`unknown ${what} ${JSON.stringify(token)}: this provider serves ${pluginTypeToken("<Name>")}`);
  return name;
}

function specOfUrn(urn: string): ResourceSpec {
  const type = urn.split("::")[2]?.split("$").pop() ?? "";
  return specFor(nameOfToken(type, "resource type"));
}

/**
 * Keys stored as Pulumi secrets: the spec's secret fields, and any key the program made secret. A
 * set's map is not one secret: its entries' secret fields are (see `structOf`), so previews name each entry.
 */
const secretKeys =
  (spec: ResourceSpec, ...given: Set<string>[]) =>
  (key: string) =>
    key !== entrySecrets(spec)?.plural && Boolean(spec.inputs[key]?.secret || spec.outputs[key]?.secret || given.some((set) => set.has(key)));

/** toStruct, with a set's entry secrets wrapped inside its map. */
const structOf = (spec: ResourceSpec, values: Props, isSecret: (key: string) => boolean) => toStruct(wrapEntrySecrets(spec, values, secret), isSecret);

export class WoodpeckerProvider {
  private settings: ProviderConfig | Error | "unknown" | undefined;
  /** The engine, which takes the provider's warnings (Attach sets it again: PULUMI_DEBUG_PROVIDERS). */
  engineAddress?: string;

  constructor(engineAddress?: string) {
    this.engineAddress = engineAddress;
  }

  /** The client for the configured server; only steps that talk to the server ask for it. */
  private client(): WoodpeckerClient {
    // Without Configure (e.g. an engine that skips it), the environment alone configures the provider.
    this.settings ??= settingsFrom({});
    if (this.settings === "unknown")
      throw new Error("the woodpecker provider's configuration depends on values not known until the update runs; this step cannot run during a preview");
    if (this.settings instanceof Error) throw this.settings;
    return clientFor({ ...this.settings, warn: this.warn });
  }

  /** The server's version for check, once Configure has named a server (unknown before, and during a preview whose config awaits other resources). */
  private knownVersion(): Promise<string | undefined> {
    this.settings ??= settingsFrom({});
    if (this.settings === "unknown" || this.settings instanceof Error) return Promise.resolve(undefined);
    return versionForCheck(this.client());
  }

  private readonly warn = engineWarner(() => this.engineAddress);

  private context(spec: ResourceSpec): Context {
    return { client: this.client(), spec };
  }

  getPluginInfo(): PluginInfo {
    const info = new PluginInfo();
    info.setVersion(JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).version);
    return info;
  }

  getSchema(request: pb.GetSchemaRequest): pb.GetSchemaResponse {
    if (request.getVersion() !== 0) throw new Error(`unsupported schema version ${request.getVersion()}`);
    const response = new pb.GetSchemaResponse();
    response.setSchema(readFileSync(path.join(ROOT, "schema.json"), "utf8"));
    return response;
  }

  checkConfig(request: pb.CheckRequest): pb.CheckResponse {
    const { values, secrets } = fromStruct(request.getNews());
    const response = new pb.CheckResponse();
    response.setInputs(toStruct(values, (key) => secrets.has(key) || isSecretConfig(key)));
    response.setFailuresList(configFailures(values).map(failure));
    return response;
  }

  diffConfig(request: pb.DiffRequest): pb.DiffResponse {
    const olds = fromStruct(request.getOldInputs() ?? request.getOlds()).values;
    const news = fromStruct(request.getNews()).values;
    const changed = CONFIG_KEYS.filter((key) => news[key] === UNKNOWN || !isDeepStrictEqual(olds[key] ?? null, news[key] ?? null));
    // A changed server or token updates the provider in place: replacing it would replace every resource it manages.
    return diffResponse(changed, [], false, olds);
  }

  configure(request: pb.ConfigureRequest): pb.ConfigureResponse {
    const args = request.getArgs();
    this.settings = settingsFrom(args ? fromStruct(args).values : fromVariables(request.getVariablesMap().toArray()));
    const response = new pb.ConfigureResponse();
    response.setAcceptsecrets(true);
    response.setSupportspreview(true);
    return response;
  }

  async check(request: pb.CheckRequest): Promise<pb.CheckResponse> {
    const spec = specOfUrn(request.getUrn());
    const news = fromStruct(request.getNews());
    const result = await check(spec, fromStruct(request.getOlds()).values, news.values, () => this.knownVersion());
    const response = new pb.CheckResponse();
    response.setInputs(structOf(spec, result.inputs ?? news.values, secretKeys(spec, news.secrets)));
    response.setFailuresList((result.failures ?? []).map(failure));
    return response;
  }

  async diff(request: pb.DiffRequest): Promise<pb.DiffResponse> {
    const spec = specOfUrn(request.getUrn());
    const olds = fromStruct(request.getOlds()).values;
    const news = fromStruct(request.getNews()).values;
    // ignoreChanges: the stored value stands.
    for (const key of request.getIgnorechangesList()) if (key in spec.inputs) news[key] = olds[key];
    const result = await diff(spec, olds, news, () => this.context(spec));
    return diffResponse(result.changed, result.replaces, result.deleteBeforeReplace, olds, result.detailed);
  }

  async create(request: pb.CreateRequest): Promise<pb.CreateResponse> {
    const spec = specOfUrn(request.getUrn());
    const inputs = fromStruct(request.getProperties());
    const response = new pb.CreateResponse();
    const isSecret = secretKeys(spec, inputs.secrets);
    if (request.getPreview()) {
      response.setProperties(structOf(spec, { ...inputs.values, ...Object.fromEntries(Object.keys(spec.outputs).map((key) => [key, UNKNOWN])) }, isSecret));
      return response;
    }
    const result = await withPartial(spec, isSecret, inputs.values, () => create(this.context(spec), inputs.values));
    response.setId(result.id);
    response.setProperties(structOf(spec, result.outs, isSecret));
    return response;
  }

  async read(request: pb.ReadRequest): Promise<pb.ReadResponse> {
    const spec = specOfUrn(request.getUrn());
    const props = fromStruct(request.getProperties());
    const inputs = fromStruct(request.getInputs());
    const isSecret = secretKeys(spec, props.secrets, inputs.secrets);
    const response = new pb.ReadResponse();
    const ctx = this.context(spec);
    if (!Object.keys(props.values).length && !Object.keys(inputs.values).length) {
      // `pulumi import`: only the ID is known.
      const imported = await importById(ctx, request.getId());
      if (!imported) return response;
      response.setId(imported.id);
      response.setProperties(structOf(spec, imported.props, isSecret));
      response.setInputs(structOf(spec, imported.inputs, isSecret));
      return response;
    }
    const result = await read(ctx, request.getId(), props.values);
    // An empty ID tells the engine the object is gone, and refresh drops it.
    if (!result.id) return response;
    response.setId(result.id);
    response.setProperties(structOf(spec, result.props, isSecret));
    // Declared inputs follow what the server reports, so the next diff compares with the server.
    const refreshed = Object.fromEntries(
      Object.entries(inputs.values).map(([key, value]) => [
        key,
        spec.inputs[key] && !spec.inputs[key].writeOnly && result.props[key] != null ? result.props[key] : value,
      ]),
    );
    // No inputs sent, none returned: an empty set would replace the stored inputs.
    if (Object.keys(refreshed).length) response.setInputs(structOf(spec, refreshed, isSecret));
    return response;
  }

  async update(request: pb.UpdateRequest): Promise<pb.UpdateResponse> {
    const spec = specOfUrn(request.getUrn());
    const olds = fromStruct(request.getOlds());
    const news = fromStruct(request.getNews());
    const isSecret = secretKeys(spec, olds.secrets, news.secrets);
    const response = new pb.UpdateResponse();
    if (request.getPreview()) {
      response.setProperties(structOf(spec, { ...olds.values, ...news.values }, isSecret));
      return response;
    }
    const result = await withPartial(spec, isSecret, news.values, () => update(this.context(spec), request.getId(), olds.values, news.values));
    response.setProperties(structOf(spec, result.outs, isSecret));
    return response;
  }

  async delete(request: pb.DeleteRequest): Promise<Empty> {
    const spec = specOfUrn(request.getUrn());
    await remove(this.context(spec), request.getId(), fromStruct(request.getProperties()).values);
    return new Empty();
  }

  async invoke(request: pb.InvokeRequest): Promise<pb.InvokeResponse> {
    const spec = functionFor(nameOfToken(request.getTok(), "function"));
    const response = new pb.InvokeResponse();
    try {
      const result = await invoke(spec, fromStruct(request.getArgs()).values, this.client());
      response.setReturn(toStruct((await resolveOutputs(result)) as Props));
    } catch (error) {
      if (!(error instanceof FunctionArgumentError)) throw error;
      response.setFailuresList(error.problems.map(failure));
    }
    return response;
  }

  attach(request: PluginAttach): Empty {
    this.engineAddress = request.getAddress();
    return new Empty();
  }

  getMapping(): pb.GetMappingResponse {
    return new pb.GetMappingResponse();
  }

  getMappings(): pb.GetMappingsResponse {
    return new pb.GetMappingsResponse();
  }

  cancel(): Empty {
    return new Empty();
  }
}

function failure(problem: { property: string; reason: string }): pb.CheckFailure {
  const item = new pb.CheckFailure();
  item.setProperty(problem.property);
  item.setReason(problem.reason);
  return item;
}

const DETAILED_KINDS = {
  add: pb.PropertyDiff.Kind.ADD,
  update: pb.PropertyDiff.Kind.UPDATE,
  delete: pb.PropertyDiff.Kind.DELETE,
  "add-replace": pb.PropertyDiff.Kind.ADD_REPLACE,
  "update-replace": pb.PropertyDiff.Kind.UPDATE_REPLACE,
};

/** `detailed` (set kinds) names each changed path, e.g. `secrets["deploy_token"].events`; otherwise each changed key. */
function diffResponse(
  changed: string[],
  replaces: string[],
  deleteBeforeReplace: boolean,
  olds: Props,
  detailed?: Record<string, keyof typeof DETAILED_KINDS>,
): pb.DiffResponse {
  const response = new pb.DiffResponse();
  response.setChanges(changed.length ? pb.DiffResponse.DiffChanges.DIFF_SOME : pb.DiffResponse.DiffChanges.DIFF_NONE);
  response.setDiffsList(changed);
  response.setReplacesList(replaces);
  response.setDeletebeforereplace(deleteBeforeReplace);
  response.setHasdetaileddiff(true);
  const details = response.getDetaileddiffMap();
  if (detailed) {
    for (const [path, kind] of Object.entries(detailed)) {
      const item = new pb.PropertyDiff();
      item.setKind(DETAILED_KINDS[kind]);
      item.setInputdiff(true);
      details.set(path, item);
    }
    return response;
  }
  for (const key of changed) {
    const kind = new pb.PropertyDiff();
    const added = olds[key] === undefined || olds[key] === null;
    const replace = replaces.includes(key);
    kind.setKind(
      added
        ? replace
          ? pb.PropertyDiff.Kind.ADD_REPLACE
          : pb.PropertyDiff.Kind.ADD
        : replace
          ? pb.PropertyDiff.Kind.UPDATE_REPLACE
          : pb.PropertyDiff.Kind.UPDATE,
    );
    kind.setInputdiff(true);
    details.set(key, kind);
  }
  return response;
}

/** An engine error that carries the id and state of an object it did create (engine/errors.ts initFailed). */
interface PartialFailure extends Error {
  id?: string;
  properties?: Props;
  reasons?: string[];
}

/**
 * Runs a create or update; an error for an object that exists on the server anyway becomes
 * ErrorResourceInitFailed details, so the engine keeps the object in state and finishes it at the next `up`.
 */
async function withPartial<T>(spec: ResourceSpec, isSecret: (key: string) => boolean, inputs: Props, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const partial = error as PartialFailure;
    if (!(error instanceof Error) || !partial.id) throw error;
    const detail = new pb.ErrorResourceInitFailed();
    detail.setId(partial.id);
    detail.setProperties(structOf(spec, partial.properties ?? {}, isSecret));
    detail.setInputs(structOf(spec, inputs, isSecret));
    detail.setReasonsList(partial.reasons ?? [error.message]);
    const any = new Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(error.message);
    status.addDetails(any);
    const metadata = new grpc.Metadata();
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
    throw Object.assign(new Error(error.message), { code: grpc.status.UNKNOWN, details: error.message, metadata });
  }
}

/** One gRPC method: an answer, or the error's message (never a stack: messages name the object and the fix). */
function unary<Req, Res>(handler: Handler<Req, Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handler(call.request))
      .then(
        (response) => callback(null, response),
        (error: unknown) => {
          const failure = error as Partial<grpc.ServiceError>;
          const message = error instanceof Error ? error.message : String(error);
          callback({
            code: failure.code ?? grpc.status.UNKNOWN,
            details: failure.details ?? message,
            message,
            metadata: failure.metadata ?? new grpc.Metadata(),
          } as grpc.ServiceError);
        },
      );
  };
}

const unimplemented =
  (name: string): grpc.handleUnaryCall<unknown, unknown> =>
  (_call, callback) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented by the woodpecker provider` } as grpc.ServiceError);

/** The service implementation for grpc-js, bound to one provider instance. */
export function serviceOf(provider: WoodpeckerProvider): grpc.UntypedServiceImplementation {
  return {
    getPluginInfo: unary(() => provider.getPluginInfo()),
    getSchema: unary((request: pb.GetSchemaRequest) => provider.getSchema(request)),
    checkConfig: unary((request: pb.CheckRequest) => provider.checkConfig(request)),
    diffConfig: unary((request: pb.DiffRequest) => provider.diffConfig(request)),
    configure: unary((request: pb.ConfigureRequest) => provider.configure(request)),
    check: unary((request: pb.CheckRequest) => provider.check(request)),
    diff: unary((request: pb.DiffRequest) => provider.diff(request)),
    create: unary((request: pb.CreateRequest) => provider.create(request)),
    read: unary((request: pb.ReadRequest) => provider.read(request)),
    update: unary((request: pb.UpdateRequest) => provider.update(request)),
    delete: unary((request: pb.DeleteRequest) => provider.delete(request)),
    invoke: unary((request: pb.InvokeRequest) => provider.invoke(request)),
    attach: unary((request: PluginAttach) => provider.attach(request)),
    getMapping: unary(() => provider.getMapping()),
    getMappings: unary(() => provider.getMappings()),
    cancel: unary(() => provider.cancel()),
    handshake: unimplemented("Handshake"),
    parameterize: unimplemented("Parameterize"),
    construct: unimplemented("Construct"),
    call: unimplemented("Call"),
    list: (call: grpc.ServerWritableStream<unknown, unknown>) =>
      call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: "List is not implemented by the woodpecker provider" }),
  };
}

/** Serves the provider on a loopback port; resolves with the port. */
export async function serve(engineAddress?: string): Promise<{ port: number; server: grpc.Server }> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 1 << 30, "grpc.max_send_message_length": 1 << 30 });
  server.addService(ResourceProviderService, serviceOf(new WoodpeckerProvider(engineAddress)));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return { port, server };
}
