import { z } from "zod";
import { metaOf } from "../../provider/functions/spec.js";

/**
 * zod → Pulumi package-schema types, by walking the zod definitions (z.toJSONSchema would give JSON
 * Schema, which Pulumi's typeSpec is not: objects and enums must be named `types` entries).
 */

export interface TypeSpec {
  type?: "string" | "integer" | "number" | "boolean" | "array" | "object";
  items?: TypeSpec;
  additionalProperties?: TypeSpec;
  $ref?: string;
  oneOf?: TypeSpec[];
}

export interface PropertySpec extends TypeSpec {
  description?: string;
  default?: string | number | boolean;
  secret?: boolean;
  replaceOnChanges?: boolean;
  /** Environment variables probed for a config value. */
  defaultInfo?: { environment: string[] };
}

export interface ObjectSpec {
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

export type ComplexType =
  | ({ type: "object" } & ObjectSpec)
  | { type: "string" | "integer" | "number" | "boolean"; description?: string; enum: { name: string; value: string | number | boolean }[] };

/** Inputs are what a program may leave out; outputs are what is always there once read. */
export type Mode = "input" | "output";

type Def = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  defaultValue?: unknown;
  checks?: { _zod: { def: { check?: string; format?: string } } }[];
};
export const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** A field's zod schema with its wrappers peeled off: what the docs and the schema say about it. */
export interface Unwrapped {
  core: z.ZodType;
  optional: boolean;
  nullable: boolean;
  hasDefault: boolean;
  defaultValue?: unknown;
}

export function unwrap(schema: z.ZodType): Unwrapped {
  const out: Unwrapped = { core: schema, optional: false, nullable: false, hasDefault: false };
  for (;;) {
    const def = defOf(out.core);
    if (def.type === "optional") out.optional = true;
    else if (def.type === "nullable") out.nullable = true;
    else if (def.type === "default" || def.type === "prefault") {
      if (!out.hasDefault) out.defaultValue = structuredClone(def.defaultValue);
      out.hasDefault = true;
    } else if (!["readonly", "catch", "nonoptional", "pipe"].includes(def.type)) return out;
    // A pipe (transform) takes the input side: that is what programs write and the API returns.
    out.core = (def.type === "pipe" ? def.in : def.innerType)!;
  }
}

/** Whether a program may leave the field out (input) or it may be missing from a read (output). */
export function isOptional(schema: z.ZodType, mode: Mode): boolean {
  const u = unwrap(schema);
  return mode === "input" ? u.optional || u.hasDefault : (u.optional && !u.hasDefault) || u.nullable;
}

export const pascal = (text: string) => text.replace(/(^|[^a-zA-Z0-9]+)([a-zA-Z0-9])/g, (_, __, c: string) => c.toUpperCase());

/**
 * Collects the named types while converting. Names come from `names` (by enum values or by object
 * schema identity) or else from where the type is first met: `<Parent><Property>`. A name given to
 * two different shapes is an error, so a rename never silently merges types.
 */
export class TypeRegistry {
  readonly types: Record<string, ComplexType> = {};
  private readonly tokens = new Map<z.ZodType, string>();

  constructor(
    private readonly module: string,
    private readonly names: { enums: Map<string, string>; objects: Map<z.ZodType, string> },
  ) {}

  /** The type of one field; `hint` names the nested object or enum type if it needs a new name. */
  typeOf(schema: z.ZodType, hint: string, mode: Mode): TypeSpec {
    const { core } = unwrap(schema);
    const def = defOf(core);
    switch (def.type) {
      case "string":
        return { type: "string" };
      case "number":
        return { type: def.checks?.some((c) => /int/.test(c._zod.def.format ?? "")) ? "integer" : "number" };
      case "boolean":
        return { type: "boolean" };
      case "literal":
        return { type: primitive(def.values![0]) };
      case "enum":
        return { $ref: `#/types/${this.enumType(Object.values(def.entries!), hint)}` };
      case "array":
        return { type: "array", items: this.typeOf(def.element!, hint, mode) };
      case "record":
        return { type: "object", additionalProperties: this.typeOf(def.valueType!, hint, mode) };
      case "object":
        return { $ref: `#/types/${this.objectType(core, hint, mode)}` };
      case "union": {
        const options = def.options!.map((option) => this.typeOf(option, hint, mode));
        const distinct = [...new Map(options.map((o) => [JSON.stringify(o), o])).values()];
        return distinct.length === 1 ? distinct[0]! : { oneOf: distinct };
      }
      case "unknown":
      case "any":
        return { $ref: "pulumi.json#/Any" };
      default:
        throw new Error(`${hint}: no Pulumi schema type for zod type "${def.type}"; extend scripts/gen/typespec.ts`);
    }
  }

  /** A property: its type plus description, default (scalars only: the metaschema allows no others) and secrecy. */
  property(schema: z.ZodType, hint: string, mode: Mode, extra: { description?: string; secret?: boolean; replace?: boolean } = {}): PropertySpec {
    const { hasDefault, defaultValue } = unwrap(schema);
    const meta = metaOf(schema);
    const description = extra.description ?? meta.description;
    return {
      ...this.typeOf(schema, hint, mode),
      ...(description ? { description } : {}),
      ...(hasDefault && isScalar(defaultValue) && mode === "input" ? { default: defaultValue } : {}),
      ...(extra.secret || meta.secret ? { secret: true } : {}),
      ...(extra.replace ? { replaceOnChanges: true } : {}),
    };
  }

  /** Properties and required names of an object shape; nested types are named `<name><Property>`. */
  objectSpec(shape: Record<string, z.ZodType>, name: string, mode: Mode): ObjectSpec {
    const properties = Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, this.property(field, name + pascal(key), mode)]));
    const required = Object.keys(shape).filter((key) => !isOptional(shape[key]!, mode));
    return { properties, ...(required.length ? { required } : {}) };
  }

  private objectType(schema: z.ZodType, hint: string, mode: Mode): string {
    const known = this.tokens.get(schema);
    if (known) return known;
    const name = this.names.objects.get(schema) ?? hint;
    const token = `${this.module}${name}`;
    this.tokens.set(schema, token); // before recursing: a schema may refer to itself
    const description = metaOf(schema).description;
    return this.add(token, { type: "object", ...(description ? { description } : {}), ...this.objectSpec(defOf(schema).shape!, name, mode) });
  }

  private enumType(values: (string | number)[], hint: string): string {
    const token = `${this.module}${this.names.enums.get(values.join("|")) ?? hint}`;
    return this.add(token, { type: primitive(values[0]) as "string", enum: values.map((value) => ({ name: pascal(String(value)), value })) });
  }

  private add(token: string, type: ComplexType): string {
    const existing = this.types[token];
    if (existing && JSON.stringify(existing) !== JSON.stringify(type)) {
      throw new Error(`two different types would be named ${token}; name one in scripts/gen/schema.ts (typeNames)`);
    }
    this.types[token] = type;
    return token;
  }
}

function primitive(value: unknown): "string" | "integer" | "number" | "boolean" {
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return "string";
}

const isScalar = (value: unknown): value is string | number | boolean => ["string", "number", "boolean"].includes(typeof value);
