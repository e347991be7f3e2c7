import { isDeepStrictEqual } from "node:util";
import { WoodpeckerError } from "../client/errors.js";
import { versionAtLeast } from "../client/versions.js";
import type { WoodpeckerClient } from "../client/client.js";
import { containsUnknown, type CheckFailure } from "./check.js";
import type { Context, InputField, InputFields, State } from "./spec.js";

/**
 * Inputs that older servers drop silently (`since` in the spec), and changes they cannot make in
 * place (`changeableSince`, given the stored values `olds`). Either is refused at check when the
 * server's version is known there (`versionFailures`), and again before any write
 * (`requireServerSupport`), so the provider never claims what the server does not store and never
 * half-applies. Costs one `/version` request per client, and only when such an input is set or changed.
 */
export async function requireServerSupport(ctx: Context, state: State, keys: string[], olds?: State): Promise<void> {
  await requireFieldSupport(ctx.client, ctx.spec.inputs, state, keys, () => ctx.spec.describe(state), olds);
}

/** The same for any fields with `since` (a resource's inputs, a function's arguments), before the first request that uses them. */
export async function requireFieldSupport(
  client: WoodpeckerClient,
  fields: InputFields,
  values: State,
  keys: string[],
  object: () => string,
  olds?: State,
): Promise<void> {
  if (!needsVersion(fields, values, keys, olds)) return;
  const [first] = versionFailures(fields, values, keys, await client.serverVersion(), undefined, olds);
  if (first) throw new WoodpeckerError("invalid", { method: "GET", path: "/version", object: object() }, first.reason);
}

/** What `values` ask of the server: a release that stores a field, or one that changes it from `olds`. */
interface Need {
  key: string;
  release: string;
  change: boolean;
}

function needs(fields: InputFields, values: State, keys: string[], olds?: State): Need[] {
  return keys.flatMap((key) => {
    const field = fields[key];
    if (!field) return [];
    const found: Need[] = [];
    if (field.since && isSet(field, values[key])) found.push({ key, release: field.since, change: false });
    if (field.changeableSince && changed(olds?.[key], values[key])) found.push({ key, release: field.changeableSince, change: true });
    return found;
  });
}

/** A stored value replaced by a known, different one (not a create, not an unknown in preview). */
const changed = (old: unknown, value: unknown) => old !== undefined && value !== undefined && !containsUnknown(value) && !isDeepStrictEqual(old, value);

/** Whether any of `keys` holds a value only some releases store or change (worth asking the server's version for). */
export function needsVersion(fields: InputFields, values: State, keys: string[], olds?: State): boolean {
  return needs(fields, values, keys, olds).length > 0;
}

/**
 * One failure per field the server `version` is too old for, named by `pathOf(key)` (an entry of
 * a set: `secrets["deploy"].note`), with the field's release and the server's.
 */
export function versionFailures(
  fields: InputFields,
  values: State,
  keys: string[],
  version: string,
  pathOf = (key: string) => key,
  olds?: State,
): CheckFailure[] {
  return needs(fields, values, keys, olds)
    .filter((need) => !versionAtLeast(version, need.release))
    .map(({ key, release, change }) => {
      const path = pathOf(key);
      const reason = change
        ? `${path} cannot change from ${JSON.stringify(olds![key])} to ${JSON.stringify(values[key])} on this server: Woodpecker ${release} or newer changes it in place; this server is ${version}, which keeps ${path} as it was. Keep ${path} ${JSON.stringify(olds![key])} or upgrade the server`
        : `${path} needs Woodpecker ${release} or newer (or a development build); this server is ${version}, which would drop ${path} silently. Remove ${path} or upgrade the server`;
      return { property: path, reason };
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
  olds?: State,
): Promise<CheckFailure[]> {
  if (!needsVersion(fields, values, keys, olds)) return [];
  const known = await version();
  return known === undefined ? [] : versionFailures(fields, values, keys, known, pathOf, olds);
}
