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
  Repository, RepositorySecret, RepositoryRegistry, RepositoryCron,
  Org, OrgSecret, OrgRegistry, OrgAgent,
  GlobalSecret, GlobalRegistry, Agent, User, Forge,
};

export type Kind = keyof typeof specs;

export function specFor(kind: string): ResourceSpec {
  const spec = (specs as unknown as Record<string, ResourceSpec>)[kind];
  if (!spec) throw new Error(`unknown Woodpecker resource kind ${JSON.stringify(kind)}; known kinds: ${Object.keys(specs).join(", ")}`);
  return spec;
}
