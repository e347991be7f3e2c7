// Pipelines (server/api/pipeline.go): list with filters, one by number, latest push on a branch; a manual trigger that the
// forge's missing pipeline config filters out; restart (which needs a config too), delete, cancel,
// decline; stored config files (none for seeded pipelines).
import type { App } from "../state.js";
import { mustPull, mustPush, mustRepoAdmin } from "../auth.js";
import { Ctx, Schema, decodeJSON, empty, json, paginate, parseID, str, text } from "../http.js";
import { Pipeline, nowSec } from "../store.js";
import { isStatusValue, isWebhookEvent } from "../validate.js";
import { pipelineView } from "../views.js";
import { setRepo } from "./repos.js";

// Go's time.Parse(time.RFC3339): strict layout, "Z" or ±hh:mm, optional fraction.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
function parseRFC3339(s: string): number | null {
  const m = RFC3339.exec(s);
  if (!m) return null;
  const [mo, d, h, mi, se] = [m[2], m[3], m[4], m[5], m[6]].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : Math.floor(t / 1000);
}

function repoPipelines(app: App, ctx: Ctx): Pipeline[] {
  const out: Pipeline[] = [];
  for (const p of app.store.pipelines.values()) if (p.repo_id === ctx.repo!.id) out.push(p);
  return out.sort((a, b) => b.number - a.number);
}

// shared/constant DefaultConfigOrder: where the forge config service looks when the repo names no file.
const DEFAULT_CONFIGS = [".woodpecker/", ".woodpecker.yaml", ".woodpecker.yml"];

const PIPELINE_OPTIONS: Schema = { goType: "PipelineOptions", fields: { branch: "string", variables: "map" } };

export function registerPipelines(app: App): void {
  const guards = [setRepo(app), mustPull];
  const byNumber = (ctx: Ctx, n: number) => repoPipelines(app, ctx).find((p) => p.number === n);
  /** v3.17.0's cancel and decline ignore a parse error (number 0); from v3.18.0 it is a 400 (options.ts pipelineMiddleware). */
  const lenientNumber = (ctx: Ctx): number | null => parseID(ctx.params.number) ?? (app.behaviour.pipelineMiddleware ? null : 0);

  app.on("GET", "/api/repos/:repo_id/pipelines", ...guards, (ctx) => {
    const q = ctx.query;
    const branch = q.get("branch") ?? "";
    const ref = q.get("ref") ?? "";
    let events: Set<string> | null = null;
    const ev = q.get("event") ?? "";
    if (ev !== "") {
      const list = ev.split(",");
      for (const e of list) if (!isWebhookEvent(e)) return empty(400);
      events = new Set(list);
    }
    const status = q.get("status") ?? "";
    if (status !== "" && !isStatusValue(status)) return empty(400);
    let before: number | null = null;
    let after: number | null = null;
    if ((q.get("before") ?? "") !== "") {
      before = parseRFC3339(q.get("before")!);
      if (before === null) return empty(400);
    }
    if ((q.get("after") ?? "") !== "") {
      after = parseRFC3339(q.get("after")!);
      if (after === null) return empty(400);
    }
    const filtered = repoPipelines(app, ctx).filter(
      (p) =>
        (branch === "" || p.branch === branch) &&
        (events === null || events.has(p.event as string)) &&
        (ref === "" || String(p.ref).includes(ref)) &&
        (status === "" || p.status === status) &&
        (before === null || (p.created as number) < before) &&
        (after === null || (p.created as number) > after),
    );
    return json(paginate(ctx, filtered).map((p) => pipelineView(p, false)));
  });

  app.on("GET", "/api/repos/:repo_id/pipelines/:number", ...guards, (ctx) => {
    const raw = ctx.params.number;
    if (raw === "latest") {
      // Only event=push on the branch (default: the repo's default branch).
      const branch = ctx.query.has("branch") ? ctx.query.get("branch")! : ctx.repo!.default_branch;
      const p = repoPipelines(app, ctx).find((x) => x.event === "push" && x.branch === branch);
      return p ? json(pipelineView(p, true)) : empty(404);
    }
    if (!/^[+-]?\d+$/.test(raw)) return empty(400);
    const n = Number(raw);
    for (const p of app.store.pipelines.values()) if (p.repo_id === ctx.repo!.id && p.number === n) return json(pipelineView(p, true));
    return empty(404);
  });

  // Manual trigger (server/api/pipeline.go CreatePipeline): the body is read with json.NewDecoder
  // whatever the content type; decode and branch-head failures abort with a bare status. The forge
  // has no pipeline config, so pipeline.Create filters the new pipeline out (204, like "run cron now").
  app.on("POST", "/api/repos/:repo_id/pipelines", ...guards, mustPush, (ctx) => {
    const b = decodeJSON(ctx.body, PIPELINE_OPTIONS);
    if (!b.ok) return empty(400);
    const branch = str(b.value.branch);
    const fr = app.store.catalogue.repos.get(ctx.repo!.forge_remote_id);
    if (!fr || !fr.branches.includes(branch)) return empty(500); // could not fetch branch head
    if (!app.store.users.has(ctx.repo!.user_id)) return empty(500); // failure to find repo owner
    app.store.nextId("pipeline"); // inserted, then deleted when no config is found: the id stays used
    return { status: 204, headers: { "Pipeline-Filtered": "true" } };
  });

  app.on("DELETE", "/api/repos/:repo_id/pipelines/:number", ...guards, mustRepoAdmin, (ctx) => {
    const n = parseID(ctx.params.number);
    if (n === null) return empty(400);
    const p = byNumber(ctx, n);
    if (!p) return empty(404);
    if (p.status === "running" || p.status === "pending" || p.status === "blocked") return text(422, `Cannot delete pipeline with status ${p.status}`);
    app.store.pipelines.delete(p.id); // with its workflows and steps, which live inside it
    return empty(204);
  });

  // The config files stored for the pipeline: seeded pipelines were never created from a config.
  app.on("GET", "/api/repos/:repo_id/pipelines/:number/config", ...guards, (ctx) => {
    const n = parseID(ctx.params.number);
    if (n === null) return empty(400);
    return byNumber(ctx, n) ? json([]) : empty(404);
  });

  // Cancel (server/pipeline/cancel.go): pending workflows become skipped and pending steps canceled;
  // running ones would be finished by their agent, and no agent ever runs in the emulator.
  app.on("POST", "/api/repos/:repo_id/pipelines/:number/cancel", ...guards, mustPush, (ctx) => {
    const n = lenientNumber(ctx);
    if (n === null) return empty(400);
    const p = byNumber(ctx, n);
    if (!p) return empty(404);
    if (p.status !== "running" && p.status !== "pending" && p.status !== "blocked") {
      return text(400, "Cannot cancel a non-running or non-pending or non-blocked pipeline");
    }
    let pendingOnly = true;
    for (const w of p.workflows) {
      if (w.state === "pending") w.state = "skipped";
      else pendingOnly = false;
      for (const step of w.children) {
        if (step.state !== "pending") continue;
        if (step.started) {
          step.state = "success"; // a started daemon that is killed
          delete step.finished;
        } else step.state = "canceled";
      }
    }
    p.status = pendingOnly ? "canceled" : "killed";
    p.finished = nowSec();
    p.cancel_info = { canceled_by_user: ctx.user!.login };
    return empty(204);
  });

  // Decline a blocked pipeline (server/pipeline/decline.go); any other status is a plain error: 500.
  app.on("POST", "/api/repos/:repo_id/pipelines/:number/decline", ...guards, mustPush, (ctx) => {
    const n = lenientNumber(ctx);
    if (n === null) return empty(400);
    const p = byNumber(ctx, n);
    if (!p) return empty(404);
    if (p.status !== "blocked") return empty(500);
    p.reviewed_by = ctx.user!.login;
    p.status = "declined";
    p.reviewed = nowSec();
    for (const w of p.workflows) {
      w.state = "declined";
      for (const step of w.children) step.state = "declined";
    }
    return json(pipelineView(p, true));
  });

  // Restart (server/api/pipeline.go PostPipeline, pipeline/restart.go). Seeded pipelines have no stored
  // config, so the server asks the forge again, which has none either: 400 naming the paths it tried
  // (the forge config service; the emulator calls no config extension).
  app.on("POST", "/api/repos/:repo_id/pipelines/:number", ...guards, mustPush, (ctx) => {
    const n = parseID(ctx.params.number);
    if (n === null) return empty(400);
    if (!app.store.users.has(ctx.repo!.user_id)) return empty(404); // GetUser(repo.UserID)
    const p = byNumber(ctx, n);
    if (!p) return empty(404);
    if (ctx.query.has("event")) {
      if (ctx.query.get("event") !== "deployment") return empty(400); // invalid webhook event
      if (!ctx.repo!.allow_deploy) return empty(403); // repo does not allow deployments
    }
    if (p.status === "blocked") return text(400, "cannot restart a pipeline with status blocked");
    const file = ctx.repo!.config_file.trim();
    const why = file
      ? `user defined config '${file}' not found: configs not found: ${file}`
      : `configFetcher: fallback did not find config: configs not found: ${DEFAULT_CONFIGS.join(", ")}`;
    return text(400, `On fetching external pipeline config: ${why}`);
  });
}
