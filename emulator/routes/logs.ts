// Step logs (server/api/pipeline.go GetStepLogs, DeleteStepLogs, DeletePipelineLogs) with the default
// database log store. Nothing in the emulator writes log lines, so every step's log is empty: the
// store's nil slice, `null`.
import type { App } from "../state.js";
import { mustPull, mustPush } from "../auth.js";
import { Ctx, Reply, empty, json, parseID, text } from "../http.js";
import type { Pipeline, Step } from "../store.js";
import { setRepo } from "./repos.js";

export function registerLogs(app: App): void {
  const guards = [setRepo(app), mustPull];
  const base = "/api/repos/:repo_id/logs/:number";

  const pipeline = (ctx: Ctx, n: number): Pipeline | undefined => {
    for (const p of app.store.pipelines.values()) if (p.repo_id === ctx.repo!.id && p.number === n) return p;
    return undefined;
  };
  /** Pipeline by number, then the step by its id within that pipeline; bad numbers abort with 400. */
  const step = (ctx: Ctx): Step | Reply => {
    const n = parseID(ctx.params.number);
    if (n === null) return empty(400);
    const p = pipeline(ctx, n);
    if (!p) return empty(404);
    const id = parseID(ctx.params.step_id);
    if (id === null) return empty(400);
    for (const w of p.workflows) for (const s of w.children) if (s.id === id) return s;
    return empty(404);
  };
  const isReply = (v: Step | Reply): v is Reply => "status" in v;

  app.on("GET", `${base}/:step_id`, ...guards, (ctx) => {
    const s = step(ctx);
    return isReply(s) ? s : json(null);
  });

  app.on("DELETE", `${base}/:step_id`, ...guards, mustPush, (ctx) => {
    const s = step(ctx);
    if (isReply(s)) return s;
    if (s.state === "running" || s.state === "pending") return text(422, "Cannot delete logs for a pending or running step");
    return empty(204);
  });

  app.on("DELETE", base, ...guards, mustPush, (ctx) => {
    // v3.17.0's handler ignores a parse error (number 0); from v3.18.0 it is a 400 (options.ts pipelineMiddleware).
    const n = parseID(ctx.params.number) ?? (app.behaviour.pipelineMiddleware ? null : 0);
    if (n === null) return empty(400);
    const p = pipeline(ctx, n);
    if (!p) return empty(404);
    if (p.status === "running" || p.status === "pending" || p.status === "blocked") return text(422, `Cannot delete logs for pipeline with status ${p.status}`);
    return empty(204);
  });
}
