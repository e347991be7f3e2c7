import { setSpecs, specs } from "../provider/resources/index.js";
import { defineResource, type ResourceArgs } from "./define.js";

type Args<K extends keyof typeof specs> = ResourceArgs<(typeof specs)[K]["inputs"]>;

/** Activates a forge repository in Woodpecker and manages its settings. */
export class Repository extends defineResource(specs.Repository) {}
export type RepositoryArgs = Args<"Repository">;

/** A secret available to the pipelines of one repository. */
export class RepositorySecret extends defineResource(specs.RepositorySecret) {}
export type RepositorySecretArgs = Args<"RepositorySecret">;

/** Credentials one repository's pipelines use to pull images from a container registry. */
export class RepositoryRegistry extends defineResource(specs.RepositoryRegistry) {}
export type RepositoryRegistryArgs = Args<"RepositoryRegistry">;

/** A schedule that starts a repository's pipeline with the `cron` event. */
export class RepositoryCron extends defineResource(specs.RepositoryCron) {}
export type RepositoryCronArgs = Args<"RepositoryCron">;

/** Declares an existing organization (the API cannot create orgs); its orgId scopes org resources. */
export class Org extends defineResource(specs.Org) {}
export type OrgArgs = Args<"Org">;

/** A secret available to the pipelines of every repository of an organization. */
export class OrgSecret extends defineResource(specs.OrgSecret) {}
export type OrgSecretArgs = Args<"OrgSecret">;

/** Registry credentials for every repository of an organization. */
export class OrgRegistry extends defineResource(specs.OrgRegistry) {}
export type OrgRegistryArgs = Args<"OrgRegistry">;

/** An agent that runs only one organization's pipelines; its token is a secret output. */
export class OrgAgent extends defineResource(specs.OrgAgent) {}
export type OrgAgentArgs = Args<"OrgAgent">;

/** A secret available to every pipeline on the server (instance admin). */
export class GlobalSecret extends defineResource(specs.GlobalSecret) {}
export type GlobalSecretArgs = Args<"GlobalSecret">;

/** Registry credentials for every pipeline on the server (instance admin). */
export class GlobalRegistry extends defineResource(specs.GlobalRegistry) {}
export type GlobalRegistryArgs = Args<"GlobalRegistry">;

/** A global agent (instance admin); its token is a secret output. */
export class Agent extends defineResource(specs.Agent) {}
export type AgentArgs = Args<"Agent">;

/** A user account (instance admin). */
export class User extends defineResource(specs.User) {}
export type UserArgs = Args<"User">;

/** An additional forge users can log in through (instance admin). */
export class Forge extends defineResource(specs.Forge) {}
export type ForgeArgs = Args<"Forge">;

/** Every RepositorySecret of one scope as one resource (engine/sets.ts): exclusive by default. */
export class RepositorySecretSet extends defineResource(setSpecs.RepositorySecretSet!) {}
export type RepositorySecretSetArgs = ResourceArgs<(typeof setSpecs)[string]["inputs"]>;

/** Every RepositoryRegistry of one scope as one resource (engine/sets.ts): exclusive by default. */
export class RepositoryRegistrySet extends defineResource(setSpecs.RepositoryRegistrySet!) {}
export type RepositoryRegistrySetArgs = ResourceArgs<(typeof setSpecs)[string]["inputs"]>;

/** Every RepositoryCron of one scope as one resource (engine/sets.ts): exclusive by default. */
export class RepositoryCronSet extends defineResource(setSpecs.RepositoryCronSet!) {}
export type RepositoryCronSetArgs = ResourceArgs<(typeof setSpecs)[string]["inputs"]>;

/** Every OrgSecret of one scope as one resource (engine/sets.ts): exclusive by default. */
export class OrgSecretSet extends defineResource(setSpecs.OrgSecretSet!) {}
export type OrgSecretSetArgs = ResourceArgs<(typeof setSpecs)[string]["inputs"]>;

/** Every OrgRegistry of one scope as one resource (engine/sets.ts): exclusive by default. */
export class OrgRegistrySet extends defineResource(setSpecs.OrgRegistrySet!) {}
export type OrgRegistrySetArgs = ResourceArgs<(typeof setSpecs)[string]["inputs"]>;

/** Every GlobalSecret of one scope as one resource (engine/sets.ts): exclusive by default. */
export class GlobalSecretSet extends defineResource(setSpecs.GlobalSecretSet!) {}
export type GlobalSecretSetArgs = ResourceArgs<(typeof setSpecs)[string]["inputs"]>;

/** Every GlobalRegistry of one scope as one resource (engine/sets.ts): exclusive by default. */
export class GlobalRegistrySet extends defineResource(setSpecs.GlobalRegistrySet!) {}
export type GlobalRegistrySetArgs = ResourceArgs<(typeof setSpecs)[string]["inputs"]>;
