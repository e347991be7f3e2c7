import { z } from "zod";
import type { ResourceSpec, State } from "./spec.js";

/** Pulumi's stand-in for a value not known until apply; `check` sees it as a plain string in preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface CheckFailure {
  property: string;
  reason: string;
}

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

const schemaCache = new WeakMap<ResourceSpec, z.ZodObject>();

/** The spec's inputs as one strict zod object (unknown keys are typos worth reporting). */
export function inputSchema(spec: ResourceSpec): z.ZodObject {
  let schema = schemaCache.get(spec);
  if (!schema) {
    const shape = Object.fromEntries(Object.entries(spec.inputs).map(([key, field]) => [key, field.schema]));
    schema = z.strictObject(shape);
    schemaCache.set(spec, schema);
  }
  return schema;
}

/**
 * Validates declared inputs the way the server would, naming each failing field by its path.
 * Fields whose value is (or contains) the unknown sentinel are passed through unvalidated:
 * they are checked again at `up`, when their value is known.
 */
export function checkInputs(spec: ResourceSpec, news: State, mayBeMissing: string[] = []): { inputs?: State; failures: CheckFailure[] } {
  const unknownKeys = Object.keys(news).filter((key) => containsUnknown(news[key]));
  const omit = Object.fromEntries(unknownKeys.filter((k) => k in spec.inputs).map((k) => [k, true as const]));
  let schema = unknownKeys.length ? inputSchema(spec).omit(omit as never) : inputSchema(spec);
  if (mayBeMissing.length) schema = schema.partial(Object.fromEntries(mayBeMissing.map((k) => [k, true as const])) as never);
  const known = Object.fromEntries(Object.entries(news).filter(([key, value]) => value !== undefined && !unknownKeys.includes(key)));
  const result = schema.safeParse(known);
  if (!result.success) {
    return { failures: result.error.issues.map((issue) => ({ property: propertyPath(issue.path), reason: reasonOf(spec, issue, known) })) };
  }
  const inputs: State = { ...result.data };
  for (const key of unknownKeys) inputs[key] = news[key];
  const crossField = unknownKeys.length ? [] : (spec.validate?.(inputs) ?? []);
  return crossField.length ? { failures: crossField } : { inputs, failures: [] };
}

function propertyPath(path: PropertyKey[]): string {
  return path.reduce<string>((text, part) => (typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)), "");
}

function reasonOf(spec: ResourceSpec, issue: z.core.$ZodIssue, checked: State): string {
  const path = propertyPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    const known = Object.keys(spec.inputs).join(", ");
    return `${spec.kind} has no input ${issue.keys.map((k) => `"${k}"`).join(", ")}; its inputs are: ${known}`;
  }
  // zod leaves `issue.input` out unless asked, so whether the field is missing is read from the checked object.
  // A missing enum value fails as invalid_value rather than invalid_type.
  if ((issue.code === "invalid_type" || issue.code === "invalid_value") && valueAt(checked, issue.path) === undefined) return `${path} is required`;
  return `${path ? `${path}: ` : ""}${issue.message}`;
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((at, key) => (at !== null && typeof at === "object" ? (at as Record<PropertyKey, unknown>)[key] : undefined), value);
}
