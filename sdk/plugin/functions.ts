import type * as t from "../types.js";
import { pluginOutputFunction, pluginPromiseFunction } from "./define.js";

/**
 * The data sources through the provider plugin (token `woodpecker:index:<name>`): `getX(args, opts?)`
 * returns a Promise, `getXOutput(args, opts?)` an Output and takes Inputs. They read with the default
 * provider's config (stack config `woodpecker:*`, then the environment) or with `opts.provider`.
 * Arguments and results are typed as the dynamic face's functions of the same name.
 */

/** Lists the pipelines of a repository, newest first, with filters (branch, event, status, ref, before, after) and a limit (default 50). */
export const getPipelines = pluginPromiseFunction<t.GetPipelinesArgs, t.GetPipelinesResult>("getPipelines");
/** Lists the pipelines of a repository, newest first, with filters (branch, event, status, ref, before, after) and a limit (default 50). Arguments may be Inputs. */
export const getPipelinesOutput = pluginOutputFunction<t.GetPipelinesOutputArgs, t.GetPipelinesResult>("getPipelines");

/** One pipeline with its workflows and steps: by number, or the latest push pipeline of the default branch (or of `branch`). */
export const getPipeline = pluginPromiseFunction<t.GetPipelineArgs, t.GetPipelineResult>("getPipeline");
/** One pipeline with its workflows and steps: by number, or the latest push pipeline of the default branch (or of `branch`). Arguments may be Inputs. */
export const getPipelineOutput = pluginOutputFunction<t.GetPipelineOutputArgs, t.GetPipelineResult>("getPipeline");

/** A repository by full name or id. */
export const getRepository = pluginPromiseFunction<t.GetRepositoryArgs, t.GetRepositoryResult>("getRepository");
/** A repository by full name or id. Arguments may be Inputs. */
export const getRepositoryOutput = pluginOutputFunction<t.GetRepositoryOutputArgs, t.GetRepositoryResult>("getRepository");

/** An organization by name or id (an unknown id is not found, never the server's empty org 0). */
export const getOrg = pluginPromiseFunction<t.GetOrgArgs, t.GetOrgResult>("getOrg");
/** An organization by name or id (an unknown id is not found, never the server's empty org 0). Arguments may be Inputs. */
export const getOrgOutput = pluginOutputFunction<t.GetOrgOutputArgs, t.GetOrgResult>("getOrg");

/** A user by login (instance admin). */
export const getUser = pluginPromiseFunction<t.GetUserArgs, t.GetUserResult>("getUser");
/** A user by login (instance admin). Arguments may be Inputs. */
export const getUserOutput = pluginOutputFunction<t.GetUserOutputArgs, t.GetUserResult>("getUser");

/** The user the configured token belongs to. */
export const getCurrentUser = pluginPromiseFunction<t.GetCurrentUserArgs, t.GetCurrentUserResult>("getCurrentUser");
/** The user the configured token belongs to. Arguments may be Inputs. */
export const getCurrentUserOutput = pluginOutputFunction<t.GetCurrentUserOutputArgs, t.GetCurrentUserResult>("getCurrentUser");

/** The server's version (GET /version). */
export const getServerVersion = pluginPromiseFunction<t.GetServerVersionArgs, t.GetServerVersionResult>("getServerVersion");
/** The server's version (GET /version). Arguments may be Inputs. */
export const getServerVersionOutput = pluginOutputFunction<t.GetServerVersionOutputArgs, t.GetServerVersionResult>("getServerVersion");

/** The secrets of a repository, without values. */
export const getRepositorySecrets = pluginPromiseFunction<t.GetRepositorySecretsArgs, t.GetRepositorySecretsResult>("getRepositorySecrets");
/** The secrets of a repository, without values. Arguments may be Inputs. */
export const getRepositorySecretsOutput = pluginOutputFunction<t.GetRepositorySecretsOutputArgs, t.GetRepositorySecretsResult>("getRepositorySecrets");

/** The registry credentials of a repository, without passwords. */
export const getRepositoryRegistries = pluginPromiseFunction<t.GetRepositoryRegistriesArgs, t.GetRepositoryRegistriesResult>("getRepositoryRegistries");
/** The registry credentials of a repository, without passwords. Arguments may be Inputs. */
export const getRepositoryRegistriesOutput = pluginOutputFunction<t.GetRepositoryRegistriesOutputArgs, t.GetRepositoryRegistriesResult>(
  "getRepositoryRegistries",
);

/** The crons of a repository. */
export const getRepositoryCrons = pluginPromiseFunction<t.GetRepositoryCronsArgs, t.GetRepositoryCronsResult>("getRepositoryCrons");
/** The crons of a repository. Arguments may be Inputs. */
export const getRepositoryCronsOutput = pluginOutputFunction<t.GetRepositoryCronsOutputArgs, t.GetRepositoryCronsResult>("getRepositoryCrons");

/** The secrets of an organization, without values. */
export const getOrgSecrets = pluginPromiseFunction<t.GetOrgSecretsArgs, t.GetOrgSecretsResult>("getOrgSecrets");
/** The secrets of an organization, without values. Arguments may be Inputs. */
export const getOrgSecretsOutput = pluginOutputFunction<t.GetOrgSecretsOutputArgs, t.GetOrgSecretsResult>("getOrgSecrets");

/** The registry credentials of an organization, without passwords. */
export const getOrgRegistries = pluginPromiseFunction<t.GetOrgRegistriesArgs, t.GetOrgRegistriesResult>("getOrgRegistries");
/** The registry credentials of an organization, without passwords. Arguments may be Inputs. */
export const getOrgRegistriesOutput = pluginOutputFunction<t.GetOrgRegistriesOutputArgs, t.GetOrgRegistriesResult>("getOrgRegistries");

/** The agents of an organization; tokens are secret Outputs. */
export const getOrgAgents = pluginPromiseFunction<t.GetOrgAgentsArgs, t.GetOrgAgentsResult>("getOrgAgents");
/** The agents of an organization; tokens are secret Outputs. Arguments may be Inputs. */
export const getOrgAgentsOutput = pluginOutputFunction<t.GetOrgAgentsOutputArgs, t.GetOrgAgentsResult>("getOrgAgents");

/** The global secrets, without values. */
export const getGlobalSecrets = pluginPromiseFunction<t.GetGlobalSecretsArgs, t.GetGlobalSecretsResult>("getGlobalSecrets");
/** The global secrets, without values. Arguments may be Inputs. */
export const getGlobalSecretsOutput = pluginOutputFunction<t.GetGlobalSecretsOutputArgs, t.GetGlobalSecretsResult>("getGlobalSecrets");

/** The global registry credentials, without passwords. */
export const getGlobalRegistries = pluginPromiseFunction<t.GetGlobalRegistriesArgs, t.GetGlobalRegistriesResult>("getGlobalRegistries");
/** The global registry credentials, without passwords. Arguments may be Inputs. */
export const getGlobalRegistriesOutput = pluginOutputFunction<t.GetGlobalRegistriesOutputArgs, t.GetGlobalRegistriesResult>("getGlobalRegistries");

/** Every agent (instance admin); tokens are secret Outputs. */
export const getAgents = pluginPromiseFunction<t.GetAgentsArgs, t.GetAgentsResult>("getAgents");
/** Every agent (instance admin); tokens are secret Outputs. Arguments may be Inputs. */
export const getAgentsOutput = pluginOutputFunction<t.GetAgentsOutputArgs, t.GetAgentsResult>("getAgents");

/** The forges (full details for instance admins only); additional options are secret Outputs. */
export const getForges = pluginPromiseFunction<t.GetForgesArgs, t.GetForgesResult>("getForges");
/** The forges (full details for instance admins only); additional options are secret Outputs. Arguments may be Inputs. */
export const getForgesOutput = pluginOutputFunction<t.GetForgesOutputArgs, t.GetForgesResult>("getForges");

/** Every user (instance admin). */
export const getUsers = pluginPromiseFunction<t.GetUsersArgs, t.GetUsersResult>("getUsers");
/** Every user (instance admin). Arguments may be Inputs. */
export const getUsersOutput = pluginOutputFunction<t.GetUsersOutputArgs, t.GetUsersResult>("getUsers");

/** Every organization that is not a user's personal one (instance admin). */
export const getOrgs = pluginPromiseFunction<t.GetOrgsArgs, t.GetOrgsResult>("getOrgs");
/** Every organization that is not a user's personal one (instance admin). Arguments may be Inputs. */
export const getOrgsOutput = pluginOutputFunction<t.GetOrgsOutputArgs, t.GetOrgsResult>("getOrgs");
