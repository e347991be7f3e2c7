import { CONFIG_VARIABLES, resolveConfig, type ConfigVariable, type ProviderConfig } from "../config.js";
import { containsUnknown } from "../engine/check.js";
import type { Props } from "./marshal.js";

/**
 * The provider's configuration as the engine sends it: provider inputs (`server`, `token`, …) in
 * CheckConfig and Configure's args, or Configure's variables `woodpecker:config:<key>`. The keys
 * are CONFIG_VARIABLES'; resolveConfig (shared with the dynamic face) applies the environment
 * fallback and owns the rules and their messages.
 */

export const CONFIG_KEYS = Object.keys(CONFIG_VARIABLES) as (keyof typeof CONFIG_VARIABLES)[];

/** The token: a Pulumi secret even when the program passes it in plain text. */
export const isSecretConfig = (key: string) => Boolean((CONFIG_VARIABLES as Record<string, ConfigVariable>)[key]?.secret);

/** Provider inputs by bare key, from Configure's variables when it has no args. */
export function fromVariables(variables: Map<string, string> | [string, string][]): Props {
  const entries = variables instanceof Map ? [...variables.entries()] : variables;
  return Object.fromEntries(
    entries.filter(([key]) => key.startsWith("woodpecker:config:")).map(([key, value]) => [key.slice("woodpecker:config:".length), value]),
  );
}

const stackOf = (values: Props) =>
  Object.fromEntries(CONFIG_KEYS.filter((key) => values[key] !== undefined && values[key] !== null).map((key) => [`woodpecker:${key}`, values[key]]));

/** Each wrong or missing value, named by its key; values unknown during preview are checked later. */
export function configFailures(values: Props, env: NodeJS.ProcessEnv = process.env): { property: string; reason: string }[] {
  const failures: { property: string; reason: string }[] = [];
  const known = Object.fromEntries(Object.entries(values).filter(([, value]) => !containsUnknown(value)));
  const attempt = (property: string, stack: Props, environment: NodeJS.ProcessEnv) => {
    try {
      resolveConfig(stack, environment);
    } catch (error) {
      failures.push({ property, reason: (error as Error).message });
    }
  };
  if (!containsUnknown(values.server)) attempt("server", stackOf({ server: known.server }), env);
  // Every other key alone, beside a valid server, so that each wrong value is reported.
  for (const key of CONFIG_KEYS) {
    if (key === "server" || known[key] === undefined) continue;
    attempt(key, stackOf({ server: "https://woodpecker.invalid", [key]: known[key] }), {});
  }
  return failures;
}

/** The client settings, "unknown" while a value awaits other resources (preview), or the error to raise at the first request. */
export function settingsFrom(values: Props, env: NodeJS.ProcessEnv = process.env): ProviderConfig | Error | "unknown" {
  if (CONFIG_KEYS.some((key) => containsUnknown(values[key]))) return "unknown";
  try {
    return resolveConfig(stackOf(values), env);
  } catch (error) {
    return error as Error;
  }
}
