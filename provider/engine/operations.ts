import * as engine from "./engine.js";
import { importById as importOne, parseId } from "./import.js";
import { checkVersion } from "./versions.js";
import { checkSet, setVersionFailures, createSet, diffSet, importSet, readSet, removeSet, updateSet, type SetDiff } from "./sets.js";
import type { Context, ResourceSpec, State } from "./spec.js";

/**
 * What both faces call for a resource step: the generic engine for single-object specs, engine/sets.ts
 * for the `<Kind>Set` specs derived from them (`spec.members`). The faces never ask which.
 */

export type DiffResult = engine.DiffResult & { detailed?: SetDiff["detailed"] };

/**
 * `version` gives the server's version when the face can know it at check (undefined: unknown, and
 * check passes); it is asked only when an input with `since` holds a value older releases would drop.
 */
export async function check(spec: ResourceSpec, olds: State, news: State, version?: () => Promise<string | undefined>): Promise<engine.CheckResult> {
  const result = spec.members ? checkSet(spec, news) : engine.check(spec, olds, news);
  if (!result.inputs || !version) return result;
  const failures = spec.members
    ? await setVersionFailures(spec, result.inputs, version)
    : await checkVersion(spec.inputs, result.inputs, Object.keys(spec.inputs), version, undefined, engine.withoutProvider(olds ?? {}));
  return failures.length ? { failures } : result;
}

/** `context` is asked for only by set kinds, whose diff lists the scope on the server. */
export const diff = async (spec: ResourceSpec, olds: State, news: State, context: () => Context): Promise<DiffResult> =>
  spec.members ? diffSet(spec, engine.withoutProvider(olds), engine.withoutProvider(news), context) : engine.diff(spec, olds, news);

export const create = (ctx: Context, inputs: State) => (ctx.spec.members ? createSet(ctx, inputs) : engine.create(ctx, inputs));
export const read = (ctx: Context, id: string, state: State) => (ctx.spec.members ? readSet(ctx, state) : engine.read(ctx, id, state));
export const update = (ctx: Context, id: string, olds: State, news: State) =>
  ctx.spec.members ? updateSet(ctx, olds, news) : engine.update(ctx, id, olds, news);
export const remove = (ctx: Context, id: string, state: State) => (ctx.spec.members ? removeSet(ctx, state) : engine.remove(ctx, id, state));
export const importById = (ctx: Context, id: string) => (ctx.spec.members ? importSet(ctx, id, (text) => parseId(ctx.spec, text)) : importOne(ctx, id));
