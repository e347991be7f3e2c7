import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { typeToken, type InputField, type InputFields, type OutputField, type OutputFields, type ResourceSpec } from "../provider/engine/spec.js";
import { delegateTo } from "./delegate.js";

type In<F extends InputField> = z.input<F["schema"]>;
type Out<F extends InputField | OutputField> = z.output<F["schema"]>;
type OptionalKeys<I extends InputFields> = { [K in keyof I]: undefined extends In<I[K]> ? K : never }[keyof I];

/** Constructor arguments: each declared input, optional where the spec gives a default or allows none. */
export type ResourceArgs<I extends InputFields> = { [K in Exclude<keyof I, OptionalKeys<I>>]: pulumi.Input<In<I[K]>> } & {
  [K in OptionalKeys<I>]?: pulumi.Input<Exclude<In<I[K]>, undefined>>;
};

/** Every input and computed output, as Pulumi outputs on the resource object. */
export type ResourceOutputs<I extends InputFields, O extends OutputFields> = { readonly [K in keyof I]: pulumi.Output<Out<I[K]>> } & {
  readonly [K in keyof O]: pulumi.Output<Out<O[K]>>;
};

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
  const secretInputs = Object.keys(spec.inputs).filter((key) => spec.inputs[key]!.secret);
  const secretOutputs = [...secretInputs, ...Object.keys(spec.outputs).filter((key) => spec.outputs[key]!.secret)];
  const provider = delegateTo(spec.kind);

  class WoodpeckerResource extends pulumi.dynamic.Resource {
    static readonly __pulumiType = typeToken(spec.kind);

    constructor(name: string, args: ResourceArgs<I>, opts: pulumi.CustomResourceOptions = {}) {
      const props: Record<string, unknown> = Object.fromEntries(Object.keys(spec.outputs).map((key) => [key, undefined]));
      for (const [key, value] of Object.entries(args ?? {})) {
        props[key] = value !== undefined && secretInputs.includes(key) ? pulumi.secret(value) : value;
      }
      const additionalSecretOutputs = [...new Set([...(opts.additionalSecretOutputs ?? []), ...secretOutputs])];
      super(provider, name, props, { ...opts, additionalSecretOutputs }, "woodpecker", spec.kind);
    }
  }
  return WoodpeckerResource as unknown as ResourceClass<I, O>;
}
