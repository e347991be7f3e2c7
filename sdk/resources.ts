import { defineResource } from "./define.js";
import type * as t from "./types.js";

/** Activates a forge repository in Woodpecker and manages its settings. */
export class Repository extends defineResource<t.RepositoryArgs, t.RepositoryOutputs>("Repository") {}

/** A secret available to the pipelines of one repository. */
export class RepositorySecret extends defineResource<t.RepositorySecretArgs, t.RepositorySecretOutputs>("RepositorySecret") {}

/** Credentials one repository's pipelines use to pull images from a container registry. */
export class RepositoryRegistry extends defineResource<t.RepositoryRegistryArgs, t.RepositoryRegistryOutputs>("RepositoryRegistry") {}

/** A schedule that starts a repository's pipeline with the `cron` event. */
export class RepositoryCron extends defineResource<t.RepositoryCronArgs, t.RepositoryCronOutputs>("RepositoryCron") {}

/** Declares an existing organization (the API cannot create orgs); its orgId scopes org resources. */
export class Org extends defineResource<t.OrgArgs, t.OrgOutputs>("Org") {}

/** A secret available to the pipelines of every repository of an organization. */
export class OrgSecret extends defineResource<t.OrgSecretArgs, t.OrgSecretOutputs>("OrgSecret") {}

/** Registry credentials for every repository of an organization. */
export class OrgRegistry extends defineResource<t.OrgRegistryArgs, t.OrgRegistryOutputs>("OrgRegistry") {}

/** An agent that runs only one organization's pipelines; its token is a secret output. */
export class OrgAgent extends defineResource<t.OrgAgentArgs, t.OrgAgentOutputs>("OrgAgent") {}

/** A secret available to every pipeline on the server (instance admin). */
export class GlobalSecret extends defineResource<t.GlobalSecretArgs, t.GlobalSecretOutputs>("GlobalSecret") {}

/** Registry credentials for every pipeline on the server (instance admin). */
export class GlobalRegistry extends defineResource<t.GlobalRegistryArgs, t.GlobalRegistryOutputs>("GlobalRegistry") {}

/** A global agent (instance admin); its token is a secret output. */
export class Agent extends defineResource<t.AgentArgs, t.AgentOutputs>("Agent") {}

/** A user account (instance admin). */
export class User extends defineResource<t.UserArgs, t.UserOutputs>("User") {}

/** An additional forge users can log in through (instance admin). */
export class Forge extends defineResource<t.ForgeArgs, t.ForgeOutputs>("Forge") {}

/** Every RepositorySecret of one scope as one resource (engine/sets.ts): exclusive by default. */
export class RepositorySecretSet extends defineResource<t.RepositorySecretSetArgs, t.RepositorySecretSetOutputs>("RepositorySecretSet") {}

/** Every RepositoryRegistry of one scope as one resource (engine/sets.ts): exclusive by default. */
export class RepositoryRegistrySet extends defineResource<t.RepositoryRegistrySetArgs, t.RepositoryRegistrySetOutputs>("RepositoryRegistrySet") {}

/** Every RepositoryCron of one scope as one resource (engine/sets.ts): exclusive by default. */
export class RepositoryCronSet extends defineResource<t.RepositoryCronSetArgs, t.RepositoryCronSetOutputs>("RepositoryCronSet") {}

/** Every OrgSecret of one scope as one resource (engine/sets.ts): exclusive by default. */
export class OrgSecretSet extends defineResource<t.OrgSecretSetArgs, t.OrgSecretSetOutputs>("OrgSecretSet") {}

/** Every OrgRegistry of one scope as one resource (engine/sets.ts): exclusive by default. */
export class OrgRegistrySet extends defineResource<t.OrgRegistrySetArgs, t.OrgRegistrySetOutputs>("OrgRegistrySet") {}

/** Every GlobalSecret of one scope as one resource (engine/sets.ts): exclusive by default. */
export class GlobalSecretSet extends defineResource<t.GlobalSecretSetArgs, t.GlobalSecretSetOutputs>("GlobalSecretSet") {}

/** Every GlobalRegistry of one scope as one resource (engine/sets.ts): exclusive by default. */
export class GlobalRegistrySet extends defineResource<t.GlobalRegistrySetArgs, t.GlobalRegistrySetOutputs>("GlobalRegistrySet") {}
