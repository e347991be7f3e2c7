import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { InputField, InputFields, OutputField, OutputFields } from "../provider/engine/spec.js";

/**
 * What both faces' classes derive from a spec (sdk/define.ts for the dynamic provider, sdk/plugin/
 * for the provider plugin): argument and output types and the secret fields. One definition, so the
 * two faces cannot drift apart.
 */

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

/** The input and output keys a spec marks secret: wrapped with pulumi.secret and listed in additionalSecretOutputs. */
export function secretKeys(spec: { inputs: InputFields; outputs: OutputFields }): { inputs: string[]; all: string[] } {
  const inputs = Object.keys(spec.inputs).filter((key) => spec.inputs[key]!.secret);
  return { inputs, all: [...inputs, ...Object.keys(spec.outputs).filter((key) => spec.outputs[key]!.secret)] };
}
