import { isDeepStrictEqual } from "node:util";
import { WoodpeckerError } from "../client/errors.js";
import type { Method } from "../client/client.js";
import { expandPath } from "../client/paths.js";
import { alreadyExists, answerLost, duplicateRefused, goneOnUpdate, goneUnproven, initFailed, mayHaveActed, serverOwnedRefused } from "./errors.js";
import { checkInputs, containsUnknown } from "./check.js";
import { requireServerSupport } from "./versions.js";
import type { ApiObject, Context, Endpoint, ResourceSpec, State } from "./spec.js";

/**
 * The generic engine: one implementation of check, diff, create, read, update and delete that
 * every resource spec runs through. Specs say what differs; this file says what is common.
 */

/** The dynamic face's serialized provider in every resource's inputs and state. */
export const PROVIDER_KEY = "__provider";
/** Engine-only inputs every resource has: take over an existing object instead of failing. */
export const ADOPT = "adopt";
/** Tries of a create the server refused without acting on it (`retryCreateWhen`), and the first backoff step. */
const CREATE_ATTEMPTS = 4;
const CREATE_BACKOFF_MS = 150;
/** How long a create whose answer was lost keeps looking for its object: this many request timeouts; and its polling steps. */
const RECOVERY_TIMEOUTS = 3;
const RECOVERY_FIRST_STEP_MS = 200;
const RECOVERY_MAX_STEP_MS = 5_000;
const RECOVERY_AFTER_DROP_MS = 5_000;

export type CheckResult = { inputs?: State; failures?: { property: string; reason: string }[] };
export type DiffResult = { changes: boolean; changed: string[]; replaces: string[]; deleteBeforeReplace: boolean };

export function check(spec: ResourceSpec, olds: State, news: State): CheckResult {
  // A write-only input no API returns is missing from both the olds and the news only when the olds
  // were read from the server: `pulumi import` checks what Read returned. It is not a failure there
  // (the server keeps its value); on create (no olds) and update (olds from state) it still is.
  const readFromServer = Object.keys(withoutProvider(olds ?? {})).length > 0;
  const unreadable = readFromServer
    ? Object.keys(spec.inputs).filter((key) => spec.inputs[key]!.writeOnly && olds[key] === undefined && news[key] === undefined)
    : [];
  const { inputs, failures } = checkInputs(spec, withoutProvider(news), unreadable);
  return failures.length ? { failures } : { inputs };
}

/** Declared inputs against the stored state; `__provider` (code) never counts as a change. */
export function diff(spec: ResourceSpec, olds: State, news: State): DiffResult {
  const changed = changedInputs(spec, olds, news);
  const replaces = [...new Set([...changed.filter((key) => spec.inputs[key]?.replace), ...(spec.quirks?.replaceWhen?.(olds, news) ?? [])])];
  // A replacement that keeps the natural key would collide with the old object: delete it first.
  const keepsKey = spec.naturalKey.every((key) => !containsUnknown(news[key]) && isDeepStrictEqual(news[key], olds[key]));
  return {
    changes: changed.length > 0 || replaces.length > 0,
    changed: [...new Set([...changed, ...replaces])],
    replaces,
    deleteBeforeReplace: replaces.length > 0 && keepsKey,
  };
}

export async function create(ctx: Context, rawInputs: State): Promise<{ id: string; outs: State }> {
  const { spec } = ctx;
  const declared = withoutProvider(rawInputs);
  await requireServerSupport(ctx, declared, Object.keys(spec.inputs));
  // Adopting with what was declared first: when the lookup needs nothing `resolve` would add (e.g. a
  // repository by full name), an existing object costs no resolving request.
  if (declared[ADOPT] === true && spec.quirks?.resolve && canExpand(spec.endpoints.find, declared)) {
    const existing = await find(ctx, declared);
    if (existing) return finishCreate(ctx, rawInputs, declared, existing, true);
  }
  const inputs = { ...declared, ...(await spec.quirks?.resolve?.(ctx, declared)) };
  if (inputs[ADOPT] === true && !(spec.quirks?.resolve && canExpand(spec.endpoints.find, declared))) {
    const existing = await find(ctx, inputs);
    if (existing) return finishCreate(ctx, rawInputs, inputs, existing, true);
  }
  await spec.guardWrite?.(ctx, inputs);
  // The server would take a second object with this key: look first and refuse unless adopting. So
  // for these kinds no same-keyed object existed right before the POST (the adopt lookup above found
  // none either), and whatever recovery finds after a lost answer is this create's.
  if (spec.refuseDuplicates && inputs[ADOPT] !== true && (await find(ctx, inputs))) throw duplicateRefused(spec, inputs);
  let created: ApiObject;
  try {
    created = await createObject(ctx, inputs);
  } catch (error) {
    if (!(error instanceof WoodpeckerError)) throw error;
    const explained = await spec.quirks?.explainCreateFailure?.(ctx, inputs, error);
    if (explained) throw explained;
    if (error.reason === "exists") throw alreadyExists(spec, inputs, error);
    // The server may have acted on the POST (or still be acting) though the answer was lost.
    if (!mayHaveActed(error) || !spec.endpoints.find) throw error;
    return finishCreate(ctx, rawInputs, inputs, await awaitCreated(ctx, inputs, error), true);
  }
  return finishCreate(ctx, rawInputs, inputs, created, false);
}

export async function read(ctx: Context, _id: string, rawState: State): Promise<{ id: string; props: State }> {
  const state = withoutProvider(rawState);
  const object = await readObject(ctx, state);
  if (!object) return { id: "", props: {} };
  const refreshed = toState(ctx.spec, state, object);
  return { id: ctx.spec.id(refreshed), props: refreshed };
}

export async function update(ctx: Context, _id: string, rawOlds: State, rawNews: State): Promise<{ outs: State }> {
  const olds = withoutProvider(rawOlds);
  const news = withoutProvider(rawNews);
  const changed = changedInputs(ctx.spec, olds, news);
  const writes = changed.some((key) => ctx.spec.inputs[key]?.api);
  if (writes) {
    refuseServerOwned(ctx.spec, olds, "update");
    await ctx.spec.guardWrite?.(ctx, { ...olds, ...news });
    await requireServerSupport(ctx, news, changed, olds);
  }
  const current = ctx.spec.quirks?.readBeforeUpdate && writes ? await readCurrent(ctx, olds) : olds;
  const state = { ...current, ...news };
  const object = await patch(ctx, current, state, changed);
  return { outs: object ? toState(ctx.spec, state, object) : state };
}

export async function remove(ctx: Context, _id: string, rawState: State): Promise<void> {
  const { spec } = ctx;
  const state = withoutProvider(rawState);
  if (spec.keepOnDestroyUnless && state[spec.keepOnDestroyUnless] !== true) return;
  refuseServerOwned(spec, state, "delete");
  try {
    await spec.guardWrite?.(ctx, state);
  } catch (error) {
    // The guard confirmed the scope is gone (e.g. the org): the object went with it.
    if (isNotFound(error)) return;
    throw error;
  }
  try {
    if (spec.quirks?.delete) await spec.quirks.delete(ctx, state);
    else if (spec.endpoints.delete) await call(ctx, spec.endpoints.delete, state);
  } catch (error) {
    // Already gone is what delete wants, once the scope proves it.
    if (!isNotFound(error)) throw error;
    await proveGone(ctx, state, spec.endpoints.delete ?? spec.endpoints.read, error);
  }
}

/**
 * After a create's answer was lost: polls for the object, with backoff, up to a few request
 * timeouts past the failure, since a slow server may still be writing it. Fails saying the object
 * may exist, and how to take it over, when it does not appear or cannot be looked up.
 */
async function awaitCreated(ctx: Context, inputs: State, cause: WoodpeckerError): Promise<ApiObject> {
  // A timeout may leave the server writing for a while yet; a dropped connection means it already
  // answered or never got the request, so a short look settles it without stalling every lost POST.
  const waitMs = Math.min(RECOVERY_TIMEOUTS * ctx.client.timeoutMs, cause.reason === "timeout" ? Infinity : RECOVERY_AFTER_DROP_MS);
  const deadline = Date.now() + waitMs;
  for (let step = RECOVERY_FIRST_STEP_MS; ; step = Math.min(step * 2, RECOVERY_MAX_STEP_MS)) {
    let lookupError: unknown;
    try {
      const found = await find(ctx, inputs);
      if (found) return found;
    } catch (error) {
      // Two same-named objects (a kind whose names repeat) is an answer, not a hiccup: stop.
      if (error instanceof WoodpeckerError && error.reason === "exists") throw answerLost(ctx.spec, inputs, cause, waitMs, error);
      lookupError = error;
    }
    const left = deadline - Date.now();
    if (left <= 0) throw answerLost(ctx.spec, inputs, cause, waitMs, lookupError);
    await new Promise((resolve) => setTimeout(resolve, Math.min(step, left)));
  }
}

/** Objects the server owns are never written (`spec.quirks.serverOwned`). */
export function refuseServerOwned(spec: ResourceSpec, state: State, what: "import" | "update" | "delete"): void {
  const reason = spec.quirks?.serverOwned?.(state);
  if (reason) throw serverOwnedRefused(spec, state, what, reason);
}

const isNotFound = (error: unknown): error is WoodpeckerError => error instanceof WoodpeckerError && error.reason === "not-found";

/**
 * A 404 of the Woodpecker API says "gone" only while the object's scope still answers (`spec.scope`,
 * by default the collection the object's path sits in): a repository that no longer answers, or a
 * token that lost its rights, must not empty the state. One request, only on the 404 path.
 */
async function proveGone(ctx: Context, state: State, endpoint: Endpoint, notFound: WoodpeckerError): Promise<void> {
  const named = (e: Endpoint) => (typeof e === "function" ? e(state) : e);
  const template = ctx.spec.scope ? named(ctx.spec.scope) : `GET ${parentPath(named(endpoint))}`;
  try {
    const [path] = expandPath(template.split(" ")[1]!, state as Record<string, string>).split("?");
    const answer = await ctx.client.get(path!, { object: ctx.spec.describe(state), query: { perPage: 1 } });
    // The API answers its collections and objects with JSON; an empty 2xx proves nothing.
    if (answer === undefined) throw new Error("an empty answer");
  } catch (scopeError) {
    throw goneUnproven(ctx.spec, state, notFound, template, scopeError);
  }
}

/** `GET /repos/{repositoryId}/secrets/{name}` → `/repos/{repositoryId}/secrets`. */
function parentPath(template: string): string {
  const path = template.split(" ")[1]!.split("?")[0]!;
  return path.slice(0, path.lastIndexOf("/")) || "/user";
}

/** The create request, tried again (bounded, with jittered backoff) while the spec says the server refused it without acting. */
async function createObject(ctx: Context, inputs: State): Promise<ApiObject> {
  const { spec } = ctx;
  for (let attempt = 1; ; attempt++) {
    try {
      return spec.quirks?.create ? await spec.quirks.create(ctx, inputs) : await call(ctx, spec.endpoints.create!, inputs, apiBody(spec, inputs, "create"));
    } catch (error) {
      if (attempt >= CREATE_ATTEMPTS || !(error instanceof WoodpeckerError) || !spec.quirks?.retryCreateWhen?.(error)) throw error;
      const step = CREATE_BACKOFF_MS * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, step / 2 + Math.random() * (step / 2)));
    }
  }
}

/** Brings a created or adopted object to the declared state, then shapes the resource state. */
async function finishCreate(ctx: Context, rawInputs: State, inputs: State, object: ApiObject, adopted: boolean): Promise<{ id: string; outs: State }> {
  const { spec } = ctx;
  let state = toState(spec, inputs, object);
  if (spec.quirks?.rereadAfterWrite && !adopted) {
    try {
      state = toState(spec, state, (await readObject(ctx, state)) ?? object);
    } catch (error) {
      // The create went through; only reading it back failed. Without this the object would exist
      // on the server but not in state, and the next `up` would fail with "already exists".
      throw initFailed(error, spec.id(state), { ...state, [PROVIDER_KEY]: rawInputs[PROVIDER_KEY] });
    }
  }
  // Fields the create ignored (or an adopted object's drift) still need an update.
  const pending = Object.keys(spec.inputs).filter((key) => {
    const field = spec.inputs[key]!;
    if (!field.api || inputs[key] === undefined) return false;
    if (adopted) return field.writeOnly || !isDeepStrictEqual(inputs[key], fieldFromApi(spec, key, object));
    return field.setByUpdate && !isDeepStrictEqual(inputs[key], fieldFromApi(spec, key, object));
  });
  if (pending.length) {
    try {
      const patched = await patch(ctx, state, { ...state, ...inputs }, pending);
      if (patched) state = toState(spec, { ...state, ...inputs }, patched);
    } catch (error) {
      // The object exists now: report it so Pulumi keeps it in state and the next `up` finishes the job.
      throw initFailed(error, spec.id(state), { ...state, [PROVIDER_KEY]: rawInputs[PROVIDER_KEY] });
    }
  }
  return { id: spec.id(state), outs: state };
}

/** Sends the update for `keys` (all declared fields for full-replacement APIs). Undefined when nothing went to the server. */
async function patch(ctx: Context, olds: State, state: State, keys: string[]): Promise<ApiObject | undefined> {
  const { spec } = ctx;
  const apiKeys = keys.filter((key) => spec.inputs[key]?.api);
  if (!apiKeys.length || !spec.endpoints.update) return undefined;
  const body = spec.fullReplacePatch ? apiBody(spec, state, "update") : pickBody(spec, state, apiKeys);
  Object.assign(body, spec.quirks?.patchExtras?.(olds));
  const answer = await call(ctx, spec.endpoints.update, olds, body);
  if (spec.quirks?.rereadAfterWrite) return await readObject(ctx, state);
  // Some updates answer 200 for an object that no longer exists (e.g. an id-0 user): never take that as the new state.
  if (answer && typeof answer === "object" && !Array.isArray(answer) && spec.isGone?.(answer, olds)) throw goneOnUpdate(spec, spec.endpoints.update, olds);
  return answer;
}

/** The state refreshed from the server, for updates that must not trust stored server-owned fields. */
async function readCurrent(ctx: Context, olds: State): Promise<State> {
  const object = await readObject(ctx, olds);
  if (!object) throw goneOnUpdate(ctx.spec, ctx.spec.endpoints.read, olds);
  return toState(ctx.spec, olds, object);
}

/** The object as the server has it now, through the spec's read override or its read endpoint; undefined when gone. */
export async function readObject(ctx: Context, state: State): Promise<ApiObject | undefined> {
  const { spec } = ctx;
  try {
    const object = spec.quirks?.read ? await spec.quirks.read(ctx, state) : await fetchOne(ctx, state, spec.endpoints.read);
    return object && !spec.isGone?.(object, state) ? object : undefined;
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await proveGone(ctx, state, spec.endpoints.read, error);
    return undefined;
  }
}

/** GET one object (or pick it from a list); undefined when the server answers that there is none (a lookup, not a proof of deletion). */
export async function fetchObject(
  ctx: Context,
  state: State,
  endpoint: Endpoint,
  pick = (items: ApiObject[]) => ctx.spec.pickFromList?.(items, state),
): Promise<ApiObject | undefined> {
  try {
    const object = await fetchOne(ctx, state, endpoint, pick);
    return object && !ctx.spec.isGone?.(object, state) ? object : undefined;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

async function fetchOne(
  ctx: Context,
  state: State,
  endpoint: Endpoint,
  pick = (items: ApiObject[]) => ctx.spec.pickFromList?.(items, state),
): Promise<ApiObject | undefined> {
  const answer = await call(ctx, endpoint, state);
  return Array.isArray(answer) || answer === null ? pick(answer ?? []) : (answer as ApiObject);
}

async function find(ctx: Context, inputs: State): Promise<ApiObject | undefined> {
  const endpoint = ctx.spec.endpoints.find;
  return endpoint ? fetchObject(ctx, inputs, endpoint) : undefined;
}

/** Performs `METHOD /path` with path parameters taken from `params`; `LIST` is a GET through every page. */
async function call(ctx: Context, endpoint: Endpoint, params: State, body?: ApiObject): Promise<any> {
  const template = typeof endpoint === "function" ? endpoint(params) : endpoint;
  const [method, pathTemplate] = template.split(" ") as [Method | "LIST", string];
  const [path, query] = expandPath(pathTemplate, params as Record<string, string>).split("?");
  const options = { object: ctx.spec.describe(params), query: query ? Object.fromEntries(new URLSearchParams(query)) : undefined };
  if (method === "LIST") return ctx.client.list(path!, options);
  return ctx.client.request(method, path!, { ...options, body });
}

function apiBody(spec: ResourceSpec, inputs: State, phase: "create" | "update"): ApiObject {
  const keys = Object.keys(spec.inputs).filter((key) => !(phase === "create" && spec.inputs[key]!.setByUpdate));
  return pickBody(spec, inputs, keys);
}

function pickBody(spec: ResourceSpec, values: State, keys: string[]): ApiObject {
  const body: ApiObject = {};
  for (const key of keys) {
    const field = spec.inputs[key];
    if (!field?.api || values[key] === undefined) continue;
    body[field.api] = values[key];
  }
  return body;
}

/** State = declared inputs, refreshed from the server where it reports them, plus computed outputs. */
export function toState(spec: ResourceSpec, base: State, object: ApiObject): State {
  const state: State = { ...base };
  for (const [key, field] of Object.entries(spec.inputs)) {
    // Identity stays as declared (the server may normalise case); write-only values never come back.
    if (!field.api || field.replace || field.writeOnly) continue;
    if (!(field.api in object) && field.absentAs === undefined) continue;
    state[key] = fieldFromApi(spec, key, object);
  }
  for (const [key, field] of Object.entries(spec.outputs)) {
    state[key] = normalise(typeof field.api === "function" ? field.api(object) : object[field.api]);
  }
  return state;
}

export function fieldFromApi(spec: ResourceSpec, key: string, object: ApiObject, apiKey = spec.inputs[key]!.api!): unknown {
  const field = spec.inputs[key]!;
  const value = apiKey in object ? object[apiKey] : field.absentAs;
  // The server sends null for empty lists and maps of some kinds (a cron created without variables)
  // and []/{} for others: both mean empty, so null reads as the field's empty default.
  if (value === null && field.schema.safeParse([]).success) return [];
  if (value === null && isEmptyMap(field.schema.safeParse(undefined).data)) return {};
  return normalise(value);
}

function isEmptyMap(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

function normalise(value: unknown): unknown {
  return value === undefined ? null : value;
}

export function changedInputs(spec: ResourceSpec, olds: State, news: State): string[] {
  return Object.keys(spec.inputs).filter(
    (key) =>
      !spec.inputs[key]!.createOnly && key in news && news[key] !== undefined && (containsUnknown(news[key]) || !isDeepStrictEqual(news[key], olds[key])),
  );
}

export function withoutProvider(props: State): State {
  const { [PROVIDER_KEY]: _, ...rest } = props ?? {};
  return rest;
}

/** Whether every path parameter of `endpoint` has a value in `params`. */
function canExpand(endpoint: Endpoint | undefined, params: State): boolean {
  if (!endpoint) return false;
  const template = typeof endpoint === "function" ? endpoint(params) : endpoint;
  return [...template.matchAll(/\{\+?(\w+)\}/g)].every(([, name]) => params[name!] !== undefined && params[name!] !== null && params[name!] !== "");
}
