import type { InputFields, OutputFields } from "../provider/engine/spec.js";

/**
 * What both faces' classes derive from a spec (sdk/define.ts for the dynamic provider, sdk/plugin/
 * for the provider plugin) besides the generated types (sdk/types.ts): the secret fields. One
 * definition, so the two faces cannot drift apart.
 */

/** The input and output keys a spec marks secret: wrapped with pulumi.secret and listed in additionalSecretOutputs. */
export function secretKeys(spec: { inputs: InputFields; outputs: OutputFields }): { inputs: string[]; all: string[] } {
  const inputs = Object.keys(spec.inputs).filter((key) => spec.inputs[key]!.secret);
  return { inputs, all: [...inputs, ...Object.keys(spec.outputs).filter((key) => spec.outputs[key]!.secret)] };
}
