import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { WoodpeckerError } from "../client/errors.js";
import { expandPath } from "../client/paths.js";
import { checkInputs, containsUnknown, type CheckFailure } from "./check.js";
import { ADOPT, changedInputs, create, diff as diffEntry, PROVIDER_KEY, remove, toState, update, withoutProvider, type CheckResult } from "./engine.js";
import { initFailed } from "./errors.js";
import { setExample } from "./example.js";
import { checkVersion, requireServerSupport } from "./versions.js";
import { importedFrom } from "./import.js";
import { collectionOf, type Collection } from "./listings.js";
import { input, output, pluginTypeToken, type ApiObject, type Context, type InputFields, type ResourceSpec, type State } from "./spec.js";

/**
 * `<Kind>Set`: every kind that lives as a named collection under one scope (`spec.list.set`) also
 * comes as one resource holding the whole scope, a map from each entry's key to its inputs. Each
 * entry runs through the single-object spec and the generic engine (create, update, delete, the
 * same checks, secrets and write-only handling); this file adds only what a whole scope needs:
 * listing it, strays (entries on the server that are not declared), bounded parallel writes and
 * state that stays exact when some writes fail.
 */

export const EXCLUSIVE = "exclusive";
/** The set's output holding what the server computed for each entry (ids, …), by key. */
export const ENTRIES = "entries";

type Plan = { creates: string[]; updates: string[]; replaces: string[]; deletes: string[] };
export type SetDiff = {
  changes: boolean;
  changed: string[];
  replaces: string[];
  deleteBeforeReplace: boolean;
  detailed: Record<string, "add" | "update" | "delete" | "add-replace" | "update-replace">;
};

const setCollection = (set: ResourceSpec): Collection & { single: ResourceSpec } => ({ ...collectionOf(set.members!)!, single: set.members! });
const entryKeys = (single: ResourceSpec) =>
  Object.keys(single.inputs).filter((key) => key !== collectionOf(single)!.key && key !== collectionOf(single)!.scope && key !== ADOPT);
/** The path Pulumi and the checks use for an entry, or a field of one: `secrets["deploy_token"].events`. */
export const entryPath = (plural: string, key: string, field?: string) => `${plural}[${JSON.stringify(key)}]${field ? `.${field}` : ""}`;

/** Set kinds: each entry's secret fields (a secret's value, a registry's password). */
export const entrySecrets = (set: ResourceSpec): { plural: string; fields: string[] } | undefined =>
  set.members ? { plural: collectionOf(set.members)!.plural, fields: entryKeys(set.members).filter((name) => set.members!.inputs[name]!.secret) } : undefined;

/**
 * Wraps each entry's secret fields of a set's map with `wrap`, so the map itself stays readable
 * (previews name each entry) while its secrets stay secret. A map or entry that is not a plain
 * object here (an Output) is wrapped whole.
 */
export function wrapEntrySecrets(set: ResourceSpec, values: Record<string, unknown>, wrap: (value: unknown) => unknown): Record<string, unknown> {
  const secrets = entrySecrets(set);
  const map = secrets && values[secrets.plural];
  if (!secrets || !secrets.fields.length || map === undefined || map === null) return values;
  const plain = (value: unknown): value is Record<string, unknown> =>
    typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
  if (!plain(map)) return { ...values, [secrets.plural]: wrap(map) };
  const entries = Object.fromEntries(
    Object.entries(map).map(([key, entry]) => [
      key,
      plain(entry)
        ? Object.fromEntries(
            Object.entries(entry).map(([field, value]) => [field, secrets.fields.includes(field) && value !== undefined ? wrap(value) : value]),
          )
        : wrap(entry),
    ]),
  );
  return { ...values, [secrets.plural]: entries };
}

/** The set spec of a single-object spec whose listing has a `set`: generated, never written per kind. */
export function setSpecOf(single: ResourceSpec): ResourceSpec {
  const { key, scope, plural } = collectionOf(single)!;
  const keyField = single.inputs[key]!;
  const shape = Object.fromEntries(
    entryKeys(single).map((name) => [
      name,
      single.inputs[name]!.schema.meta({ description: single.inputs[name]!.doc, ...(single.inputs[name]!.secret ? { secret: true } : {}) }),
    ]),
  );
  const outputShape = Object.fromEntries(Object.entries(single.outputs).map(([name, field]) => [name, field.schema.meta({ description: field.doc })]));
  const secret = entryKeys(single).some((name) => single.inputs[name]!.secret);
  const where = scope ? `under one ${scope}` : "at the instance level";
  const inputs: InputFields = {
    ...(scope ? { [scope]: { ...single.inputs[scope]!, doc: `${single.inputs[scope]!.doc} A change replaces the set.` } } : {}),
    [plural]: input(
      z.record(z.string(), z.strictObject(shape)),
      `The entries, by ${key} (${keyField.doc.split(". ")[0]!.replace(/\.$/, "")}). Each entry takes the inputs of ${single.kind} but ${[scope, key].filter(Boolean).join(" and ")}.${
        secret
          ? ` Its secret fields (${entryKeys(single)
              .filter((name) => single.inputs[name]!.secret)
              .join(", ")}) are Pulumi secrets inside the map, so previews name each entry; the dynamic provider stores the whole map as a secret.`
          : ""
      }`,
    ),
    [EXCLUSIVE]: input(
      z.boolean().default(true),
      `Authoritative (the default): entries on the server that are not declared are shown by preview and refresh as deletions under their ${key}, and deleted by \`up\`. False: only the declared entries are managed.`,
    ),
    [ADOPT]: input(
      z.boolean().optional(),
      `Take over declared entries that already exist on the server (found by ${key}) and bring them to the declared state, instead of failing.`,
    ),
  };
  return {
    kind: `${single.kind}Set`,
    doc: `Every ${single.kind} ${where} as one resource: a map from ${key} to the entry's inputs. Exclusive by default: after \`up\` the scope holds exactly the declared entries.`,
    caveats: [
      `A set's first \`up\` on a scope that already holds entries it does not declare deletes nothing: it fails before any write and names them. Declare them, import the set (\`pulumi import\` with the scope's ID takes the current entries), set \`exclusive: false\`, or delete them by hand. Entries that exist and are declared need \`adopt: true\`, as single resources do.`,
      `Entries are written in parallel (up to \`woodpecker:maxConcurrency\` at once). When some writes fail, the state records what the server now holds and the next \`up\` finishes the rest.`,
      `Do not declare an entry both here and as a ${single.kind}, or two exclusive sets of one scope in one stack: the policy pack refuses both. Two stacks that claim one scope with exclusive sets delete each other's entries at every \`up\`; give one of them \`exclusive: false\`.`,
      ...(single.caveats ?? []),
    ],
    inputs,
    outputs: {
      [ENTRIES]: output(
        z.record(z.string(), z.object(outputShape)),
        () => undefined,
        `What the server computed for each entry (${Object.keys(single.outputs).join(", ")}), by ${key}.`,
      ),
    },
    id: (s) => (scope ? String(s[scope]) : "global"),
    idFormat: scope ? `<${scope}>` : "global",
    describe: (s) => `${single.kind} set ${scope ? `of ${scope} ${s[scope]}` : "of the instance"}`,
    naturalKey: scope ? [scope] : [],
    endpoints: { read: collectionOf(single)!.list },
    members: single,
    ...(single.example ? { example: setExample(single.example, single.kind, collectionOf(single)!) } : {}),
  };
}

/** Per-entry checks with the single spec's rules, plus what the keys themselves must satisfy; failures are named by entry path. */
export function checkSet(set: ResourceSpec, news: State): CheckResult {
  const { key, scope, plural, single } = setCollection(set);
  const { [plural]: entries, ...top } = withoutProvider(news);
  const topSpec = { ...set, inputs: { ...set.inputs, [plural]: input(z.unknown(), "") } };
  const { inputs, failures } = checkInputs(topSpec, { ...top, ...(entries === undefined ? {} : { [plural]: entries }) });
  if (entries === undefined) failures.push({ property: plural, reason: `${plural} is required` });
  if (entries === undefined) return { failures };
  // A map not known until apply (preview) is checked again at `up`.
  if (typeof entries === "string" && containsUnknown(entries)) return failures.length ? { failures } : { inputs: { ...inputs!, [plural]: entries } };
  if (entries === null || typeof entries !== "object" || Array.isArray(entries))
    return { failures: [...failures, { property: plural, reason: `${plural} must be a map from ${key} to the entry's inputs` }] };
  const checked: State = {};
  const seen = new Map<string, string>();
  for (const [name, entry] of Object.entries(entries as State)) {
    failures.push(...keyFailures(single, plural, name, seen));
    if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
      failures.push({ property: entryPath(plural, name), reason: `${entryPath(plural, name)} must be an object of ${single.kind} inputs` });
      continue;
    }
    const own = [key, scope, ADOPT].filter((field): field is string => Boolean(field) && field! in (entry as State));
    for (const field of own)
      failures.push({
        property: entryPath(plural, name, field),
        reason: `${field} is given by the set (${field === key ? "the entry's key" : field === ADOPT ? "the set's adopt" : "the set's scope"}), not by its entries`,
      });
    if (own.length) continue;
    const scopeValue = scope && inputs && !containsUnknown(inputs[scope]) ? inputs[scope] : 1;
    const result = checkInputs(single, { ...(scope ? { [scope]: scopeValue } : {}), [key]: name, ...(entry as State) });
    // The key's own rules were applied above, the scope's at the top.
    failures.push(
      ...result.failures.filter((failure) => failure.property !== key && failure.property !== scope).map((failure) => inEntry(failure, plural, name)),
    );
    if (result.inputs)
      checked[name] = Object.fromEntries(
        entryKeys(single)
          .filter((field) => field in result.inputs!)
          .map((field) => [field, result.inputs![field]]),
      );
  }
  return failures.length ? { failures } : { inputs: { ...inputs!, [plural]: checked } };
}

/** Check's server-version gate for every entry, each failure named by its path: `secrets["deploy"].note`. */
export async function setVersionFailures(set: ResourceSpec, inputs: State, version: () => Promise<string | undefined>): Promise<CheckFailure[]> {
  const { plural, single } = setCollection(set);
  const entries = inputs[plural];
  if (!entries || typeof entries !== "object") return [];
  const failures: CheckFailure[] = [];
  for (const [name, entry] of Object.entries(entries as State))
    failures.push(...(await checkVersion(single.inputs, entry as State, entryKeys(single), version, (field) => entryPath(plural, name, field))));
  return failures;
}

/**
 * A key the server would store differently (surrounding whitespace, an address that does not parse)
 * would never match its entry again; two keys equal but for case name one object on servers whose
 * database compares case-insensitively (MySQL's default collation), and pipelines look secrets up by
 * lower-cased name.
 */
function keyFailures(single: ResourceSpec, plural: string, name: string, seen: Map<string, string>): CheckFailure[] {
  const { key } = collectionOf(single)!;
  const path = entryPath(plural, name);
  const parsed = single.inputs[key]!.schema.safeParse(name);
  if (!parsed.success) return [{ property: path, reason: `${path}: ${key} ${JSON.stringify(name)}: ${parsed.error.issues[0]!.message}` }];
  if (parsed.data !== name)
    return [
      {
        property: path,
        reason: `${path}: the server would store the ${key} as ${JSON.stringify(parsed.data)} (surrounding whitespace is removed), so the entry would never match it again; write ${JSON.stringify(parsed.data)}`,
      },
    ];
  const folded = name.toLowerCase();
  const other = seen.get(folded);
  seen.set(folded, name);
  return other === undefined
    ? []
    : [
        {
          property: path,
          reason: `${path}: ${JSON.stringify(name)} and ${JSON.stringify(other)} differ only in case, and name one object on servers that compare ${key}s case-insensitively; declare one of them`,
        },
      ];
}

/** A failure of the single spec's check, named by the entry's path: `secrets["deploy_token"].events`. */
function inEntry(failure: CheckFailure, plural: string, name: string): CheckFailure {
  const base = entryPath(plural, name);
  const property = failure.property ? `${base}${failure.property.startsWith("[") ? "" : "."}${failure.property}` : base;
  const reason =
    failure.property && failure.reason.startsWith(failure.property)
      ? property + failure.reason.slice(failure.property.length)
      : `${property}: ${failure.reason}`;
  return { property, reason };
}

/**
 * The plan from state to declaration, given the keys the scope holds on the server: strays (not in
 * state, not declared) are deleted when the set is exclusive, and declared entries deleted outside
 * Pulumi are created again.
 */
function planOf(set: ResourceSpec, olds: State, news: State, onServer: Set<string>): Plan {
  const { plural, single } = setCollection(set);
  const before = (olds[plural] ?? {}) as State;
  const after = (news[plural] ?? {}) as State;
  const strays = news[EXCLUSIVE] !== false ? [...onServer].filter((key) => !(key in after) && !(key in before)) : [];
  const plan: Plan = { creates: [], updates: [], replaces: [], deletes: strays };
  for (const key of Object.keys(after)) {
    if (!(key in before) || !onServer.has(key)) plan.creates.push(key);
    else {
      const result = diffEntry(single, entryState(set, olds, key), entryState(set, news, key, olds));
      if (result.replaces.length) plan.replaces.push(key);
      else if (result.changes) plan.updates.push(key);
    }
  }
  for (const key of Object.keys(before)) if (!(key in after) && onServer.has(key)) plan.deletes.push(key);
  return plan;
}

/** One entry as the single spec's state: scope, key, the entry's inputs and (from `outputsFrom`) its computed outputs. */
function entryState(set: ResourceSpec, state: State, key: string, outputsFrom: State = state): State {
  const { key: keyField, scope, plural } = setCollection(set);
  const outputs = ((outputsFrom[ENTRIES] ?? {}) as State)[key] as State | undefined;
  return { ...(scope ? { [scope]: state[scope] } : {}), [keyField]: key, ...outputs, ...((state[plural] as State)[key] as State) };
}

/** Diff, with per-entry paths. It lists the scope (one request) so a preview shows strays and entries deleted outside Pulumi. */
export async function diffSet(set: ResourceSpec, olds: State, news: State, context: () => Context): Promise<SetDiff> {
  const { scope, plural, single } = setCollection(set);
  const replaceSet = Boolean(scope && (containsUnknown(news[scope]) || !isDeepStrictEqual(news[scope], olds[scope])));
  const detailed: SetDiff["detailed"] = {};
  if (replaceSet) detailed[scope!] = "update-replace";
  if (containsUnknown(news[plural])) detailed[plural] = "update";
  else if (!replaceSet) {
    const plan = planOf(set, olds, news, new Set((await listScope(context(), olds)).keys()));
    for (const key of plan.creates) detailed[entryPath(plural, key)] = "add";
    for (const key of plan.deletes) detailed[entryPath(plural, key)] = "delete";
    for (const key of plan.replaces) detailed[entryPath(plural, key)] = "update-replace";
    for (const key of plan.updates) {
      const fields = changedInputs(single, entryState(set, olds, key), entryState(set, news, key, olds)).filter((field) => entryKeys(single).includes(field));
      for (const field of fields) detailed[entryPath(plural, key, field)] = "update";
    }
  }
  for (const key of [EXCLUSIVE, ADOPT]) if (news[key] !== undefined && !isDeepStrictEqual(news[key], olds[key])) detailed[key] = "update";
  const changed = [...new Set(Object.keys(detailed).map((path) => path.split(/[.[]/)[0]!))];
  return { changes: changed.length > 0, changed, replaces: replaceSet ? [scope!] : [], deleteBeforeReplace: false, detailed };
}

/** Every entry of the scope on the server, by key (objects the single spec counts as gone, e.g. read-only registries, left out). */
async function listScope(ctx: Context, state: State): Promise<Map<string, ApiObject>> {
  const { key, scope, list, single } = setCollection(ctx.spec);
  const template = typeof list === "function" ? list(state) : list;
  const path = expandPath(template.split(" ")[1]!, (scope ? { [scope]: state[scope] } : {}) as Record<string, string>);
  const items = await ctx.client.list<ApiObject>(path, { object: ctx.spec.describe(state) });
  const scoped = scope ? { [scope]: state[scope] } : {};
  return new Map(items.filter((item) => !single.isGone?.(item, scoped)).map((item) => [String(item[single.inputs[key]!.api!]), item]));
}

export async function createSet(ctx: Context, raw: State): Promise<{ id: string; outs: State }> {
  const set = ctx.spec;
  const { key, plural } = setCollection(set);
  const inputs = withoutProvider(raw);
  const declared = Object.keys(inputs[plural] as State);
  const onServer = await listScope(ctx, inputs);
  const strays = inputs[EXCLUSIVE] !== false ? [...onServer.keys()].filter((name) => !declared.includes(name)) : [];
  const existing = declared.filter((name) => onServer.has(name));
  if (strays.length) {
    throw new Error(
      `${set.describe(inputs)}: the scope already holds ${strays.length} entr${strays.length === 1 ? "y" : "ies"} the set does not declare: ${names(strays)}. Nothing was written: a first \`up\` deletes nothing. Declare them, import the set (\`pulumi import ${pluginTypeToken(set.kind)} <name> ${set.id(inputs)}\` with the plugin), set \`exclusive: false\`, or delete them on the server`,
    );
  }
  if (existing.length && inputs[ADOPT] !== true) {
    throw new Error(
      `${set.describe(inputs)}: ${names(existing)} already exist${existing.length === 1 ? "s" : ""} on the server. Nothing was written. Add \`adopt: true\` to manage them (they are updated to the declared state), or pick other ${key}s`,
    );
  }
  const state: State = { ...inputs, [plural]: {}, [ENTRIES]: {} };
  return { id: set.id(inputs), outs: await apply(ctx, raw, state, inputs, { creates: declared, updates: [], replaces: [], deletes: [] }, new Set(existing)) };
}

export async function updateSet(ctx: Context, rawOlds: State, rawNews: State): Promise<{ outs: State }> {
  const olds = withoutProvider(rawOlds);
  const news = withoutProvider(rawNews);
  const { plural } = setCollection(ctx.spec);
  const onServer = new Set((await listScope(ctx, olds)).keys());
  const state: State = { ...olds, ...news, [plural]: { ...(olds[plural] as State) }, [ENTRIES]: { ...(olds[ENTRIES] as State) } };
  const plan = planOf(ctx.spec, olds, news, onServer);
  return { outs: await apply(ctx, rawNews, state, news, plan, new Set(plan.creates.filter((key) => onServer.has(key)))) };
}

export async function removeSet(ctx: Context, raw: State): Promise<void> {
  const state = withoutProvider(raw);
  const keys = Object.keys((state[setCollection(ctx.spec).plural] ?? {}) as State);
  const failures = await parallel(ctx, keys, (key) => remove(single(ctx), "", entryState(ctx.spec, state, key)));
  if (failures.size) throw combined(ctx, state, failures, keys.length);
}

/** Refresh: one list of the scope; declared entries follow the server, missing ones drop out, strays (exclusive) come in. */
export async function readSet(ctx: Context, raw: State): Promise<{ id: string; props: State }> {
  const { plural, single: spec } = setCollection(ctx.spec);
  const state = withoutProvider(raw);
  let onServer: Map<string, ApiObject>;
  try {
    onServer = await listScope(ctx, state);
  } catch (error) {
    if (error instanceof WoodpeckerError && error.reason === "not-found") return { id: "", props: {} };
    throw error;
  }
  const entries: State = {};
  const computed: State = {};
  const keep = (key: string, object: ApiObject, base: State) => {
    const refreshed = toState(spec, base, object);
    entries[key] = pick(refreshed, entryKeys(spec));
    computed[key] = pick(refreshed, Object.keys(spec.outputs));
  };
  for (const key of Object.keys((state[plural] ?? {}) as State)) {
    const object = onServer.get(key);
    if (object) keep(key, object, entryState(ctx.spec, state, key));
  }
  if (state[EXCLUSIVE] !== false) {
    for (const [key, object] of onServer) if (!(key in entries)) keep(key, object, importedFrom(spec, scopeOf(ctx.spec, state), object).inputs);
  }
  return { id: ctx.spec.id(state), props: { ...state, [plural]: entries, [ENTRIES]: computed } };
}

/** `pulumi import` of a set by its scope's ID: every current entry, as import of each single object would give it. */
export async function importSet(ctx: Context, id: string, parse: (id: string) => State): Promise<{ id: string; props: State; inputs: State } | undefined> {
  const { plural } = setCollection(ctx.spec);
  const scoped = parse(id);
  const read = await readSet(ctx, { ...scoped, [plural]: {}, [EXCLUSIVE]: true });
  if (!read.id) return undefined;
  const inputs = { ...scoped, [plural]: read.props[plural], [EXCLUSIVE]: true };
  return { id: read.id, props: { ...read.props, ...inputs }, inputs };
}

/**
 * Runs a plan (deletes first, so a replaced entry's key is free) with bounded parallelism and
 * records in `state` exactly what each finished write left on the server. When some writes fail,
 * the error carries that state (engine/errors.ts initFailed), so Pulumi keeps it and the next `up`
 * finishes the rest.
 */
async function apply(ctx: Context, raw: State, state: State, news: State, plan: Plan, onServer: Set<string>): Promise<State> {
  const set = ctx.spec;
  const { plural } = setCollection(set);
  const entries = state[plural] as State;
  const computed = state[ENTRIES] as State;
  const record = (key: string, outs: State | undefined) => {
    if (!outs) {
      delete entries[key];
      delete computed[key];
      return;
    }
    entries[key] = pick(outs, entryKeys(set.members!));
    computed[key] = pick(outs, Object.keys(set.members!.outputs));
  };
  const adopt = news[ADOPT] === true;
  // Before any write: an entry the server is too old for refuses the whole plan, so nothing half-applies.
  for (const key of [...plan.creates, ...plan.replaces, ...plan.updates])
    await requireServerSupport(single(ctx), entryState(set, news, key, state), entryKeys(set.members!));
  const failures = new Map<string, unknown>();
  const deletes = [...plan.deletes, ...plan.replaces];
  for (const [key, error] of await parallel(ctx, deletes, async (key) => {
    await remove(single(ctx), "", key in entries ? entryState(set, state, key) : { ...scopeOf(set, news), [setCollection(set).key]: key });
    record(key, undefined);
  }))
    failures.set(key, error);
  const writes = [...plan.creates, ...plan.replaces.filter((key) => !failures.has(key)), ...plan.updates];
  for (const [key, error] of await parallel(ctx, writes, async (key) => {
    // Entries known to exist are adopted (the set's adopt allowed it); the others are created without looking first.
    const wanted = { ...entryState(set, news, key, state), ...(adopt && onServer.has(key) ? { [ADOPT]: true } : {}) };
    try {
      if (plan.updates.includes(key)) record(key, (await update(single(ctx), "", entryState(set, state, key), wanted)).outs);
      else record(key, (await create(single(ctx), wanted)).outs);
    } catch (error) {
      // An entry the engine did write before failing (initFailed) is on the server: keep it.
      const partial = (error as { properties?: State }).properties;
      if (partial) record(key, withoutProvider(partial));
      throw error;
    }
  }))
    failures.set(key, error);
  if (failures.size) await reconcile(ctx, state, news, failures, record);
  if (failures.size)
    throw initFailed(combined(ctx, news, failures, deletes.length + writes.length), set.id(state), { ...state, [PROVIDER_KEY]: raw[PROVIDER_KEY] });
  return state;
}

/**
 * After failed writes, one list of the scope settles what the failures left behind: a create whose
 * answer was lost may have happened, a delete whose answer was lost may have too. Without it the
 * state could miss an object the server holds (the next `up` would fail with "already exists").
 */
async function reconcile(
  ctx: Context,
  state: State,
  news: State,
  failures: Map<string, unknown>,
  record: (key: string, outs: State | undefined) => void,
): Promise<void> {
  let onServer: Map<string, ApiObject>;
  try {
    onServer = await listScope(ctx, news);
  } catch {
    return; // the failures are reported; the state keeps what the finished writes showed
  }
  const { plural } = setCollection(ctx.spec);
  for (const key of failures.keys()) {
    const object = onServer.get(key);
    const known = key in (state[plural] as State);
    if (object && !known && key in (news[plural] as State)) record(key, toState(ctx.spec.members!, entryState(ctx.spec, news, key, state), object));
    else if (!object && known) record(key, undefined);
  }
}

const single = (ctx: Context): Context => ({ client: ctx.client, spec: ctx.spec.members! });
const scopeOf = (set: ResourceSpec, state: State): State => {
  const { scope } = setCollection(set);
  return scope ? { [scope]: state[scope] } : {};
};
const pick = (state: State, keys: string[]) => Object.fromEntries(keys.filter((key) => state[key] !== undefined).map((key) => [key, state[key]]));
const names = (keys: string[]) =>
  keys.length > 10
    ? `${keys
        .slice(0, 10)
        .map((k) => JSON.stringify(k))
        .join(", ")} and ${keys.length - 10} more`
    : keys.map((k) => JSON.stringify(k)).join(", ");

/** Runs `step` for every key, at most the client's concurrency at once; the failures by key. */
async function parallel(ctx: Context, keys: string[], step: (key: string) => Promise<void>): Promise<Map<string, unknown>> {
  const failures = new Map<string, unknown>();
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++]!;
      try {
        await step(key);
      } catch (error) {
        failures.set(key, error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(ctx.client.concurrency, keys.length) }, worker));
  return failures;
}

function combined(ctx: Context, state: State, failures: Map<string, unknown>, total: number): Error {
  const { plural } = setCollection(ctx.spec);
  const lines = [...failures].slice(0, 10).map(([key, error]) => `  ${entryPath(plural, key)}: ${error instanceof Error ? error.message : String(error)}`);
  const more = failures.size > 10 ? `\n  … and ${failures.size - 10} more` : "";
  return new Error(
    `${ctx.spec.describe(state)}: ${failures.size} of ${total} entry writes failed; the state records what the server now holds, and the next \`up\` retries the rest:\n${lines.join("\n")}${more}`,
  );
}
