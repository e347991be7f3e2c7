// Repo crons (server/api/cron.go): id in the path, 409 on duplicate create, 500 on rename collision.
import type { App } from "../state.js";
import { mustPull, mustPush } from "../auth.js";
import { Ctx, Reply, Schema, bindWithout, empty, json, paginate, str, text } from "../http.js";
import { Cron, cmp, nowSec } from "../store.js";
import { goQuote, goQuoteRune, isValidTimezone, nextExec, parseSchedule } from "../validate.js";
import { omitKeys } from "../options.js";
import { cronView } from "../views.js";
import { setRepo } from "./repos.js";

const CRON: Schema = {
  goType: "Cron",
  fields: {
    id: "int",
    name: "string",
    repo_id: "int",
    creator_id: "int",
    next_exec: "int",
    schedule: "string",
    timezone: "string",
    created: "int",
    branch: "string",
    enabled: "bool",
    variables: "map",
  },
};
const CRON_PATCH: Schema = {
  goType: "CronPatch",
  fields: { name: "string", schedule: "string", timezone: "string", branch: "string", enabled: "bool", variables: "map" },
};

/** Cron.Validate texts (server/model/cron.go; pinned: test/conformance/cases.ts, "cron: enabled defaults to false"). */
function validateCron(c: { name: string; schedule: string; timezone: string }): string | null {
  if (c.name === "") return "name is required";
  if (c.schedule === "") return "schedule is required";
  try {
    parseSchedule(c.schedule);
  } catch (e) {
    return `can't parse schedule: ${(e as Error).message}`;
  }
  if (!isValidTimezone(c.timezone)) return `can't parse timezone: unknown time zone ${c.timezone}`;
  return null;
}

/** cron.CalcNewNext: LoadLocation, parse, next; error texts as in server/cron/cron.go. */
function calcNext(schedule: string, tz: string): { next: number } | { error: string } {
  if (!isValidTimezone(tz)) return { error: `unknown time zone ${tz}` };
  let s;
  try {
    s = parseSchedule(schedule);
  } catch (e) {
    return { error: `cron parse schedule: ${(e as Error).message}` };
  }
  const next = nextExec(s, tz, Date.now());
  if (next === null) return { error: "cron schedule yields no future execution time" };
  return { next };
}

function branchExists(app: App, ctx: Ctx, branch: string): boolean {
  const fr = app.store.catalogue.repos.get(ctx.repo!.forge_remote_id);
  return !!fr && fr.branches.includes(branch);
}

function parseCronId(ctx: Ctx): number | Reply {
  const raw = ctx.params.cron;
  if (!/^[+-]?\d+$/.test(raw)) return text(400, `Error parsing cron id. strconv.ParseInt: parsing ${goQuote(raw)}: invalid syntax`);
  return Number(raw);
}

export function registerCrons(app: App): void {
  const cronOf = (c: Cron) => omitKeys(cronView(c), app.behaviour.absent.cron);
  const guards = [setRepo(app), mustPull, mustPush];
  const base = "/api/repos/:repo_id/cron";
  const find = (ctx: Ctx, id: number) => {
    const c = app.store.crons.get(id);
    return c && c.repo_id === ctx.repo!.id ? c : undefined;
  };

  app.on("GET", base, ...guards, (ctx) => {
    const list = [...app.store.crons.values()].filter((c) => c.repo_id === ctx.repo!.id).sort((a, b) => cmp(a.name, b.name));
    const page = paginate(ctx, list);
    return json(page.length ? page.map((c) => cronOf(c)) : null);
  });

  app.on("GET", `${base}/:cron`, ...guards, (ctx) => {
    const id = parseCronId(ctx);
    if (typeof id !== "number") return id;
    const c = find(ctx, id);
    return c ? json(cronOf(c)) : empty(404);
  });

  // Run now (server/api/cron.go RunCron; pinned: test/conformance/cases.ts, "run a cron now"): the cron's branch (the repo's default when empty)
  // must resolve on the forge, then the server fetches the pipeline config; the catalogue has none,
  // so the pipeline is filtered out: 204 + Pipeline-Filtered, and no pipeline is stored.
  app.on("POST", `${base}/:cron`, ...guards, (ctx): Reply => {
    const id = parseCronId(ctx);
    if (typeof id !== "number") return id;
    const c = find(ctx, id);
    if (!c) return empty(404);
    // Go formats the int64 id with %q, i.e. as a character literal ('\x01' for cron 1).
    const fail = (err: string) => text(500, `Error creating pipeline for cron ${goQuoteRune(id)}. ${err}`);
    if (!app.store.users.has(ctx.repo!.user_id)) return fail("sql: no rows in result set");
    const branch = c.branch || ctx.repo!.default_branch;
    if (!branchExists(app, ctx, branch)) return fail(`branch not found: ${branch}`);
    // The row was inserted before the config fetch and deleted after it: its id stays used.
    app.store.nextId("pipeline");
    return { status: 204, headers: { "Pipeline-Filtered": "true" } };
  });

  app.on("POST", base, ...guards, (ctx): Reply => {
    const b = bindWithout(ctx, CRON, app.behaviour.absent.cron);
    if (!b.ok) return text(400, `Error parsing request. ${b.error}`);
    const v = b.value;
    const c: Omit<Cron, "id"> = {
      name: str(v.name).trim(),
      repo_id: ctx.repo!.id,
      creator_id: ctx.user!.id,
      next_exec: 0,
      schedule: str(v.schedule).trim(),
      timezone: str(v.timezone).trim() || "UTC",
      created: 0,
      branch: str(v.branch).trim(),
      // plain bool: omitted → false (pinned: test/conformance/cases.ts, "cron: enabled defaults to false"); before v3.13.0 every cron runs (server/model/cron.go at v3.12.0 has no enabled).
      enabled: v.enabled === true || app.behaviour.absent.cron.includes("enabled"),
      variables: (v.variables as Record<string, string> | undefined) ?? null,
    };
    const verr = validateCron(c);
    if (verr) return text(422, `Error inserting cron. validate failed: ${verr}`);
    const n = calcNext(c.schedule, c.timezone);
    if ("error" in n) return text(400, `Error inserting cron. schedule could not parsed: ${n.error}`);
    c.next_exec = n.next;
    if (str(v.branch) !== "" && !branchExists(app, ctx, c.branch)) {
      return text(400, `Error inserting cron. branch not resolved: branch not found: ${c.branch}`);
    }
    for (const o of app.store.crons.values()) {
      if (o.repo_id === c.repo_id && o.name === c.name) return text(409, "cron with this exists for this repo already");
    }
    const row: Cron = { id: app.store.nextId("cron"), ...c, created: nowSec() };
    app.store.crons.set(row.id, row);
    return json(cronOf(row));
  });

  // PATCH (server/api/cron.go PatchCron): empty name/schedule/timezone/branch are ignored, so branch and timezone can't be cleared.
  app.on("PATCH", `${base}/:cron`, ...guards, (ctx): Reply => {
    const id = parseCronId(ctx);
    if (typeof id !== "number") return id;
    const b = bindWithout(ctx, CRON_PATCH, app.behaviour.absent.cron);
    if (!b.ok) return text(400, `Error parsing request. ${b.error}`);
    const row = find(ctx, id);
    if (!row) return empty(404);
    const v = b.value;
    const c = { ...row };
    const branch = str(v.branch).trim();
    if (branch !== "") {
      if (!branchExists(app, ctx, branch)) return text(400, `Error inserting cron. branch not resolved: branch not found: ${branch}`);
      c.branch = branch;
    }
    const tz = str(v.timezone).trim();
    if (tz !== "") {
      const n = calcNext(c.schedule, tz);
      if ("error" in n) return text(400, `Error inserting cron. schedule could not parsed: ${n.error}`);
      c.timezone = tz;
      c.next_exec = n.next;
    }
    const schedule = str(v.schedule).trim();
    if (schedule !== "") {
      const n = calcNext(schedule, c.timezone);
      if ("error" in n) return text(400, `Error inserting cron. schedule could not parsed: ${n.error}`);
      c.schedule = schedule;
      c.next_exec = n.next;
    }
    const name = str(v.name).trim();
    if (name !== "") c.name = name;
    if (typeof v.enabled === "boolean") {
      c.enabled = v.enabled;
      if (c.enabled) {
        const n = calcNext(c.schedule, c.timezone);
        if ("error" in n) return text(500, `Cron schedule could not parsed: ${n.error}`);
        c.next_exec = n.next;
      }
    }
    if (v.variables !== undefined) c.variables = v.variables as Record<string, string>;
    c.creator_id = ctx.user!.id;
    const verr = validateCron(c);
    if (verr) return text(422, `Error inserting cron. validate failed: ${verr}`);
    for (const o of app.store.crons.values()) {
      if (o.id !== c.id && o.repo_id === c.repo_id && o.name === c.name) {
        return text(500, `Error updating cron ${goQuote(str(v.name))}. UNIQUE constraint failed: crons.name, crons.repo_id`);
      }
    }
    Object.assign(row, c);
    return json(cronOf(row));
  });

  app.on("DELETE", `${base}/:cron`, ...guards, (ctx) => {
    const id = parseCronId(ctx);
    if (typeof id !== "number") return id;
    const c = find(ctx, id);
    if (!c) return empty(404);
    app.store.crons.delete(c.id);
    return empty(204);
  });
}
