import { collectionOf } from "../engine/listings.js";
import { setSpecOf } from "../engine/sets.js";
import type { ResourceSpec } from "../engine/spec.js";
import { Agent, OrgAgent } from "./agents.js";
import { RepositoryCron } from "./cron.js";
import { Forge } from "./forge.js";
import { Org } from "./org.js";
import { GlobalRegistry, OrgRegistry, RepositoryRegistry } from "./registries.js";
import { Repository } from "./repository.js";
import { GlobalSecret, OrgSecret, RepositorySecret } from "./secrets.js";
import { User } from "./user.js";

/** Every resource family, by kind. */
export const specs = {
  Repository,
  RepositorySecret,
  RepositoryRegistry,
  RepositoryCron,
  Org,
  OrgSecret,
  OrgRegistry,
  OrgAgent,
  GlobalSecret,
  GlobalRegistry,
  Agent,
  User,
  Forge,
};

export type Kind = keyof typeof specs;

/** `<Kind>Set` for every kind that lives as a named collection under one scope (engine/sets.ts), by kind. */
export const setSpecs: Record<string, ResourceSpec> = Object.fromEntries(
  Object.values(specs as Record<string, ResourceSpec>)
    .filter((spec) => collectionOf(spec))
    .map((spec) => [`${spec.kind}Set`, setSpecOf(spec)]),
);

/** Single-object kinds and set kinds together: what the faces, the schema and the docs serve. */
export const allSpecs: Record<string, ResourceSpec> = { ...(specs as Record<string, ResourceSpec>), ...setSpecs };

export function specFor(kind: string): ResourceSpec {
  const spec = allSpecs[kind];
  if (!spec) throw new Error(`unknown Woodpecker resource kind ${JSON.stringify(kind)}; known kinds: ${Object.keys(allSpecs).join(", ")}`);
  return spec;
}
