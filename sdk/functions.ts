import type * as pulumi from "@pulumi/pulumi";
import { functions } from "../provider/functions/index.js";
import { outputFunction, promiseFunction } from "../provider/functions/runner.js";
import type { ArgsParam } from "../provider/functions/params.js";
import type * as t from "./types.js";

/**
 * Read-only data sources in the Pulumi convention: `getX(args)` returns a Promise, `getXOutput(args)`
 * an Output and takes Inputs. Both read `woodpecker:server` / `woodpecker:token` from stack config
 * (then WOODPECKER_SERVER / WOODPECKER_TOKEN) and never put the token in a result. The runners take
 * the spec by name; the types are the generated ones (sdk/types.ts), so the declarations need no zod.
 */

type Name = keyof typeof functions;
const promise = <A, R>(name: Name) => promiseFunction(functions[name] as never) as unknown as (...args: ArgsParam<A>) => Promise<R>;
const output = <A, R>(name: Name) => outputFunction(functions[name] as never) as unknown as (...args: ArgsParam<A>) => pulumi.Output<R>;

/** Lists the pipelines of a repository, newest first, with filters (branch, event, status, ref, before, after) and a limit (default 50). */
export const getPipelines = promise<t.GetPipelinesArgs, t.GetPipelinesResult>("getPipelines");
/** Lists the pipelines of a repository, newest first, with filters (branch, event, status, ref, before, after) and a limit (default 50). Arguments may be Inputs. */
export const getPipelinesOutput = output<t.GetPipelinesOutputArgs, t.GetPipelinesResult>("getPipelines");

/** One pipeline with its workflows and steps: by number, or the latest push pipeline of the default branch (or of `branch`). */
export const getPipeline = promise<t.GetPipelineArgs, t.GetPipelineResult>("getPipeline");
/** One pipeline with its workflows and steps: by number, or the latest push pipeline of the default branch (or of `branch`). Arguments may be Inputs. */
export const getPipelineOutput = output<t.GetPipelineOutputArgs, t.GetPipelineResult>("getPipeline");

/** A repository by full name or id. */
export const getRepository = promise<t.GetRepositoryArgs, t.GetRepositoryResult>("getRepository");
/** A repository by full name or id. Arguments may be Inputs. */
export const getRepositoryOutput = output<t.GetRepositoryOutputArgs, t.GetRepositoryResult>("getRepository");

/** An organization by name or id (an unknown id is not found, never the server's empty org 0). */
export const getOrg = promise<t.GetOrgArgs, t.GetOrgResult>("getOrg");
/** An organization by name or id (an unknown id is not found, never the server's empty org 0). Arguments may be Inputs. */
export const getOrgOutput = output<t.GetOrgOutputArgs, t.GetOrgResult>("getOrg");

/** A user by login (instance admin). */
export const getUser = promise<t.GetUserArgs, t.GetUserResult>("getUser");
/** A user by login (instance admin). Arguments may be Inputs. */
export const getUserOutput = output<t.GetUserOutputArgs, t.GetUserResult>("getUser");

/** The user the configured token belongs to. */
export const getCurrentUser = promise<t.GetCurrentUserArgs, t.GetCurrentUserResult>("getCurrentUser");
/** The user the configured token belongs to. Arguments may be Inputs. */
export const getCurrentUserOutput = output<t.GetCurrentUserOutputArgs, t.GetCurrentUserResult>("getCurrentUser");

/** The server's version (GET /version). */
export const getServerVersion = promise<t.GetServerVersionArgs, t.GetServerVersionResult>("getServerVersion");
/** The server's version (GET /version). Arguments may be Inputs. */
export const getServerVersionOutput = output<t.GetServerVersionOutputArgs, t.GetServerVersionResult>("getServerVersion");

/** The secrets of a repository, without values. */
export const getRepositorySecrets = promise<t.GetRepositorySecretsArgs, t.GetRepositorySecretsResult>("getRepositorySecrets");
/** The secrets of a repository, without values. Arguments may be Inputs. */
export const getRepositorySecretsOutput = output<t.GetRepositorySecretsOutputArgs, t.GetRepositorySecretsResult>("getRepositorySecrets");

/** The registry credentials of a repository, without passwords. */
export const getRepositoryRegistries = promise<t.GetRepositoryRegistriesArgs, t.GetRepositoryRegistriesResult>("getRepositoryRegistries");
/** The registry credentials of a repository, without passwords. Arguments may be Inputs. */
export const getRepositoryRegistriesOutput = output<t.GetRepositoryRegistriesOutputArgs, t.GetRepositoryRegistriesResult>("getRepositoryRegistries");

/** The crons of a repository. */
export const getRepositoryCrons = promise<t.GetRepositoryCronsArgs, t.GetRepositoryCronsResult>("getRepositoryCrons");
/** The crons of a repository. Arguments may be Inputs. */
export const getRepositoryCronsOutput = output<t.GetRepositoryCronsOutputArgs, t.GetRepositoryCronsResult>("getRepositoryCrons");

/** The secrets of an organization, without values. */
export const getOrgSecrets = promise<t.GetOrgSecretsArgs, t.GetOrgSecretsResult>("getOrgSecrets");
/** The secrets of an organization, without values. Arguments may be Inputs. */
export const getOrgSecretsOutput = output<t.GetOrgSecretsOutputArgs, t.GetOrgSecretsResult>("getOrgSecrets");

/** The registry credentials of an organization, without passwords. */
export const getOrgRegistries = promise<t.GetOrgRegistriesArgs, t.GetOrgRegistriesResult>("getOrgRegistries");
/** The registry credentials of an organization, without passwords. Arguments may be Inputs. */
export const getOrgRegistriesOutput = output<t.GetOrgRegistriesOutputArgs, t.GetOrgRegistriesResult>("getOrgRegistries");

/** The agents of an organization; tokens are secret Outputs. */
export const getOrgAgents = promise<t.GetOrgAgentsArgs, t.GetOrgAgentsResult>("getOrgAgents");
/** The agents of an organization; tokens are secret Outputs. Arguments may be Inputs. */
export const getOrgAgentsOutput = output<t.GetOrgAgentsOutputArgs, t.GetOrgAgentsResult>("getOrgAgents");

/** The global secrets, without values. */
export const getGlobalSecrets = promise<t.GetGlobalSecretsArgs, t.GetGlobalSecretsResult>("getGlobalSecrets");
/** The global secrets, without values. Arguments may be Inputs. */
export const getGlobalSecretsOutput = output<t.GetGlobalSecretsOutputArgs, t.GetGlobalSecretsResult>("getGlobalSecrets");

/** The global registry credentials, without passwords. */
export const getGlobalRegistries = promise<t.GetGlobalRegistriesArgs, t.GetGlobalRegistriesResult>("getGlobalRegistries");
/** The global registry credentials, without passwords. Arguments may be Inputs. */
export const getGlobalRegistriesOutput = output<t.GetGlobalRegistriesOutputArgs, t.GetGlobalRegistriesResult>("getGlobalRegistries");

/** Every agent (instance admin); tokens are secret Outputs. */
export const getAgents = promise<t.GetAgentsArgs, t.GetAgentsResult>("getAgents");
/** Every agent (instance admin); tokens are secret Outputs. Arguments may be Inputs. */
export const getAgentsOutput = output<t.GetAgentsOutputArgs, t.GetAgentsResult>("getAgents");

/** The forges (full details for instance admins only); additional options are secret Outputs. */
export const getForges = promise<t.GetForgesArgs, t.GetForgesResult>("getForges");
/** The forges (full details for instance admins only); additional options are secret Outputs. Arguments may be Inputs. */
export const getForgesOutput = output<t.GetForgesOutputArgs, t.GetForgesResult>("getForges");

/** Every user (instance admin). */
export const getUsers = promise<t.GetUsersArgs, t.GetUsersResult>("getUsers");
/** Every user (instance admin). Arguments may be Inputs. */
export const getUsersOutput = output<t.GetUsersOutputArgs, t.GetUsersResult>("getUsers");

/** Every organization that is not a user's personal one (instance admin). */
export const getOrgs = promise<t.GetOrgsArgs, t.GetOrgsResult>("getOrgs");
/** Every organization that is not a user's personal one (instance admin). Arguments may be Inputs. */
export const getOrgsOutput = output<t.GetOrgsOutputArgs, t.GetOrgsResult>("getOrgs");
