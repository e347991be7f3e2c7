import { WoodpeckerError } from "../client/errors.js";
import { versionAtLeast } from "../client/versions.js";
import type { WoodpeckerClient } from "../client/client.js";
import type { Context, InputFields, State } from "./spec.js";

/**
 * Inputs that older servers drop silently (`since` in the spec): a value other than the default
 * is refused before any write, so the provider never claims what the server does not store.
 * Costs one `/version` request per client, and only when such an input is set.
 */
export async function requireServerSupport(ctx: Context, state: State, keys: string[]): Promise<void> {
  await requireFieldSupport(ctx.client, ctx.spec.inputs, state, keys, () => ctx.spec.describe(state));
}

/** The same for any fields with `since` (a resource's inputs, a function's arguments), before the first request that uses them. */
export async function requireFieldSupport(client: WoodpeckerClient, fields: InputFields, values: State, keys: string[], object: () => string): Promise<void> {
  const needing = keys.filter((key) => fields[key]?.since && isSet(values[key]));
  if (!needing.length) return;
  const version = await client.serverVersion();
  for (const key of needing) {
    const since = fields[key]!.since!;
    if (versionAtLeast(version, since)) continue;
    throw new WoodpeckerError(
      "invalid",
      { method: "GET", path: "/version", object: object() },
      `${key} needs a Woodpecker server newer than ${previousOf(since)} (${since} or a development build); this server is ${version}, which would drop ${key} silently. Remove ${key} or upgrade the server`,
    );
  }
}

/** A value other than "nothing": the defaults of such fields are empty lists, maps and strings. */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === "" || value === false) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

/** "3.18.0" → "v3.17" (the last release line without the feature), for messages. */
function previousOf(since: string): string {
  const [major, minor] = since.split(".").map(Number);
  return minor ? `v${major}.${minor - 1}` : `v${since}`;
}
