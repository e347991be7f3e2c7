import type { ApiObject, Context, ResourceSpec, State } from "./spec.js";
import { fetchObject, fieldFromApi, readObject, refuseServerOwned, toState } from "./engine.js";

/**
 * `pulumi import` for every spec: an object's state and inputs from its ID alone. The plugin face
 * calls it for a Read that carries an ID and nothing else.
 */

/**
 * Import by ID: the object's state and inputs from its ID alone (`spec.idFormat`), or undefined when
 * it does not exist. `importLookup` fills what the read needs beyond the ID. Inputs are what the
 * server reports (write-only ones stay absent) with defaults applied as check applies them, so
 * declaring the object as it is shows no change.
 */
export async function importById(ctx: Context, id: string): Promise<{ id: string; props: State; inputs: State } | undefined> {
  const { spec } = ctx;
  let state = parseId(spec, id);
  refuseServerOwned(spec, state, "import");
  if (spec.importLookup) {
    const found = await fetchObject(ctx, state, spec.importLookup, (items) => items.find((item) => matchesId(spec, state, item)));
    if (!found) return undefined;
    state = withImportedInputs(spec, state, found);
  }
  const object = await readObject(ctx, state);
  if (!object) return undefined;
  const other = spec.quirks?.otherKindOf?.(object);
  if (other)
    throw new Error(
      `${spec.kind} import ID ${JSON.stringify(id)} names an object of another scope: it is a ${other.kind}; import it as woodpecker:index:${other.kind} with the ID ${other.id}`,
    );
  const imported = importedFrom(spec, state, object);
  refuseServerOwned(spec, imported.props, "import");
  return imported;
}

/**
 * An object already read from the server (e.g. from a list) shaped as import by ID would shape it:
 * `known` holds what the API object does not carry (a secret's repositoryId). The inventory uses it,
 * so listed objects get the same ID and inputs as `pulumi import` would give them.
 */
export function importedFrom(spec: ResourceSpec, known: State, object: ApiObject): { id: string; props: State; inputs: State } {
  const props = toState(spec, withImportedInputs(spec, known, object), object);
  const inputs: State = {};
  for (const [key, field] of Object.entries(spec.inputs)) {
    if (field.writeOnly) continue;
    const value = props[key] ?? undefined;
    const parsed = field.schema.safeParse(value);
    if (parsed.success && parsed.data !== undefined) inputs[key] = parsed.data;
    else if (value !== undefined) inputs[key] = value;
  }
  return { id: spec.id(props), props: { ...props, ...inputs }, inputs };
}

/** The ID's fields by `spec.idFormat`, typed by their schemas; a malformed ID is refused naming the format. */
export function parseId(spec: ResourceSpec, id: string): State {
  const names = [...spec.idFormat.matchAll(/<(\w+)>/g)].map((match) => match[1]!);
  const literals = spec.idFormat.split(/<\w+>/).map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  // Every field but the last stops at the first separator, so the last may contain it (an address with a path).
  const pattern = new RegExp(`^${literals[0]}${names.map((_, i) => `(${i === names.length - 1 ? ".+" : ".+?"})${literals[i + 1]}`).join("")}$`);
  const match = pattern.exec(id);
  const refuse = (why: string) => new Error(`${spec.kind} import ID ${JSON.stringify(id)} ${why}; expected ${spec.idFormat}`);
  if (!match) throw refuse("is malformed");
  const state: State = {};
  names.forEach((name, i) => {
    const text = match[i + 1]!;
    const schema = (spec.inputs[name] ?? spec.outputs[name])!.schema;
    const parsed = [text, /^-?\d+$/.test(text) ? Number(text) : undefined].map((value) => schema.safeParse(value)).find((result) => result.success);
    if (!parsed || parsed.data === undefined) throw refuse(`has an invalid ${name} ${JSON.stringify(text)}`);
    state[name] = parsed.data;
  });
  return state;
}

/** Whether an API object carries the ID's fields that it reports (by their API keys). */
function matchesId(spec: ResourceSpec, state: State, object: ApiObject): boolean {
  return Object.entries(state).every(([key, value]) => {
    const apiKey = spec.inputs[key] ? (spec.inputs[key].api ?? spec.inputs[key].importFrom) : spec.outputs[key]?.api;
    return typeof apiKey !== "string" || !(apiKey in object) || object[apiKey] === value;
  });
}

/** Inputs missing from `state` taken from the API object (identity too: there is no declared value to keep). */
function withImportedInputs(spec: ResourceSpec, state: State, object: ApiObject): State {
  const filled: State = { ...state };
  for (const [key, field] of Object.entries(spec.inputs)) {
    const apiKey = field.api ?? field.importFrom;
    if (field.writeOnly || !apiKey || filled[key] !== undefined || (!(apiKey in object) && field.absentAs === undefined)) continue;
    filled[key] = fieldFromApi(spec, key, object, apiKey);
  }
  return filled;
}
