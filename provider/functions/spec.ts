// The Output module, not the SDK's root: the plugin loads this file, and the root would be most of its start-up.
import * as pulumi from "@pulumi/pulumi/output";
import { z } from "zod";
import type { WoodpeckerClient } from "../client/client.js";
import type { Example } from "../engine/example.js";
import type { InputField, InputFields } from "../engine/spec.js";

export { input } from "../engine/spec.js";

/** A function's token in the provider plugin and schema.json (the dynamic face runs functions in the program). */
export { functionToken } from "../engine/tokens.js";

/**
 * A read-only data source declared as data, like the resource specs: its arguments (each a zod
 * schema with a doc string), its result (a zod schema whose every field carries a description) and
 * one `run` that reads the server. The runner (runner.ts) validates the arguments, converts the
 * API's snake_case answer to the result's camelCase keys, checks it against the result schema and
 * builds the Promise and Output variants; the generators turn the spec into schema and docs.
 */
export interface FunctionSpec<A extends InputFields = InputFields, R extends z.ZodType = z.ZodType> {
  /** Function name as exported from the SDK, e.g. `getPipelines` (the Output variant adds `Output`). */
  name: string;
  /** One paragraph for docs and schema. */
  doc: string;
  /** Server behaviour worth knowing, for the reference docs. */
  caveats?: string[];
  args: A;
  /** Rules across several arguments, run after the per-field schemas. */
  validate?(args: ParsedArgs<A>): { property: string; reason: string }[];
  /** The result. Object keys are camelCase; the runner reads each from the same key or its snake_case form. */
  result: R;
  /** Reads the server. May return API objects as they are (snake_case, nulls): the runner converts them. */
  run(client: WoodpeckerClient, args: ParsedArgs<A>): Promise<unknown>;
  /** The docs' example program, in no language (engine/example.ts). */
  example?: Example;
}

/** Arguments after validation: defaults applied, transforms run. */
export type ParsedArgs<A extends InputFields> = { [K in keyof A]: z.output<A[K]["schema"]> };

type In<F extends InputField> = z.input<F["schema"]>;
type OptionalKeys<A extends InputFields> = { [K in keyof A]: undefined extends In<A[K]> ? K : never }[keyof A];

/** Arguments as callers give them: optional where the schema allows undefined or has a default. */
export type FunctionArgs<A extends InputFields> = { [K in Exclude<keyof A, OptionalKeys<A>>]: In<A[K]> } & {
  [K in OptionalKeys<A>]?: Exclude<In<A[K]>, undefined>;
};

export type ArgsOf<S extends FunctionSpec> = FunctionArgs<S["args"]>;
export type ResultOf<S extends FunctionSpec> = z.output<S["result"]>;

export type { ArgsParam } from "./params.js";

/** Arguments of an Output variant: each may be a Pulumi Input (an Output of another resource, a Promise). */
export type OutputArgs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

export function defineFunction<A extends InputFields, R extends z.ZodType>(spec: FunctionSpec<A, R>): FunctionSpec<A, R> {
  return spec;
}

/** A result field with its description (what the docs and schema.json show). */
export function field<S extends z.ZodType>(schema: S, doc: string): S {
  return schema.describe(doc);
}

/**
 * A result field the server returns in clear text but that is a credential (e.g. an agent token):
 * the result carries it as a `pulumi.Output` made with `pulumi.secret`, so it is encrypted in state
 * and masked in output wherever the program puts it. Marked `secret: true` in the schema metadata.
 */
export function secretField<S extends z.ZodType>(schema: S, doc: string) {
  return schema.transform((value): pulumi.Output<z.output<S>> => pulumi.secret(value) as pulumi.Output<z.output<S>>).meta({ description: doc, secret: true });
}

/** Metadata of a schema (description, secret) looked up through optional/default/pipe wrappers. */
export function metaOf(schema: z.ZodType): { description?: string; secret?: boolean } {
  for (let s: z.ZodType | undefined = schema; s; s = inner(s)) {
    const meta = z.globalRegistry.get(s) as { description?: string; secret?: boolean } | undefined;
    if (meta?.description || meta?.secret) return meta;
  }
  return {};
}

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType; valueType?: z.ZodType };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

const WRAPPERS = ["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"];

function inner(schema: z.ZodType): z.ZodType | undefined {
  const def = defOf(schema);
  if (WRAPPERS.includes(def.type)) return def.innerType;
  if (def.type === "pipe") return def.in;
  return undefined;
}

/** The object shape behind wrappers, for docs and tests; undefined when the schema is no object. */
export function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  for (let s: z.ZodType | undefined = schema; s; s = inner(s)) {
    const def = defOf(s);
    if (def.type === "object") return def.shape;
    if (def.type === "array") return shapeOf(def.element!);
  }
  return undefined;
}

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function acceptsNull(schema: z.ZodType): boolean {
  for (let s: z.ZodType | undefined = schema; s; s = inner(s)) if (defOf(s).type === "nullable") return true;
  return false;
}

/**
 * The one snake_case → camelCase converter, driven by the result schema: object keys come from the
 * schema's shape (each read from `key` or `snake_key`), while record keys (cron variables, agent
 * labels, forge options) are user data and stay as they are. Keys the schema does not declare are
 * dropped, so write-only fields never reach a result. A `null` where the schema takes no null (the
 * server's empty list) becomes absent, so the field's default applies
 * (pinned: test/conformance/cases.ts, "empty lists: null for repo secrets").
 */
export function fromApi(schema: z.ZodType, value: unknown): unknown {
  const def = defOf(schema);
  if (WRAPPERS.includes(def.type)) return value === null || value === undefined ? value : fromApi(def.innerType!, value);
  if (def.type === "pipe") return fromApi(def.in!, value);
  if (def.type === "array") return Array.isArray(value) ? value.map((item) => fromApi(def.element!, item)) : value;
  if (!isPlainObject(value)) return value;
  if (def.type === "record") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromApi(def.valueType!, item)]));
  if (def.type !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, fieldSchema] of Object.entries(def.shape!)) {
    const raw = key in value ? value[key] : value[snake(key)];
    if (raw === undefined || (raw === null && !acceptsNull(fieldSchema))) continue;
    out[key] = fromApi(fieldSchema, raw);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !pulumi.Output.isInstance(value);
}
