import type { z } from "zod";
import { CONFIG_VARIABLES, type ConfigVariable } from "../../provider/config.js";
import { PLUGIN_PACKAGE, pluginTypeToken, type InputField, type ResourceSpec } from "../../provider/engine/spec.js";
import * as resultSchemas from "../../provider/functions/schemas.js";
import { functionToken, type FunctionSpec } from "../../provider/functions/spec.js";
import { APPROVAL_MODES, FORGE_TYPES, VISIBILITIES, WEBHOOK_EVENTS } from "../../provider/validation.js";
import { defOf, isOptional, pascal, TypeRegistry, type ComplexType, type ObjectSpec, type PropertySpec } from "./typespec.js";

/**
 * The Pulumi package schema (schema.json) of the provider plugin `pulumi-resource-woodpecker`, built
 * from the same specs the engine runs: resources `woodpecker:index:<Kind>`, functions
 * `woodpecker:index:<name>`, the provider's config. The plugin serves it (GetSchema), and Pulumi's
 * codegen makes other languages' SDKs from it. The dynamic provider's classes describe the same
 * resources under `pulumi-nodejs:dynamic/woodpecker:<Kind>`; the description says so.
 */

/** The one module of the package: `woodpecker:index:`, the prefix of every token. */
export const MODULE = pluginTypeToken("");

export interface PackageInfo {
  version: string;
  description: string;
  license: string;
  repository?: string;
  homepage?: string;
  /** Where the CLI downloads the plugin from (Pulumi's `github://api.github.com/<owner>/<repo>` form). */
  pluginDownloadURL: string;
  /** The @pulumi/pulumi pin: the Python SDK requires the `pulumi` package of that line or later. */
  pulumiVersion: string;
}

export interface ResourceSchema extends ObjectSpec {
  description: string;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs?: string[];
}

export interface FunctionSchema {
  description: string;
  inputs?: ObjectSpec;
  outputs: ObjectSpec;
}

export interface PackageSchema {
  name: string;
  displayName: string;
  version: string;
  description: string;
  keywords: string[];
  license: string;
  repository?: string;
  homepage?: string;
  pluginDownloadURL: string;
  config: { variables: Record<string, PropertySpec>; defaults: string[] };
  provider: { description: string; inputProperties: Record<string, PropertySpec>; properties: Record<string, PropertySpec> };
  resources: Record<string, ResourceSchema>;
  functions: Record<string, FunctionSchema>;
  types: Record<string, ComplexType>;
  language: { nodejs: Record<string, unknown>; python: Record<string, unknown>; go: Record<string, unknown> };
}

/** Names for the enums, by their values (otherwise they are named after the first property using them). */
const enumNames = new Map<string, string>([
  [VISIBILITIES.join("|"), "Visibility"],
  [APPROVAL_MODES.join("|"), "ApprovalMode"],
  [WEBHOOK_EVENTS.join("|"), "WebhookEvent"],
  [FORGE_TYPES.join("|"), "ForgeType"],
  [resultSchemas.STATUS_VALUES.join("|"), "PipelineStatus"],
]);

/**
 * Function results share the object schemas of provider/functions/schemas.ts: each becomes one type
 * named after its export, with "Info" where a resource already has that name (so the `Repository`
 * type of getRepository is not mistaken for the Repository resource).
 */
function objectNames(kinds: string[]): Map<z.ZodType, string> {
  const names = new Map<z.ZodType, string>();
  for (const [exported, schema] of Object.entries(resultSchemas)) {
    if (typeof schema !== "object" || !("_zod" in schema) || defOf(schema as z.ZodType).type !== "object") continue;
    const name = pascal(exported);
    names.set(schema as z.ZodType, kinds.includes(name) ? `${name}Info` : name);
  }
  return names;
}

export function buildSchema(info: PackageInfo, resources: ResourceSpec[], functions: FunctionSpec[]): PackageSchema {
  const objects = objectNames(resources.map((spec) => spec.kind));
  const registry = new TypeRegistry(MODULE, { enums: enumNames, objects });
  // Shared result shapes first, so nested types are named after them whichever function meets them first.
  for (const [schema, name] of objects) registry.typeOf(schema, name, "output");

  const config = configVariables();
  return {
    name: PLUGIN_PACKAGE,
    displayName: "Woodpecker CI",
    version: info.version,
    description: `${info.description}. The provider plugin pulumi-resource-woodpecker serves the resources and functions described here under the tokens \`${MODULE}<Kind>\` and \`${MODULE}<name>\` (TypeScript classes: \`pulumi-woodpecker/plugin\`). The same package's dynamic provider (TypeScript classes: \`pulumi-woodpecker\`) manages the same resources under \`pulumi-nodejs:dynamic/woodpecker:<Kind>\`, with the same inputs and outputs.`,
    keywords: ["pulumi", "woodpecker", "ci", "category/utility", "kind/native"],
    license: info.license,
    ...(info.repository ? { repository: info.repository } : {}),
    ...(info.homepage ? { homepage: info.homepage } : {}),
    pluginDownloadURL: info.pluginDownloadURL,
    config: { variables: config, defaults: Object.keys(config).filter((key) => key !== "server") },
    provider: {
      description: "Where the Woodpecker server is and how to reach it. Read from stack config (`woodpecker:<key>`), then from the environment.",
      inputProperties: config,
      properties: config,
    },
    resources: Object.fromEntries(resources.map((spec) => [pluginTypeToken(spec.kind), resourceSchema(spec, registry)])),
    functions: Object.fromEntries(functions.map((spec) => [functionToken(spec.name), functionSchema(spec, registry)])),
    types: sortKeys(registry.types),
    language: {
      // The hand-written TypeScript classes of the plugin are the npm package's `./plugin` export.
      nodejs: { packageName: "pulumi-woodpecker", packageDescription: info.description },
      // For the Python SDK in sdk/python (scripts/gen-python): the package takes the schema's version;
      // the generated code calls APIs of the generator's own line (e.g. invoke_output), so `pulumi`
      // must be at least the version the generator and the CLI are built from.
      python: {
        packageName: "pulumi_woodpecker",
        requires: { pulumi: `>=${info.pulumiVersion},<4.0.0` },
        pythonRequires: ">=3.9",
        respectSchemaVersion: true,
        pyproject: { enabled: true },
        inputTypes: "classes-and-dicts",
      },
      // For the Go SDK in sdk/go (scripts/go/gen-sdk.sh): the package's import path, under the
      // repository; sdk/go is the module.
      go: { importBasePath: `${goRepositoryPath(info.repository)}/sdk/go/woodpecker`, respectSchemaVersion: true },
    },
  };
}

/** `github.com/owner/name` for `https://github.com/owner/name(.git)` or `git+https://…`. */
function goRepositoryPath(repository: string | undefined): string {
  if (!repository) throw new Error("package.json needs a repository for the Go SDK's module path");
  const url = new URL(repository.replace(/^git\+/, ""));
  return `${url.host}${url.pathname.replace(/\.git$/, "").replace(/\/$/, "")}`;
}

function configVariables(): Record<string, PropertySpec> {
  const entries = Object.entries(CONFIG_VARIABLES as Record<string, ConfigVariable>).map(([key, variable]): [string, PropertySpec] => [
    key,
    {
      type: variable.type,
      description: variable.doc,
      ...(variable.default !== undefined ? { default: variable.default } : {}),
      ...(variable.env ? { defaultInfo: { environment: [variable.env] } } : {}),
      ...(variable.secret ? { secret: true } : {}),
    },
  ]);
  return Object.fromEntries(entries);
}

/** A field's doc, and the releases it needs (`since`, `changeableSince`): every face's docs read the schema's descriptions. */
export function docWithRelease(field: InputField): string {
  return [
    field.doc,
    ...(field.since
      ? [`Needs Woodpecker ${field.since} or newer: an older server drops it silently, so there a value other than the default is refused at preview.`]
      : []),
    ...(field.changeableSince
      ? [`Changing it needs Woodpecker ${field.changeableSince} or newer: an older server keeps it as it was, so there a change is refused at preview.`]
      : []),
  ].join(" ");
}

function resourceSchema(spec: ResourceSpec, registry: TypeRegistry): ResourceSchema {
  const inputProperties: Record<string, PropertySpec> = {};
  for (const [key, field] of Object.entries(spec.inputs)) {
    inputProperties[key] = registry.property(field.schema, spec.kind + pascal(key), "input", {
      description: docWithRelease(field),
      secret: field.secret,
      replace: field.replace,
    });
  }
  const outputProperties: Record<string, PropertySpec> = {};
  for (const [key, field] of Object.entries(spec.outputs)) {
    outputProperties[key] = registry.property(field.schema, spec.kind + pascal(key), "output", { description: field.doc, secret: field.secret });
  }
  const requiredInputs = Object.keys(spec.inputs).filter((key) => !isOptional(spec.inputs[key]!.schema, "input"));
  // In state, inputs with a default are always there, and outputs unless optional or nullable.
  const fields = { ...spec.inputs, ...spec.outputs };
  const required = Object.keys(fields).filter((key) => !isOptional(fields[key]!.schema, "output"));
  return {
    description: spec.doc,
    properties: { ...inputProperties, ...outputProperties },
    required,
    inputProperties,
    ...(requiredInputs.length ? { requiredInputs } : {}),
  };
}

function functionSchema(spec: FunctionSpec, registry: TypeRegistry): FunctionSchema {
  const name = pascal(spec.name);
  const result = defOf(spec.result);
  if (result.type !== "object") throw new Error(`${spec.name}: the result must be a zod object, got ${result.type}`);
  const args: ObjectSpec = { properties: {} };
  for (const [key, field] of Object.entries(spec.args))
    args.properties[key] = registry.property(field.schema, name + pascal(key), "input", { description: docWithRelease(field) });
  const required = Object.keys(spec.args).filter((key) => !isOptional(spec.args[key]!.schema, "input"));
  if (required.length) args.required = required;
  return {
    description: spec.doc,
    ...(Object.keys(args.properties).length ? { inputs: args } : {}),
    outputs: registry.objectSpec(result.shape!, `${name}Result`, "output"),
  };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
