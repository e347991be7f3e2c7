import { isDeepStrictEqual } from "node:util";
import type { State } from "../provider/engine/spec.js";
import { specFor, specs, type Kind } from "../provider/resources/index.js";
import { LISTED, type Found, type Inventory } from "./read.js";

/**
 * What the three writers share: each object's logical name, the inputs worth declaring, the
 * references between objects, and the secret config keys for values no API returns. Names, order
 * and references come from the specs' `list` descriptions; with `sets`, the entries of each scope
 * of a set kind become one `<Kind>Set`.
 */

/** Inputs that hold another object's id, and the kind declaring it (with an output of the same name). */
const REFERENCES = new Map(LISTED.flatMap((item) => (item.list.referencedAs ? [[item.list.referencedAs, item] as const] : [])));

/** Letters, digits, `_` and `-` only (no dots: Pulumi YAML reads `${a.b}` as a property of a). */
export const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "") || "x";

/** An input value, a reference to another resource's output, a secret config key, or a set's map of entries. */
export type Value =
  | { literal: unknown }
  | { ref: { name: string; output: string } }
  | { config: { key: string; type: "String" | "Object" } }
  | { entries: [string, [string, Value][]][] };

export interface Planned {
  /** A kind of provider/resources/index.ts `specs`, or a `<Kind>Set`. */
  kind: string;
  name: string;
  id: string;
  /** Declared inputs in spec order; defaults left out. */
  inputs: [string, Value][];
}

export interface ConfigKey {
  key: string;
  type: "String" | "Object";
  /** Why it is config and what to put there. */
  about: string;
}

export interface Plan {
  server: string;
  resources: Planned[];
  config: ConfigKey[];
  notes: string[];
}

export interface PlanOptions {
  /** One `<Kind>Set` per scope for the kinds that have one, instead of one resource per entry. */
  sets?: boolean;
}

/** Orders the inventory, names every object (stable: the same server gives the same names), resolves references. */
export function plan(inventory: Inventory, options: PlanOptions = {}): Plan {
  const order = (found: Found) => LISTED.findIndex((item) => item.kind === found.kind);
  const sorted = [...inventory.found].sort((a, b) => order(a) - order(b));
  const names = new Map<Found, string>();
  const byOutput = new Map<string, Found>();
  const taken = new Set<string>();
  const setScopes = new Map<Found, string[]>();
  const listingOf = (kind: Kind) => specs[kind].list!;
  for (const found of sorted) {
    const parentPart = (key: string) => {
      const parent = byOutput.get(`${key}:${found.inputs[key]}`);
      // A parent outside the inventory (filtered out) is named by its id.
      return parent ? names.get(parent)!.replace(/^[a-z]+-/, "") : `${REFERENCES.get(key)?.list.name.prefix ?? key}${found.inputs[key]}`;
    };
    const { prefix, parts } = listingOf(found.kind).name;
    const named = parts(found.props, parentPart);
    const name = unique([prefix, ...named].map(slug).join("-"), taken);
    // A set is named like its entries without their key (the last part).
    if (listingOf(found.kind).set) setScopes.set(found, named.slice(0, -1));
    names.set(found, name);
    const referencedAs = listingOf(found.kind).referencedAs;
    if (referencedAs && found.props[referencedAs] !== undefined) byOutput.set(`${referencedAs}:${found.props[referencedAs]}`, found);
  }

  const config: ConfigKey[] = [];
  const singles = sorted.map((found): Planned => {
    const spec = specs[found.kind];
    const name = names.get(found)!;
    const inputs: [string, Value][] = [];
    for (const [key, field] of Object.entries(spec.inputs)) {
      if (key === "adopt") continue;
      if (field.secret) {
        // Write-only values come back from no API; readable secrets stay out of the program text too.
        const known = found.inputs[key];
        if (!field.writeOnly && (known === undefined || known === null || isDefault(field.schema, known))) continue;
        const type = field.schema.safeParse("text").success ? "String" : "Object";
        const configKey = `${name}-${key}`;
        config.push({
          key: configKey,
          type,
          about: `${spec.describe(found.props)}: ${key}${field.writeOnly ? " (write-only: no API returns it)" : " (a secret the server returns to admins; copy it from there)"}`,
        });
        inputs.push([key, { config: { key: configKey, type } }]);
        continue;
      }
      const value = found.inputs[key];
      if (value === undefined || value === null || isDefault(field.schema, value)) continue;
      const referenced = REFERENCES.has(key) ? byOutput.get(`${key}:${value}`) : undefined;
      inputs.push([key, referenced && referenced !== found ? { ref: { name: names.get(referenced)!, output: key } } : { literal: value }]);
    }
    return { kind: found.kind, name, id: found.id, inputs };
  });
  const resources = options.sets ? inSets(sorted, singles, setScopes, taken) : singles;
  return { server: inventory.server, resources, config, notes: inventory.notes };
}

/** `base`, or `base-2`, `base-3`… when taken; marks it taken. */
function unique(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

/**
 * The entries of each scope of a set kind as one `<Kind>Set`, in the place of its first entry: the
 * scope input as the entries declared it, the map from each entry's key to its other inputs.
 */
function inSets(sorted: Found[], singles: Planned[], setScopes: Map<Found, string[]>, taken: Set<string>): Planned[] {
  const groups = new Map<string, Planned>();
  const resources: Planned[] = [];
  sorted.forEach((found, index) => {
    const single = singles[index]!;
    const list = specs[found.kind].list!;
    if (!list.set) return void resources.push(single);
    const scopeValue = list.scope ? found.inputs[list.scope] : undefined;
    const group = `${found.kind}:${String(scopeValue)}`;
    let set = groups.get(group);
    if (!set) {
      const words = list.name.prefix.split("-");
      const scopeInput = single.inputs.filter(([key]) => key === list.scope);
      const kind = `${found.kind}Set`;
      set = {
        kind,
        name: unique([...words.slice(0, -1), list.set.plural, ...setScopes.get(found)!].map(slug).join("-"), taken),
        id: specFor(kind).id(list.scope ? { [list.scope]: scopeValue } : {}),
        inputs: [...scopeInput, [list.set.plural, { entries: [] }]],
      };
      groups.set(group, set);
      resources.push(set);
    }
    const entries = set.inputs.find(([key]) => key === list.set!.plural)![1] as { entries: [string, [string, Value][]][] };
    entries.entries.push([String(found.inputs[list.set.key]), single.inputs.filter(([key]) => key !== list.scope && key !== list.set!.key)]);
  });
  return resources;
}

function isDefault(schema: { safeParse(value: unknown): { success: boolean; data?: unknown } }, value: unknown): boolean {
  const parsed = schema.safeParse(undefined);
  return parsed.success && parsed.data !== undefined && isDeepStrictEqual(parsed.data, value);
}
