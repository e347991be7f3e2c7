import * as pulumi from "@pulumi/pulumi";
import { collectionOf } from "../provider/engine/listings.js";
import { wrapEntrySecrets } from "../provider/engine/sets.js";
import { typeToken } from "../provider/engine/tokens.js";
import { specFor } from "../provider/resources/index.js";
import { delegateTo } from "./delegate.js";
import { secretKeys } from "./shared.js";

/** A dynamic-provider resource class: its arguments and its Outputs are the generated types of sdk/types.ts. */
export interface ResourceClass<Args, Outputs> {
  new (name: string, args: Args, opts?: pulumi.CustomResourceOptions): pulumi.dynamic.Resource & Outputs;
  readonly __pulumiType: string;
}

/**
 * Turns a kind's spec into a resource class with the type token `pulumi-nodejs:dynamic/woodpecker:<kind>`
 * (so policies can target it with validateResourceOfType) and with secret fields marked secret both
 * as inputs (encrypted in state even when given as plain strings) and as outputs. The spec is looked
 * up by kind, so the class's declaration names only the generated types.
 */
export function defineResource<Args, Outputs>(kind: string): ResourceClass<Args, Outputs> {
  const spec = specFor(kind);
  const { inputs: secretInputs, all: secretOutputs } = secretKeys(spec);
  const provider = delegateTo(spec.kind);

  class WoodpeckerResource extends pulumi.dynamic.Resource {
    static readonly __pulumiType = typeToken(spec.kind);

    constructor(name: string, args: Args, opts: pulumi.CustomResourceOptions = {}) {
      const props: Record<string, unknown> = Object.fromEntries(Object.keys(spec.outputs).map((key) => [key, undefined]));
      for (const [key, value] of Object.entries(args ?? {})) {
        props[key] = value !== undefined && secretInputs.includes(key) ? pulumi.secret(value) : value;
      }
      Object.assign(
        props,
        wrapEntrySecrets(spec, props, (value) => pulumi.secret(value)),
      );
      // A set's map comes back from a dynamic provider without its inner secrets marked: keep it whole as a secret.
      const setMap = spec.members ? [collectionOf(spec.members)!.plural] : [];
      const additionalSecretOutputs = [...new Set([...(opts.additionalSecretOutputs ?? []), ...secretOutputs, ...setMap])];
      super(provider, name, props, { ...opts, additionalSecretOutputs }, "woodpecker", spec.kind);
    }
  }
  return WoodpeckerResource as unknown as ResourceClass<Args, Outputs>;
}
