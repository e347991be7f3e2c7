import * as pulumi from "@pulumi/pulumi";
import { wrapEntrySecrets } from "../provider/engine/sets.js";
import { typeToken, type InputFields, type OutputFields, type ResourceSpec } from "../provider/engine/spec.js";
import { delegateTo } from "./delegate.js";
import { secretKeys, type ResourceArgs, type ResourceOutputs } from "./shared.js";

export type { ResourceArgs, ResourceOutputs };

export interface ResourceClass<I extends InputFields, O extends OutputFields> {
  new (name: string, args: ResourceArgs<I>, opts?: pulumi.CustomResourceOptions): pulumi.dynamic.Resource & ResourceOutputs<I, O>;
  readonly __pulumiType: string;
}

/**
 * Turns a spec into a resource class with the type token `pulumi-nodejs:dynamic/woodpecker:<kind>`
 * (so policies can target it with validateResourceOfType) and with secret fields marked secret both
 * as inputs (encrypted in state even when given as plain strings) and as outputs.
 */
export function defineResource<I extends InputFields, O extends OutputFields>(spec: ResourceSpec<I, O>): ResourceClass<I, O> {
  const { inputs: secretInputs, all: secretOutputs } = secretKeys(spec);
  const provider = delegateTo(spec.kind);

  class WoodpeckerResource extends pulumi.dynamic.Resource {
    static readonly __pulumiType = typeToken(spec.kind);

    constructor(name: string, args: ResourceArgs<I>, opts: pulumi.CustomResourceOptions = {}) {
      const props: Record<string, unknown> = Object.fromEntries(Object.keys(spec.outputs).map((key) => [key, undefined]));
      for (const [key, value] of Object.entries(args ?? {})) {
        props[key] = value !== undefined && secretInputs.includes(key) ? pulumi.secret(value) : value;
      }
      Object.assign(props, wrapEntrySecrets(spec, props, (value) => pulumi.secret(value)));
      // A set's map comes back from a dynamic provider without its inner secrets marked: keep it whole as a secret.
      const setMap = spec.members ? [spec.members.collection!.plural] : [];
      const additionalSecretOutputs = [...new Set([...(opts.additionalSecretOutputs ?? []), ...secretOutputs, ...setMap])];
      super(provider, name, props, { ...opts, additionalSecretOutputs }, "woodpecker", spec.kind);
    }
  }
  return WoodpeckerResource as unknown as ResourceClass<I, O>;
}
