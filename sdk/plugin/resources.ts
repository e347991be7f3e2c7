import type * as t from "../types.js";
import { definePluginResource } from "./define.js";

/**
 * The provider plugin's resources (type `woodpecker:index:<Kind>`), one class per spec. They take
 * the same arguments as the dynamic provider's classes of the same name in `pulumi-woodpecker`.
 */

/** Activates a forge repository in Woodpecker and manages its settings. */
export class Repository extends definePluginResource<t.RepositoryArgs, t.RepositoryOutputs>("Repository") {}

/** A secret available to the pipelines of one repository. */
export class RepositorySecret extends definePluginResource<t.RepositorySecretArgs, t.RepositorySecretOutputs>("RepositorySecret") {}

/** Credentials one repository's pipelines use to pull images from a container registry. */
export class RepositoryRegistry extends definePluginResource<t.RepositoryRegistryArgs, t.RepositoryRegistryOutputs>("RepositoryRegistry") {}

/** A schedule that starts a repository's pipeline with the `cron` event. */
export class RepositoryCron extends definePluginResource<t.RepositoryCronArgs, t.RepositoryCronOutputs>("RepositoryCron") {}

/** Declares an existing organization (the API cannot create orgs); its orgId scopes org resources. */
export class Org extends definePluginResource<t.OrgArgs, t.OrgOutputs>("Org") {}

/** A secret available to the pipelines of every repository of an organization. */
export class OrgSecret extends definePluginResource<t.OrgSecretArgs, t.OrgSecretOutputs>("OrgSecret") {}

/** Registry credentials for every repository of an organization. */
export class OrgRegistry extends definePluginResource<t.OrgRegistryArgs, t.OrgRegistryOutputs>("OrgRegistry") {}

/** An agent that runs only one organization's pipelines; its token is a secret output. */
export class OrgAgent extends definePluginResource<t.OrgAgentArgs, t.OrgAgentOutputs>("OrgAgent") {}

/** A secret available to every pipeline on the server (instance admin). */
export class GlobalSecret extends definePluginResource<t.GlobalSecretArgs, t.GlobalSecretOutputs>("GlobalSecret") {}

/** Registry credentials for every pipeline on the server (instance admin). */
export class GlobalRegistry extends definePluginResource<t.GlobalRegistryArgs, t.GlobalRegistryOutputs>("GlobalRegistry") {}

/** A global agent (instance admin); its token is a secret output. */
export class Agent extends definePluginResource<t.AgentArgs, t.AgentOutputs>("Agent") {}

/** A user account (instance admin). */
export class User extends definePluginResource<t.UserArgs, t.UserOutputs>("User") {}

/** An additional forge users can log in through (instance admin). */
export class Forge extends definePluginResource<t.ForgeArgs, t.ForgeOutputs>("Forge") {}

/** Every RepositorySecret of one scope as one resource (engine/sets.ts): exclusive by default. */
export class RepositorySecretSet extends definePluginResource<t.RepositorySecretSetArgs, t.RepositorySecretSetOutputs>("RepositorySecretSet") {}

/** Every RepositoryRegistry of one scope as one resource (engine/sets.ts): exclusive by default. */
export class RepositoryRegistrySet extends definePluginResource<t.RepositoryRegistrySetArgs, t.RepositoryRegistrySetOutputs>("RepositoryRegistrySet") {}

/** Every RepositoryCron of one scope as one resource (engine/sets.ts): exclusive by default. */
export class RepositoryCronSet extends definePluginResource<t.RepositoryCronSetArgs, t.RepositoryCronSetOutputs>("RepositoryCronSet") {}

/** Every OrgSecret of one scope as one resource (engine/sets.ts): exclusive by default. */
export class OrgSecretSet extends definePluginResource<t.OrgSecretSetArgs, t.OrgSecretSetOutputs>("OrgSecretSet") {}

/** Every OrgRegistry of one scope as one resource (engine/sets.ts): exclusive by default. */
export class OrgRegistrySet extends definePluginResource<t.OrgRegistrySetArgs, t.OrgRegistrySetOutputs>("OrgRegistrySet") {}

/** Every GlobalSecret of one scope as one resource (engine/sets.ts): exclusive by default. */
export class GlobalSecretSet extends definePluginResource<t.GlobalSecretSetArgs, t.GlobalSecretSetOutputs>("GlobalSecretSet") {}

/** Every GlobalRegistry of one scope as one resource (engine/sets.ts): exclusive by default. */
export class GlobalRegistrySet extends definePluginResource<t.GlobalRegistrySetArgs, t.GlobalRegistrySetOutputs>("GlobalRegistrySet") {}
