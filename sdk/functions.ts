import { functions } from "../provider/functions/index.js";
import { outputFunction, promiseFunction } from "../provider/functions/runner.js";
import type { ArgsOf, ResultOf } from "../provider/functions/spec.js";

/**
 * Read-only data sources in the Pulumi convention: `getX(args)` returns a Promise, `getXOutput(args)`
 * an Output and takes Inputs. Both read `woodpecker:server` / `woodpecker:token` from stack config
 * (then WOODPECKER_SERVER / WOODPECKER_TOKEN) and never put the token in a result. Types come from
 * the zod schemas of the specs in provider/functions/.
 */

type F = typeof functions;
type Args<K extends keyof F> = ArgsOf<F[K]>;
type Result<K extends keyof F> = ResultOf<F[K]>;

/** Lists the pipelines of a repository, newest first, with filters (branch, event, status, ref, before, after) and a limit (default 50). */
export const getPipelines = promiseFunction(functions.getPipelines);
/** Lists the pipelines of a repository, newest first, with filters (branch, event, status, ref, before, after) and a limit (default 50). Arguments may be Inputs. */
export const getPipelinesOutput = outputFunction(functions.getPipelines);
export type GetPipelinesArgs = Args<"getPipelines">;
export type GetPipelinesResult = Result<"getPipelines">;

/** One pipeline with its workflows and steps: by number, or the latest push pipeline of the default branch (or of `branch`). */
export const getPipeline = promiseFunction(functions.getPipeline);
/** One pipeline with its workflows and steps: by number, or the latest push pipeline of the default branch (or of `branch`). Arguments may be Inputs. */
export const getPipelineOutput = outputFunction(functions.getPipeline);
export type GetPipelineArgs = Args<"getPipeline">;
export type GetPipelineResult = Result<"getPipeline">;

/** A repository by full name or id. */
export const getRepository = promiseFunction(functions.getRepository);
/** A repository by full name or id. Arguments may be Inputs. */
export const getRepositoryOutput = outputFunction(functions.getRepository);
export type GetRepositoryArgs = Args<"getRepository">;
export type GetRepositoryResult = Result<"getRepository">;

/** An organization by name or id (an unknown id is not found, never the server's empty org 0). */
export const getOrg = promiseFunction(functions.getOrg);
/** An organization by name or id (an unknown id is not found, never the server's empty org 0). Arguments may be Inputs. */
export const getOrgOutput = outputFunction(functions.getOrg);
export type GetOrgArgs = Args<"getOrg">;
export type GetOrgResult = Result<"getOrg">;

/** A user by login (instance admin). */
export const getUser = promiseFunction(functions.getUser);
/** A user by login (instance admin). Arguments may be Inputs. */
export const getUserOutput = outputFunction(functions.getUser);
export type GetUserArgs = Args<"getUser">;
export type GetUserResult = Result<"getUser">;

/** The user the configured token belongs to. */
export const getCurrentUser = promiseFunction(functions.getCurrentUser);
/** The user the configured token belongs to. Arguments may be Inputs. */
export const getCurrentUserOutput = outputFunction(functions.getCurrentUser);
export type GetCurrentUserArgs = Args<"getCurrentUser">;
export type GetCurrentUserResult = Result<"getCurrentUser">;

/** The server's version (GET /version). */
export const getServerVersion = promiseFunction(functions.getServerVersion);
/** The server's version (GET /version). Arguments may be Inputs. */
export const getServerVersionOutput = outputFunction(functions.getServerVersion);
export type GetServerVersionArgs = Args<"getServerVersion">;
export type GetServerVersionResult = Result<"getServerVersion">;

/** The secrets of a repository, without values. */
export const getRepositorySecrets = promiseFunction(functions.getRepositorySecrets);
/** The secrets of a repository, without values. Arguments may be Inputs. */
export const getRepositorySecretsOutput = outputFunction(functions.getRepositorySecrets);
export type GetRepositorySecretsArgs = Args<"getRepositorySecrets">;
export type GetRepositorySecretsResult = Result<"getRepositorySecrets">;

/** The registry credentials of a repository, without passwords. */
export const getRepositoryRegistries = promiseFunction(functions.getRepositoryRegistries);
/** The registry credentials of a repository, without passwords. Arguments may be Inputs. */
export const getRepositoryRegistriesOutput = outputFunction(functions.getRepositoryRegistries);
export type GetRepositoryRegistriesArgs = Args<"getRepositoryRegistries">;
export type GetRepositoryRegistriesResult = Result<"getRepositoryRegistries">;

/** The crons of a repository. */
export const getRepositoryCrons = promiseFunction(functions.getRepositoryCrons);
/** The crons of a repository. Arguments may be Inputs. */
export const getRepositoryCronsOutput = outputFunction(functions.getRepositoryCrons);
export type GetRepositoryCronsArgs = Args<"getRepositoryCrons">;
export type GetRepositoryCronsResult = Result<"getRepositoryCrons">;

/** The secrets of an organization, without values. */
export const getOrgSecrets = promiseFunction(functions.getOrgSecrets);
/** The secrets of an organization, without values. Arguments may be Inputs. */
export const getOrgSecretsOutput = outputFunction(functions.getOrgSecrets);
export type GetOrgSecretsArgs = Args<"getOrgSecrets">;
export type GetOrgSecretsResult = Result<"getOrgSecrets">;

/** The registry credentials of an organization, without passwords. */
export const getOrgRegistries = promiseFunction(functions.getOrgRegistries);
/** The registry credentials of an organization, without passwords. Arguments may be Inputs. */
export const getOrgRegistriesOutput = outputFunction(functions.getOrgRegistries);
export type GetOrgRegistriesArgs = Args<"getOrgRegistries">;
export type GetOrgRegistriesResult = Result<"getOrgRegistries">;

/** The agents of an organization; tokens are secret Outputs. */
export const getOrgAgents = promiseFunction(functions.getOrgAgents);
/** The agents of an organization; tokens are secret Outputs. Arguments may be Inputs. */
export const getOrgAgentsOutput = outputFunction(functions.getOrgAgents);
export type GetOrgAgentsArgs = Args<"getOrgAgents">;
export type GetOrgAgentsResult = Result<"getOrgAgents">;

/** The global secrets, without values. */
export const getGlobalSecrets = promiseFunction(functions.getGlobalSecrets);
/** The global secrets, without values. Arguments may be Inputs. */
export const getGlobalSecretsOutput = outputFunction(functions.getGlobalSecrets);
export type GetGlobalSecretsArgs = Args<"getGlobalSecrets">;
export type GetGlobalSecretsResult = Result<"getGlobalSecrets">;

/** The global registry credentials, without passwords. */
export const getGlobalRegistries = promiseFunction(functions.getGlobalRegistries);
/** The global registry credentials, without passwords. Arguments may be Inputs. */
export const getGlobalRegistriesOutput = outputFunction(functions.getGlobalRegistries);
export type GetGlobalRegistriesArgs = Args<"getGlobalRegistries">;
export type GetGlobalRegistriesResult = Result<"getGlobalRegistries">;

/** Every agent (instance admin); tokens are secret Outputs. */
export const getAgents = promiseFunction(functions.getAgents);
/** Every agent (instance admin); tokens are secret Outputs. Arguments may be Inputs. */
export const getAgentsOutput = outputFunction(functions.getAgents);
export type GetAgentsArgs = Args<"getAgents">;
export type GetAgentsResult = Result<"getAgents">;

/** The forges (full details for instance admins only); additional options are secret Outputs. */
export const getForges = promiseFunction(functions.getForges);
/** The forges (full details for instance admins only); additional options are secret Outputs. Arguments may be Inputs. */
export const getForgesOutput = outputFunction(functions.getForges);
export type GetForgesArgs = Args<"getForges">;
export type GetForgesResult = Result<"getForges">;

/** Every user (instance admin). */
export const getUsers = promiseFunction(functions.getUsers);
/** Every user (instance admin). Arguments may be Inputs. */
export const getUsersOutput = outputFunction(functions.getUsers);
export type GetUsersArgs = Args<"getUsers">;
export type GetUsersResult = Result<"getUsers">;

/** Every organization that is not a user's personal one (instance admin). */
export const getOrgs = promiseFunction(functions.getOrgs);
/** Every organization that is not a user's personal one (instance admin). Arguments may be Inputs. */
export const getOrgsOutput = outputFunction(functions.getOrgs);
export type GetOrgsArgs = Args<"getOrgs">;
export type GetOrgsResult = Result<"getOrgs">;
