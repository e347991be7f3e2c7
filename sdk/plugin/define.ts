import * as pulumi from "@pulumi/pulumi";
import { wrapEntrySecrets } from "../../provider/engine/sets.js";
import { functionToken, pluginTypeToken } from "../../provider/engine/tokens.js";
import { functions } from "../../provider/functions/index.js";
import type { FunctionSpec } from "../../provider/functions/spec.js";
import { specFor } from "../../provider/resources/index.js";
import type { CallParams } from "../../provider/functions/params.js";
import { secretKeys } from "../shared.js";
import { PACKAGE_VERSION } from "./version.js";

/**
 * The provider plugin's classes, built from the same specs as the dynamic provider's (sdk/define.ts):
 * resources of type `woodpecker:index:<Kind>` served by the `pulumi-resource-woodpecker` plugin, and
 * functions invoked as `woodpecker:index:<name>`. Nothing here runs provider code: the engine sends
 * every operation to the plugin of this package's version.
 */

export type PluginResource<Outputs> = pulumi.CustomResource & Outputs;

export interface PluginResourceClass<Args, Outputs> {
  new (name: string, args: Args, opts?: pulumi.CustomResourceOptions): PluginResource<Outputs>;
  readonly __pulumiType: string;
  /** An existing resource's state by its ID (read through the plugin), as generated SDKs' `get`. */
  get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): PluginResource<Outputs>;
  /** Whether `obj` is a resource of this kind (by its type token, so also across copies of this package). */
  isInstance(obj: unknown): obj is PluginResource<Outputs>;
}

/**
 * A spec as a `pulumi.CustomResource` class: every input and output a property; secret inputs wrapped
 * with pulumi.secret (encrypted in state even when given as plain strings) and every secret field in
 * additionalSecretOutputs; `replace` inputs in replaceOnChanges, as schema.json says; `version`
 * defaulting to this package's. The spec is looked up by kind, so the class's declaration names only
 * the generated types (sdk/types.ts).
 */
export function definePluginResource<Args, Outputs>(kind: string): PluginResourceClass<Args, Outputs> {
  const spec = specFor(kind);
  const type = pluginTypeToken(spec.kind);
  const secrets = secretKeys(spec);
  const replaceOnChanges = Object.keys(spec.inputs).filter((key) => spec.inputs[key]!.replace);
  const keys = [...Object.keys(spec.inputs), ...Object.keys(spec.outputs)];

  class WoodpeckerPluginResource extends pulumi.CustomResource {
    static readonly __pulumiType = type;

    static get(name: string, id: pulumi.Input<pulumi.ID>, opts: pulumi.CustomResourceOptions = {}) {
      return new this(name, undefined as unknown as Args, { ...opts, id });
    }

    static isInstance(obj: unknown): obj is pulumi.CustomResource {
      return pulumi.CustomResource.isInstance(obj) && (obj as { __pulumiType?: unknown }).__pulumiType === type;
    }

    constructor(name: string, args: Args, opts: pulumi.CustomResourceOptions = {}) {
      // Every key present (undefined when not given), so each becomes an Output property.
      const props: Record<string, unknown> = Object.fromEntries(keys.map((key) => [key, undefined]));
      for (const [key, value] of Object.entries(args ?? {})) {
        props[key] = value !== undefined && secrets.inputs.includes(key) ? pulumi.secret(value) : value;
      }
      Object.assign(
        props,
        wrapEntrySecrets(spec, props, (value) => pulumi.secret(value)),
      );
      const defaults: pulumi.CustomResourceOptions = { version: PACKAGE_VERSION, additionalSecretOutputs: secrets.all };
      if (replaceOnChanges.length) defaults.replaceOnChanges = replaceOnChanges;
      super(type, name, props, pulumi.mergeOptions(defaults, opts));
    }
  }
  return WoodpeckerPluginResource as unknown as PluginResourceClass<Args, Outputs>;
}

/**
 * The result as the dynamic face's functions give it: the plugin's answer parsed by the spec's result
 * schema, which makes each secret field (an agent's token, forge options) a `pulumi.secret` Output
 * again. The engine hands secrets of an invoke's answer back unwrapped; the schema knows which they were.
 */
function typedResult<R>(spec: FunctionSpec, answer: unknown): R {
  const parsed = spec.result.safeParse(answer ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(result)"}: ${issue.message}`).join("; ");
    throw new Error(
      `${spec.name}: the provider plugin's answer does not have the expected shape (${issues}); is pulumi-resource-woodpecker ${PACKAGE_VERSION} installed?`,
    );
  }
  return parsed.data as R;
}

const withVersion = <T extends pulumi.InvokeOptions>(opts: T | undefined): T => ({ ...opts, version: opts?.version ?? PACKAGE_VERSION }) as T;

/** The Promise variant through the plugin: `getX(args, opts?)`; `opts.provider` picks an explicit Provider. */
export function pluginPromiseFunction<Args, Result>(name: string): (...params: CallParams<Args, pulumi.InvokeOptions>) => Promise<Result> {
  const spec = (functions as unknown as Record<string, FunctionSpec>)[name]!;
  const token = functionToken(spec.name);
  const fn = (args?: Args, opts?: pulumi.InvokeOptions) =>
    pulumi.runtime.invoke(token, (args ?? {}) as pulumi.Inputs, withVersion(opts)).then((answer) => typedResult<Result>(spec, answer));
  Object.defineProperty(fn, "name", { value: spec.name });
  return fn as (...params: CallParams<Args, pulumi.InvokeOptions>) => Promise<Result>;
}

/**
 * The Output variant through the plugin: `getXOutput(args, opts?)`, arguments may be Inputs. The
 * result is unknown while an argument is; it is secret when an argument or a field of the answer is.
 */
export function pluginOutputFunction<Args, Result>(name: string): (...params: CallParams<Args, pulumi.InvokeOutputOptions>) => pulumi.Output<Result> {
  const spec = (functions as unknown as Record<string, FunctionSpec>)[name]!;
  const token = functionToken(spec.name);
  const fn = (args?: Args, opts?: pulumi.InvokeOutputOptions) =>
    pulumi.runtime.invokeOutput<unknown>(token, (args ?? {}) as pulumi.Inputs, withVersion(opts)).apply((answer) => typedResult<Result>(spec, answer));
  Object.defineProperty(fn, "name", { value: `${spec.name}Output` });
  return fn as unknown as (...params: CallParams<Args, pulumi.InvokeOutputOptions>) => pulumi.Output<Result>;
}
