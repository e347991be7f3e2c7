// The SDK's modules, not its root: the plugin loads this file, and the root would be most of its start-up.
import { Config } from "@pulumi/pulumi/config";
import * as log from "@pulumi/pulumi/log";
import { output, type Output } from "@pulumi/pulumi/output";
import { z } from "zod";
import type { WoodpeckerClient } from "../client/client.js";
import { CONFIG_VARIABLES, clientFor, resolveConfig } from "../config.js";
import type { InputFields } from "../engine/spec.js";
import { requireFieldSupport } from "../engine/versions.js";
import { fromApi, type ArgsOf, type ArgsParam, type OutputArgs, type FunctionArgs, type FunctionSpec, type ParsedArgs, type ResultOf } from "./spec.js";

/** Stack config keys the functions read, as the resources' provider does (provider/index.ts). */
const CONFIG_KEYS = Object.keys(CONFIG_VARIABLES);

/**
 * The client for the current program: stack config `woodpecker:*` (read with `new
 * pulumi.Config("woodpecker")`, the token set with --secret), then WOODPECKER_SERVER /
 * WOODPECKER_TOKEN. The token stays in this process's memory; no function puts it in a result.
 */
export function configuredClient(): WoodpeckerClient {
  const config = new Config("woodpecker");
  const stack = Object.fromEntries(CONFIG_KEYS.map((key) => [`woodpecker:${key}`, config.get(key)]));
  // In the program, log reaches the engine: warnings show as the run's diagnostics.
  return clientFor({ ...resolveConfig(stack, process.env), warn: (message) => void log.warn(message) });
}

/** Wrong arguments, named by their path (e.g. `event[1]`). */
export class FunctionArgumentError extends Error {
  constructor(
    readonly functionName: string,
    readonly problems: { property: string; reason: string }[],
  ) {
    super(`${functionName}: ${problems.map((p) => (p.property ? `argument ${p.property}: ${p.reason}` : p.reason)).join("; ")}`);
    this.name = "FunctionArgumentError";
  }
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join("");
}

type Issue = z.core.$ZodIssue;

/**
 * A union that fails reports only "Invalid input"; take the issue of the option that got furthest
 * (the longest path) instead, so `event: ["push", "pushed"]` names `event[1]` and its reason.
 */
function unwrapUnion(issue: Issue): Issue {
  if (issue.code !== "invalid_union" || !issue.errors?.length) return issue;
  let best: Issue | undefined;
  for (const option of issue.errors) {
    for (const inner of option) {
      const candidate = unwrapUnion({ ...inner, path: [...issue.path, ...inner.path] } as Issue);
      if (!best || candidate.path.length > best.path.length) best = candidate;
    }
  }
  return best ?? issue;
}

/** Validates arguments against the spec's schemas (unknown names refused), then its cross-field rules. */
export function parseArgs<A extends InputFields>(spec: FunctionSpec<A>, args: unknown): ParsedArgs<A> {
  const shape = Object.fromEntries(Object.entries(spec.args).map(([key, arg]) => [key, arg.schema]));
  const parsed = z.strictObject(shape).safeParse(args ?? {});
  if (!parsed.success) {
    const known = Object.keys(spec.args);
    throw new FunctionArgumentError(
      spec.name,
      parsed.error.issues.map(unwrapUnion).map((issue) =>
        issue.code === "unrecognized_keys"
          ? {
              property: "",
              reason: `unknown argument${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}; ${known.length ? `known: ${known.join(", ")}` : "this function takes no arguments"}`,
            }
          : { property: pathText(issue.path), reason: issue.message },
      ),
    );
  }
  const value = parsed.data as ParsedArgs<A>;
  const problems = spec.validate?.(value) ?? [];
  if (problems.length) throw new FunctionArgumentError(spec.name, problems);
  return value;
}

/** Runs a function with a given client: validate, read, convert to camelCase, check the result's shape. */
export async function invoke<S extends FunctionSpec>(spec: S, args: unknown, client: WoodpeckerClient): Promise<ResultOf<S>> {
  const parsed = parseArgs(spec, args);
  await requireFieldSupport(client, spec.args, parsed as Record<string, unknown>, Object.keys(spec.args), () => spec.name);
  const raw = await spec.run(client, parsed);
  const result = spec.result.safeParse(fromApi(spec.result, raw));
  if (!result.success) {
    const issues = result.error.issues.map((issue) => `${pathText(issue.path) || "(result)"}: ${issue.message}`).join("; ");
    throw new Error(`${spec.name}: the server's answer does not have the expected shape (${issues}); is the server Woodpecker 3 or newer?`);
  }
  return result.data as ResultOf<S>;
}

/** The Promise variant, `getX(args)`, reading the program's stack config. */
export function promiseFunction<S extends FunctionSpec>(spec: S): (...args: ArgsParam<ArgsOf<S>>) => Promise<ResultOf<S>> {
  const fn = (args?: ArgsOf<S>) => Promise.resolve().then(() => invoke(spec, args, configuredClient()));
  Object.defineProperty(fn, "name", { value: spec.name });
  return fn as (...args: ArgsParam<ArgsOf<S>>) => Promise<ResultOf<S>>;
}

/**
 * The Output variant, `getXOutput(args)`: arguments may be Inputs; the call runs once they are known
 * (during a preview with unknown arguments the result is unknown), and a secret argument makes the
 * whole result secret. Secret fields inside stay `pulumi.secret` Outputs, as in the Promise variant.
 */
export function outputFunction<S extends FunctionSpec>(spec: S): (...args: ArgsParam<OutputArgs<ArgsOf<S>>>) => Output<ResultOf<S>> {
  const fn = (args?: OutputArgs<ArgsOf<S>>) => output(args ?? {}).apply((plain) => invoke(spec, plain, configuredClient())) as Output<ResultOf<S>>;
  Object.defineProperty(fn, "name", { value: `${spec.name}Output` });
  return fn as unknown as (...args: ArgsParam<OutputArgs<ArgsOf<S>>>) => Output<ResultOf<S>>;
}

export type { ArgsParam, FunctionArgs, OutputArgs };
