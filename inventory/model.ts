import { isDeepStrictEqual } from "node:util";
import type { State } from "../provider/engine/spec.js";
import { specs, type Kind } from "../provider/resources/index.js";
import type { Found, Inventory } from "./read.js";

/**
 * What the three writers share: each object's logical name, the inputs worth declaring, the
 * references between objects, and the secret config keys for values no API returns.
 */

/** Parents before children, so programs declare what they refer to first. */
export const KIND_ORDER: Kind[] = [
  "Forge",
  "User",
  "Org",
  "Repository",
  "OrgSecret",
  "OrgRegistry",
  "OrgAgent",
  "RepositorySecret",
  "RepositoryRegistry",
  "RepositoryCron",
  "GlobalSecret",
  "GlobalRegistry",
  "Agent",
];

/** Inputs that hold another object's id: the kind declaring it and its output of the same name. */
const REFERENCES: Record<string, Kind> = { repositoryId: "Repository", orgId: "Org", forgeId: "Forge" };

/** How each kind's logical name reads, from its state and its parent's name part (data, one line each). */
const NAMES: Record<Kind, (s: State, parent: (key: string) => string) => string[]> = {
  Forge: (s) => ["forge", String(s.type), hostOf(String(s.url))],
  User: (s) => ["user", String(s.login), ...(s.forgeId === 1 ? [] : [`forge${s.forgeId}`])],
  Org: (s) => ["org", String(s.name)],
  Repository: (s) => ["repo", String(s.fullName ?? s.forgeRemoteId)],
  OrgSecret: (s, p) => ["org-secret", p("orgId"), String(s.name)],
  OrgRegistry: (s, p) => ["org-registry", p("orgId"), String(s.address)],
  OrgAgent: (s, p) => ["org-agent", p("orgId"), String(s.name)],
  RepositorySecret: (s, p) => ["secret", p("repositoryId"), String(s.name)],
  RepositoryRegistry: (s, p) => ["registry", p("repositoryId"), String(s.address)],
  RepositoryCron: (s, p) => ["cron", p("repositoryId"), String(s.name)],
  GlobalSecret: (s) => ["global-secret", String(s.name)],
  GlobalRegistry: (s) => ["global-registry", String(s.address)],
  Agent: (s) => ["agent", String(s.name)],
};

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Letters, digits, `_` and `-` only (no dots: Pulumi YAML reads `${a.b}` as a property of a). */
export const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "") || "x";

/** An input value, a reference to another resource's output, or a secret config key. */
export type Value = { literal: unknown } | { ref: { name: string; output: string } } | { config: { key: string; type: "String" | "Object" } };

export interface Planned {
  kind: Kind;
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

/** Orders the inventory, names every object (stable: the same server gives the same names), resolves references. */
export function plan(inventory: Inventory): Plan {
  const order = (found: Found) => KIND_ORDER.indexOf(found.kind);
  const sorted = [...inventory.found].sort((a, b) => order(a) - order(b));
  const names = new Map<Found, string>();
  const byOutput = new Map<string, Found>();
  const taken = new Set<string>();
  for (const found of sorted) {
    const parentPart = (key: string) => {
      const parent = byOutput.get(`${REFERENCES[key]}:${found.inputs[key]}`);
      // A parent outside the inventory (filtered out) is named by its id.
      return parent ? names.get(parent)!.replace(/^[a-z]+-/, "") : `${key === "orgId" ? "org" : "repo"}${found.inputs[key]}`;
    };
    const base = NAMES[found.kind](found.props, parentPart).map(slug).join("-");
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    taken.add(name);
    names.set(found, name);
    for (const [key, kind] of Object.entries(REFERENCES))
      if (kind === found.kind && found.props[key] !== undefined) byOutput.set(`${kind}:${found.props[key]}`, found);
  }

  const config: ConfigKey[] = [];
  const resources = sorted.map((found): Planned => {
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
      const referenced = REFERENCES[key] ? byOutput.get(`${REFERENCES[key]}:${value}`) : undefined;
      inputs.push([key, referenced && referenced !== found ? { ref: { name: names.get(referenced)!, output: key } } : { literal: value }]);
    }
    return { kind: found.kind, name, id: found.id, inputs };
  });
  return { server: inventory.server, resources, config, notes: inventory.notes };
}

function isDefault(schema: { safeParse(value: unknown): { success: boolean; data?: unknown } }, value: unknown): boolean {
  const parsed = schema.safeParse(undefined);
  return parsed.success && parsed.data !== undefined && isDeepStrictEqual(parsed.data, value);
}
