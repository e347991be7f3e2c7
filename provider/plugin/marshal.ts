// The Output module, not the SDK's root, which would be most of the plugin's start-up.
import * as pulumi from "@pulumi/pulumi/output";
import { isRpcSecret, specialSecretSig, specialSigKey, unknownValue, unwrapRpcSecret } from "@pulumi/pulumi/runtime/rpc";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/**
 * Property values between the engine's `google.protobuf.Struct` and the engine's plain objects.
 * Secrets travel as objects tagged with the SDK's signature (runtime/rpc); unknowns (preview) as
 * the SDK's sentinel string, which the engine's check already understands, so they pass as is.
 */

export type Props = Record<string, unknown>;

export const UNKNOWN = unknownValue;

export function secret(value: unknown): Props {
  return { [specialSigKey]: specialSecretSig, value: value === undefined ? null : value };
}

/** Plain values, and the top-level keys that held a secret anywhere inside. */
export function fromStruct(struct: Struct | undefined): { values: Props; secrets: Set<string> } {
  const values: Props = {};
  const secrets = new Set<string>();
  for (const [key, raw] of Object.entries(struct?.toJavaScript() ?? {})) {
    const [plain, wasSecret] = unwrap(raw);
    values[key] = plain;
    if (wasSecret) secrets.add(key);
  }
  return { values, secrets };
}

function unwrap(value: unknown): [unknown, boolean] {
  if (isRpcSecret(value)) return [unwrap(unwrapRpcSecret(value))[0], true];
  if (Array.isArray(value)) {
    const items = value.map(unwrap);
    return [items.map(([item]) => item), items.some(([, s]) => s)];
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value).map(([key, item]) => [key, unwrap(item)] as const);
    return [Object.fromEntries(entries.map(([key, [item]]) => [key, item])), entries.some(([, [, s]]) => s)];
  }
  return [value, false];
}

/** A Struct of `values`, each key for which `isSecret` holds wrapped as a secret; undefined values left out. */
export function toStruct(values: Props, isSecret: (key: string) => boolean = () => false): Struct {
  const out: Props = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    out[key] = isSecret(key) ? secret(value) : value;
  }
  // JSON drops nested undefined values, which Struct refuses.
  return Struct.fromJavaScript(JSON.parse(JSON.stringify(out)));
}

/**
 * Plain data from a function result whose secret fields are `pulumi.secret` Outputs (see
 * functions/spec.ts secretField): each such Output becomes a wire secret.
 */
export async function resolveOutputs(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    // `promise()` is the SDK's internal accessor; the Output was made here by pulumi.secret and is known.
    const inner = await resolveOutputs(await (value as unknown as { promise(): Promise<unknown> }).promise());
    return (await pulumi.isSecret(value)) ? secret(inner) : inner;
  }
  if (Array.isArray(value)) return Promise.all(value.map(resolveOutputs));
  if (value && typeof value === "object") {
    const entries = await Promise.all(Object.entries(value).map(async ([key, item]) => [key, await resolveOutputs(item)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}
