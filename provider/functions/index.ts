import {
  getAgents,
  getForges,
  getGlobalRegistries,
  getGlobalSecrets,
  getOrgAgents,
  getOrgRegistries,
  getOrgs,
  getOrgSecrets,
  getRepositoryCrons,
  getRepositoryRegistries,
  getRepositorySecrets,
  getUsers,
} from "./lists.js";
import { getCurrentUser, getOrg, getRepository, getServerVersion, getUser } from "./lookups.js";
import { getPipeline, getPipelines } from "./pipelines.js";
import type { FunctionSpec } from "./spec.js";

/** Every read-only data source, by name (the SDK exports `name` and `nameOutput` for each). */
export const functions = {
  getPipelines,
  getPipeline,
  getRepository,
  getOrg,
  getUser,
  getCurrentUser,
  getServerVersion,
  getRepositorySecrets,
  getRepositoryRegistries,
  getRepositoryCrons,
  getOrgSecrets,
  getOrgRegistries,
  getOrgAgents,
  getGlobalSecrets,
  getGlobalRegistries,
  getAgents,
  getForges,
  getUsers,
  getOrgs,
};

export type FunctionName = keyof typeof functions;

export function functionFor(name: string): FunctionSpec {
  const spec = (functions as unknown as Record<string, FunctionSpec>)[name];
  if (!spec) throw new Error(`unknown Woodpecker function ${JSON.stringify(name)}; known functions: ${Object.keys(functions).join(", ")}`);
  return spec;
}

export {
  defineFunction,
  field,
  secretField,
  fromApi,
  metaOf,
  shapeOf,
  functionToken,
  type FunctionSpec,
  type FunctionArgs,
  type ArgsOf,
  type ResultOf,
  type ArgsParam,
  type OutputArgs,
} from "./spec.js";
export { invoke, parseArgs, promiseFunction, outputFunction, configuredClient, FunctionArgumentError } from "./runner.js";
export { STATUS_VALUES } from "./schemas.js";
