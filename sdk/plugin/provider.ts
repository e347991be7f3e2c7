import * as pulumi from "@pulumi/pulumi";
import { CONFIG_VARIABLES, type ConfigVariable } from "../../provider/config.js";
import { PLUGIN_PACKAGE } from "../../provider/engine/tokens.js";
import type { ProviderArgs } from "../types.js";
import { PACKAGE_VERSION } from "./version.js";

export type { ProviderArgs };

const variables = CONFIG_VARIABLES as Record<string, ConfigVariable>;
const secretKeys = Object.keys(variables).filter((key) => variables[key]!.secret);

/**
 * An explicit provider of the `woodpecker` plugin (`pulumi:providers:woodpecker`), for a second server
 * or a token other than the stack's: pass it as the `provider` option of resources and invokes. Its
 * settings are its inputs, so they are in state: the token is wrapped as a secret (encrypted there).
 * Non-string settings are sent JSON-encoded, as generated SDKs send provider config (the engine hands
 * provider inputs to the plugin the way it hands stack config: as strings).
 */
export class Provider extends pulumi.ProviderResource {
  static readonly __pulumiType = PLUGIN_PACKAGE;

  /** Whether `obj` is a woodpecker Provider, also across copies of this package. */
  static isInstance(obj: unknown): obj is Provider {
    return pulumi.ProviderResource.isInstance(obj) && (obj as { __pulumiType?: unknown }).__pulumiType === `pulumi:providers:${PLUGIN_PACKAGE}`;
  }

  constructor(name: string, args: ProviderArgs = {}, opts: pulumi.ResourceOptions = {}) {
    const inputs: Record<string, unknown> = {};
    for (const [key, variable] of Object.entries(variables)) {
      const value = (args as Record<string, pulumi.Input<string | number | boolean> | undefined>)[key];
      if (value === undefined) continue;
      if (variable.type !== "string") inputs[key] = pulumi.output(value).apply((v) => (v === undefined ? undefined : JSON.stringify(v)));
      else inputs[key] = variable.secret ? pulumi.secret(value) : value;
    }
    super(PLUGIN_PACKAGE, name, inputs, pulumi.mergeOptions({ version: PACKAGE_VERSION, additionalSecretOutputs: secretKeys }, opts));
  }
}
