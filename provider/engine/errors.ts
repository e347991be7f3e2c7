import { WoodpeckerError } from "../client/errors.js";
import { expandPath } from "../client/paths.js";
import { pluginTypeToken, type Endpoint, type ResourceSpec, type State } from "./spec.js";

/** The engine's own errors: each names the object and says what to do next. */

export function alreadyExists(spec: ResourceSpec, inputs: State, cause: WoodpeckerError): WoodpeckerError {
  const hint = spec.endpoints.find
    ? `it already exists on the server. To manage the existing object with Pulumi, add \`adopt: true\` to its arguments (it is then updated to the declared state); or pick another ${spec.naturalKey.join("/")}`
    : "it already exists on the server";
  return new WoodpeckerError("exists", { method: cause.method, path: cause.path, status: cause.status, body: cause.body, object: spec.describe(inputs) }, hint);
}

/** The server would accept a second object with the same natural key (e.g. forges): refuse it as if the server had. */
export function duplicateRefused(spec: ResourceSpec, inputs: State): WoodpeckerError {
  const [method, template] = (typeof spec.endpoints.create === "function" ? spec.endpoints.create(inputs) : (spec.endpoints.create ?? "POST ?")).split(" ") as [string, string];
  const cause = new WoodpeckerError("exists", { method, path: `/api${expandPath(template, inputs as Record<string, string>)}` });
  return alreadyExists(spec, inputs, cause);
}

export function goneOnUpdate(spec: ResourceSpec, endpoint: Endpoint, olds: State): WoodpeckerError {
  const [method, template] = (typeof endpoint === "function" ? endpoint(olds) : endpoint).split(" ") as [string, string];
  return new WoodpeckerError("not-found", { method, path: `/api${expandPath(template, olds as Record<string, string>)}`, object: spec.describe(olds) },
    "it no longer exists on the server; run `pulumi refresh` to drop it from the state, then `pulumi up` to create it again");
}

/** Connecting failed (refused, unknown host, connect timeout): the server never saw the request. */
const NEVER_SENT = /^(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT)\b/;

/** No answer, yet the request may have reached the server and been carried out. */
export function mayHaveActed(error: WoodpeckerError): boolean {
  return (error.reason === "connection" || error.reason === "timeout") && !NEVER_SENT.test(String(error.cause ?? ""));
}

/** The create may have happened: say so, and how the next run takes the object over if it did. */
export function answerLost(spec: ResourceSpec, inputs: State, cause: WoodpeckerError, waitedMs: number, lookupError?: unknown): WoodpeckerError {
  const looked = lookupError === undefined
    ? `the object did not appear within ${Math.round(waitedMs / 1000)} s after it`
    : `looking the object up failed (${lookupError instanceof Error ? lookupError.message : String(lookupError)})`;
  const hint = `the answer to the create was lost (${cause.reason}) and ${looked}, so the server may have created it, or may still. ` +
    `Check the server, then either add \`adopt: true\` to its arguments and run \`pulumi up\` again (that takes the object over if it was created, and creates it otherwise), ` +
    `or, with the provider plugin, \`pulumi import ${pluginTypeToken(spec.kind)} <name> ${spec.idFormat}\`. Without either, the next \`pulumi up\` fails with "already exists" if it was created`;
  return new WoodpeckerError(cause.reason, { method: cause.method, path: cause.path, object: spec.describe(inputs) }, hint);
}

/** The dynamic-provider host turns an error with `id` and `properties` into a partially created resource. */
export function initFailed(error: unknown, id: string, properties: State): Error {
  const failure = error instanceof Error ? error : new Error(String(error));
  return Object.assign(failure, { id, properties, reasons: [failure.message] });
}
