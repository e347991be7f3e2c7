import { isDeepStrictEqual } from "node:util";
import { WoodpeckerError } from "../client/errors.js";
import { versionAtLeast } from "../client/versions.js";
import type { WoodpeckerClient } from "../client/client.js";
import { containsUnknown, type CheckFailure } from "./check.js";
import type { Context, InputField, InputFields, State } from "./spec.js";

/**
 * Inputs that older servers drop silently (`since` in the spec). A value other than the field's
 * default is refused at check when the server's version is known there (`versionFailures`), and
 * again before any write (`requireServerSupport`), so the provider never claims what the server
 * does not store and never half-applies. Costs one `/version` request per client, and only when
 * such an input is set.
 */
export async function requireServerSupport(ctx: Context, state: State, keys: string[]): Promise<void> {
  await requireFieldSupport(ctx.client, ctx.spec.inputs, state, keys, () => ctx.spec.describe(state));
}

/** The same for any fields with `since` (a resource's inputs, a function's arguments), before the first request that uses them. */
export async function requireFieldSupport(client: WoodpeckerClient, fields: InputFields, values: State, keys: string[], object: () => string): Promise<void> {
  if (!needsVersion(fields, values, keys)) return;
  const [first] = versionFailures(fields, values, keys, await client.serverVersion());
  if (first) throw new WoodpeckerError("invalid", { method: "GET", path: "/version", object: object() }, first.reason);
}

/** Whether any of `keys` holds a value only some releases store (worth asking the server's version for). */
export function needsVersion(fields: InputFields, values: State, keys: string[]): boolean {
  return keys.some((key) => fields[key]?.since && isSet(fields[key]!, values[key]));
}

/**
 * One failure per field the server `version` is too old for, named by `pathOf(key)` (an entry of
 * a set: `secrets["deploy"].note`), with the field's release and the server's.
 */
export function versionFailures(fields: InputFields, values: State, keys: string[], version: string, pathOf = (key: string) => key): CheckFailure[] {
  return keys
    .filter((key) => fields[key]?.since && isSet(fields[key]!, values[key]) && !versionAtLeast(version, fields[key]!.since!))
    .map((key) => {
      const since = fields[key]!.since!;
      const path = pathOf(key);
      return {
        property: path,
        reason: `${path} needs Woodpecker ${since} or newer (or a development build); this server is ${version}, which would drop ${path} silently. Remove ${path} or upgrade the server`,
      };
    });
}

const versions = new WeakMap<WoodpeckerClient, Promise<string | undefined>>();

/**
 * The server's version for check, or undefined when it cannot be read (a preview without a
 * reachable server passes check; the write's own gate refuses later). Asked once per client.
 */
export function versionForCheck(client: WoodpeckerClient): Promise<string | undefined> {
  let version = versions.get(client);
  if (!version) {
    version = client.serverVersion().catch(() => undefined);
    versions.set(client, version);
  }
  return version;
}

/**
 * A value a server without the field would not ignore: not empty, not unknown (preview), and not
 * the field's default (what such a server does anyway: a cron runs, in UTC, on forge 1).
 */
function isSet(field: InputField, value: unknown): boolean {
  if (value === undefined || value === null || value === "" || containsUnknown(value)) return false;
  if (Array.isArray(value) && value.length === 0) return false;
  if (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0) return false;
  const fallback = field.schema.safeParse(undefined);
  if (fallback.success && fallback.data !== undefined) return !isDeepStrictEqual(fallback.data, value);
  return value !== false;
}

/** Check's gate: the failures of `versionFailures` when some field needs it and `version` knows the server's (else none). */
export async function checkVersion(
  fields: InputFields,
  values: State,
  keys: string[],
  version: () => Promise<string | undefined>,
  pathOf?: (key: string) => string,
): Promise<CheckFailure[]> {
  if (!needsVersion(fields, values, keys)) return [];
  const known = await version();
  return known === undefined ? [] : versionFailures(fields, values, keys, known, pathOf);
}
