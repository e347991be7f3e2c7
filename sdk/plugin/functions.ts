import { functions } from "../../provider/functions/index.js";
import { pluginOutputFunction, pluginPromiseFunction } from "./define.js";

/**
 * The data sources through the provider plugin (token `woodpecker:index:<name>`): `getX(args, opts?)`
 * returns a Promise, `getXOutput(args, opts?)` an Output and takes Inputs. They read with the default
 * provider's config (stack config `woodpecker:*`, then the environment) or with `opts.provider`.
 * Arguments and results are typed as the dynamic face's functions of the same name.
 */

export type { GetPipelinesArgs, GetPipelinesResult, GetPipelineArgs, GetPipelineResult, GetRepositoryArgs, GetRepositoryResult, GetOrgArgs, GetOrgResult, GetUserArgs, GetUserResult, GetCurrentUserArgs, GetCurrentUserResult, GetServerVersionArgs, GetServerVersionResult, GetRepositorySecretsArgs, GetRepositorySecretsResult, GetRepositoryRegistriesArgs, GetRepositoryRegistriesResult, GetRepositoryCronsArgs, GetRepositoryCronsResult, GetOrgSecretsArgs, GetOrgSecretsResult, GetOrgRegistriesArgs, GetOrgRegistriesResult, GetOrgAgentsArgs, GetOrgAgentsResult, GetGlobalSecretsArgs, GetGlobalSecretsResult, GetGlobalRegistriesArgs, GetGlobalRegistriesResult, GetAgentsArgs, GetAgentsResult, GetForgesArgs, GetForgesResult, GetUsersArgs, GetUsersResult, GetOrgsArgs, GetOrgsResult } from "../functions.js";

/** Lists the pipelines of a repository, newest first, with filters (branch, event, status, ref, before, after) and a limit (default 50). */
export const getPipelines = pluginPromiseFunction(functions.getPipelines);
/** Lists the pipelines of a repository, newest first, with filters (branch, event, status, ref, before, after) and a limit (default 50). Arguments may be Inputs. */
export const getPipelinesOutput = pluginOutputFunction(functions.getPipelines);

/** One pipeline with its workflows and steps: by number, or the latest push pipeline of the default branch (or of `branch`). */
export const getPipeline = pluginPromiseFunction(functions.getPipeline);
/** One pipeline with its workflows and steps: by number, or the latest push pipeline of the default branch (or of `branch`). Arguments may be Inputs. */
export const getPipelineOutput = pluginOutputFunction(functions.getPipeline);

/** A repository by full name or id. */
export const getRepository = pluginPromiseFunction(functions.getRepository);
/** A repository by full name or id. Arguments may be Inputs. */
export const getRepositoryOutput = pluginOutputFunction(functions.getRepository);

/** An organization by name or id (an unknown id is not found, never the server's empty org 0). */
export const getOrg = pluginPromiseFunction(functions.getOrg);
/** An organization by name or id (an unknown id is not found, never the server's empty org 0). Arguments may be Inputs. */
export const getOrgOutput = pluginOutputFunction(functions.getOrg);

/** A user by login (instance admin). */
export const getUser = pluginPromiseFunction(functions.getUser);
/** A user by login (instance admin). Arguments may be Inputs. */
export const getUserOutput = pluginOutputFunction(functions.getUser);

/** The user the configured token belongs to. */
export const getCurrentUser = pluginPromiseFunction(functions.getCurrentUser);
/** The user the configured token belongs to. Arguments may be Inputs. */
export const getCurrentUserOutput = pluginOutputFunction(functions.getCurrentUser);

/** The server's version (GET /version). */
export const getServerVersion = pluginPromiseFunction(functions.getServerVersion);
/** The server's version (GET /version). Arguments may be Inputs. */
export const getServerVersionOutput = pluginOutputFunction(functions.getServerVersion);

/** The secrets of a repository, without values. */
export const getRepositorySecrets = pluginPromiseFunction(functions.getRepositorySecrets);
/** The secrets of a repository, without values. Arguments may be Inputs. */
export const getRepositorySecretsOutput = pluginOutputFunction(functions.getRepositorySecrets);

/** The registry credentials of a repository, without passwords. */
export const getRepositoryRegistries = pluginPromiseFunction(functions.getRepositoryRegistries);
/** The registry credentials of a repository, without passwords. Arguments may be Inputs. */
export const getRepositoryRegistriesOutput = pluginOutputFunction(functions.getRepositoryRegistries);

/** The crons of a repository. */
export const getRepositoryCrons = pluginPromiseFunction(functions.getRepositoryCrons);
/** The crons of a repository. Arguments may be Inputs. */
export const getRepositoryCronsOutput = pluginOutputFunction(functions.getRepositoryCrons);

/** The secrets of an organization, without values. */
export const getOrgSecrets = pluginPromiseFunction(functions.getOrgSecrets);
/** The secrets of an organization, without values. Arguments may be Inputs. */
export const getOrgSecretsOutput = pluginOutputFunction(functions.getOrgSecrets);

/** The registry credentials of an organization, without passwords. */
export const getOrgRegistries = pluginPromiseFunction(functions.getOrgRegistries);
/** The registry credentials of an organization, without passwords. Arguments may be Inputs. */
export const getOrgRegistriesOutput = pluginOutputFunction(functions.getOrgRegistries);

/** The agents of an organization; tokens are secret Outputs. */
export const getOrgAgents = pluginPromiseFunction(functions.getOrgAgents);
/** The agents of an organization; tokens are secret Outputs. Arguments may be Inputs. */
export const getOrgAgentsOutput = pluginOutputFunction(functions.getOrgAgents);

/** The global secrets, without values. */
export const getGlobalSecrets = pluginPromiseFunction(functions.getGlobalSecrets);
/** The global secrets, without values. Arguments may be Inputs. */
export const getGlobalSecretsOutput = pluginOutputFunction(functions.getGlobalSecrets);

/** The global registry credentials, without passwords. */
export const getGlobalRegistries = pluginPromiseFunction(functions.getGlobalRegistries);
/** The global registry credentials, without passwords. Arguments may be Inputs. */
export const getGlobalRegistriesOutput = pluginOutputFunction(functions.getGlobalRegistries);

/** Every agent (instance admin); tokens are secret Outputs. */
export const getAgents = pluginPromiseFunction(functions.getAgents);
/** Every agent (instance admin); tokens are secret Outputs. Arguments may be Inputs. */
export const getAgentsOutput = pluginOutputFunction(functions.getAgents);

/** The forges (full details for instance admins only); additional options are secret Outputs. */
export const getForges = pluginPromiseFunction(functions.getForges);
/** The forges (full details for instance admins only); additional options are secret Outputs. Arguments may be Inputs. */
export const getForgesOutput = pluginOutputFunction(functions.getForges);

/** Every user (instance admin). */
export const getUsers = pluginPromiseFunction(functions.getUsers);
/** Every user (instance admin). Arguments may be Inputs. */
export const getUsersOutput = pluginOutputFunction(functions.getUsers);

/** Every organization that is not a user's personal one (instance admin). */
export const getOrgs = pluginPromiseFunction(functions.getOrgs);
/** Every organization that is not a user's personal one (instance admin). Arguments may be Inputs. */
export const getOrgsOutput = pluginOutputFunction(functions.getOrgs);
