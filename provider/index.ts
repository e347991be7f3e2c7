import { CONFIG_VARIABLES, clientFor, resolveConfig, type ProviderConfig } from "./config.js";
import { check, create, diff, read, remove, update } from "./engine/operations.js";
import type { Context, State } from "./engine/spec.js";
import { versionForCheck } from "./engine/versions.js";
import { specFor } from "./resources/index.js";

/**
 * What the serialized `__provider` of every resource calls (see sdk/delegate.ts). Keeping the
 * logic here rather than in the serialized text keeps state small and lets read and delete of
 * existing resources run the installed package's code.
 */

const CONFIG_KEYS = Object.keys(CONFIG_VARIABLES);
let settings: ProviderConfig | Error | undefined;

/** The dynamic-provider host calls this once per provider text, with the whole stack config. */
export function configure(request: { config: { get(key: string): string | undefined } }): void {
  const stack = Object.fromEntries(CONFIG_KEYS.map((key) => [`woodpecker:${key}`, request.config.get(`woodpecker:${key}`)]));
  try {
    settings = resolveConfig(stack);
  } catch (error) {
    // Preview's check() needs no server; the error surfaces when a request is about to be made.
    settings = error as Error;
  }
}

function context(kind: string): Context {
  if (settings === undefined) settings = resolveConfig({});
  if (settings instanceof Error) throw settings;
  return { client: clientFor(settings), spec: specFor(kind) };
}

/** The server's version for check when the stack config names a server (preview without one passes). */
function knownVersion(): Promise<string | undefined> {
  if (settings === undefined) {
    try {
      settings = resolveConfig({});
    } catch (error) {
      settings = error as Error;
    }
  }
  return settings instanceof Error ? Promise.resolve(undefined) : versionForCheck(clientFor(settings));
}

export type Operation = "check" | "diff" | "create" | "read" | "update" | "delete";
type ConfigureRequest = Parameters<typeof configure>[0];

/**
 * One entry point for every method of every resource kind's provider. The serialized delegate
 * passes the host's configure request itself in place of an operation name (see sdk/delegate.ts).
 */
export async function handle(kind: string, operation: Operation | ConfigureRequest, args: any[] = []): Promise<unknown> {
  if (typeof operation !== "string") return configure(operation);
  switch (operation) {
    case "check":
      return check(specFor(kind), args[0] as State, args[1] as State, knownVersion);
    case "diff":
      return diff(specFor(kind), args[1] as State, args[2] as State, () => context(kind));
    case "create":
      return create(context(kind), args[0] as State);
    case "read":
      return read(context(kind), args[0] as string, args[1] as State);
    case "update":
      return update(context(kind), args[0] as string, args[1] as State, args[2] as State);
    case "delete":
      return remove(context(kind), args[0] as string, args[1] as State);
  }
}

export { WoodpeckerClient } from "./client/client.js";
export { WoodpeckerError } from "./client/errors.js";
export { resolveConfig, clientFor } from "./config.js";
export { specs, specFor } from "./resources/index.js";
