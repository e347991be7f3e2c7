import { setSpecs, specs } from "../../provider/resources/index.js";
import { definePluginResource } from "./define.js";

/**
 * The provider plugin's resources (type `woodpecker:index:<Kind>`), one class per spec. They take
 * the same arguments as the dynamic provider's classes of the same name in `pulumi-woodpecker`.
 */

export type { RepositoryArgs, RepositorySecretArgs, RepositoryRegistryArgs, RepositoryCronArgs, OrgArgs, OrgSecretArgs, OrgRegistryArgs, OrgAgentArgs, GlobalSecretArgs, GlobalRegistryArgs, AgentArgs, UserArgs, ForgeArgs } from "../resources.js";

/** Activates a forge repository in Woodpecker and manages its settings. */
export class Repository extends definePluginResource(specs.Repository) {}

/** A secret available to the pipelines of one repository. */
export class RepositorySecret extends definePluginResource(specs.RepositorySecret) {}

/** Credentials one repository's pipelines use to pull images from a container registry. */
export class RepositoryRegistry extends definePluginResource(specs.RepositoryRegistry) {}

/** A schedule that starts a repository's pipeline with the `cron` event. */
export class RepositoryCron extends definePluginResource(specs.RepositoryCron) {}

/** Declares an existing organization (the API cannot create orgs); its orgId scopes org resources. */
export class Org extends definePluginResource(specs.Org) {}

/** A secret available to the pipelines of every repository of an organization. */
export class OrgSecret extends definePluginResource(specs.OrgSecret) {}

/** Registry credentials for every repository of an organization. */
export class OrgRegistry extends definePluginResource(specs.OrgRegistry) {}

/** An agent that runs only one organization's pipelines; its token is a secret output. */
export class OrgAgent extends definePluginResource(specs.OrgAgent) {}

/** A secret available to every pipeline on the server (instance admin). */
export class GlobalSecret extends definePluginResource(specs.GlobalSecret) {}

/** Registry credentials for every pipeline on the server (instance admin). */
export class GlobalRegistry extends definePluginResource(specs.GlobalRegistry) {}

/** A global agent (instance admin); its token is a secret output. */
export class Agent extends definePluginResource(specs.Agent) {}

/** A user account (instance admin). */
export class User extends definePluginResource(specs.User) {}

/** An additional forge users can log in through (instance admin). */
export class Forge extends definePluginResource(specs.Forge) {}

/** Every RepositorySecret of one scope as one resource (engine/sets.ts): exclusive by default. */
export class RepositorySecretSet extends definePluginResource(setSpecs.RepositorySecretSet!) {}

/** Every RepositoryRegistry of one scope as one resource (engine/sets.ts): exclusive by default. */
export class RepositoryRegistrySet extends definePluginResource(setSpecs.RepositoryRegistrySet!) {}

/** Every RepositoryCron of one scope as one resource (engine/sets.ts): exclusive by default. */
export class RepositoryCronSet extends definePluginResource(setSpecs.RepositoryCronSet!) {}

/** Every OrgSecret of one scope as one resource (engine/sets.ts): exclusive by default. */
export class OrgSecretSet extends definePluginResource(setSpecs.OrgSecretSet!) {}

/** Every OrgRegistry of one scope as one resource (engine/sets.ts): exclusive by default. */
export class OrgRegistrySet extends definePluginResource(setSpecs.OrgRegistrySet!) {}

/** Every GlobalSecret of one scope as one resource (engine/sets.ts): exclusive by default. */
export class GlobalSecretSet extends definePluginResource(setSpecs.GlobalSecretSet!) {}

/** Every GlobalRegistry of one scope as one resource (engine/sets.ts): exclusive by default. */
export class GlobalRegistrySet extends definePluginResource(setSpecs.GlobalRegistrySet!) {}
