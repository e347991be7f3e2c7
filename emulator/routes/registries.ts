// Registries at all three levels (server/api/*registry.go). Repo POST/PATCH echo the request body
// (pinned: test/conformance/cases.ts, "repo registry POST and PATCH echo the request").
import type { App } from "../state.js";
import { Ctx, Reply, Schema, bind, bool, empty, json, num, paginate, str, text } from "../http.js";
import { Registry } from "../store.js";
import { goQuote, validateRegistry } from "../validate.js";
import { registryView } from "../views.js";
import { Level, LevelKind, levels } from "./levels.js";

const REGISTRY: Schema = {
  goType: "Registry",
  fields: { id: "int", org_id: "int", repo_id: "int", address: "string", username: "string", password: "string", readonly: "bool" },
};
const DUP = "on insert duplicate based on constraints was detected";
const UPDATE_DUP = "UNIQUE constraint failed: registries.org_id, registries.repo_id, registries.address";

interface Texts {
  parsePost: string;
  parsePatch: string;
  insert: string;
  insertStatus: number;
  dup: (a: string) => string;
  update: string;
  updateStatus: number;
  updateDup: (a: string) => string;
  echo: boolean; // repo level replies with the request body
  rename: boolean; // org/global PATCH may change the address
}

function texts(kind: LevelKind, qid: string): Texts {
  const q = goQuote;
  switch (kind) {
    case "repo":
      return {
        parsePost: "Error parsing request. ",
        parsePatch: "Error parsing request. ",
        insert: "Error inserting registry. ",
        insertStatus: 400,
        dup: (a) => `Error inserting registry ${q(a)}. `,
        update: "Error updating registry. ",
        updateStatus: 422,
        updateDup: (a) => `Error updating registry ${q(a)}. `,
        echo: true,
        rename: false,
      };
    case "org":
      return {
        parsePost: `Error parsing org ${qid} registry. `,
        parsePatch: "Error parsing registry. ",
        insert: `Error inserting org ${qid} registry. `,
        insertStatus: 422,
        dup: (a) => `Error inserting org ${qid} registry ${q(a)}. `,
        update: `Error updating org ${qid} registry. `,
        updateStatus: 422,
        updateDup: (a) => `Error updating org ${qid} registry ${q(a)}. `,
        echo: false,
        rename: true,
      };
    case "global":
      return {
        parsePost: "Error parsing global registry. ",
        parsePatch: "Error parsing registry. ",
        insert: "Error inserting global registry. ",
        insertStatus: 400,
        dup: (a) => `Error inserting global registry ${q(a)}. `,
        update: "Error updating global registry. ",
        updateStatus: 400,
        updateDup: (a) => `Error updating global registry ${q(a)}. `,
        echo: false,
        rename: true,
      };
  }
}

function rows(app: App, lv: Level, ctx: Ctx): Registry[] {
  const m = lv.match(ctx);
  if (lv.kind === "repo") return app.store.listRegistries(0, m.repo_id!);
  if (lv.kind === "global") return app.store.listRegistries(0, 0);
  if (m.org_id !== 0) return app.store.listRegistries(m.org_id!, 0);
  // org-id-0 trap (pinned: test/conformance/cases.ts, "a missing org id reads like org 0"): WHERE org_id = 0 matches repo and global registries
  return [...app.store.registries.values()].filter((r) => r.org_id === 0).sort((a, b) => a.id - b.id);
}

function find(app: App, lv: Level, ctx: Ctx, addr: string): Registry | undefined {
  const m = lv.match(ctx);
  if (lv.kind === "repo") return app.store.findRegistry(0, m.repo_id!, addr);
  if (lv.kind === "global") return app.store.findRegistry(0, 0, addr);
  if (m.org_id !== 0) return app.store.findRegistry(m.org_id!, 0, addr);
  return rows(app, lv, ctx).find((r) => r.address === addr);
}

/** in.Copy(): the request body with the password cleared (repo level only). */
function echo(v: Record<string, unknown>): unknown {
  return registryView({ id: num(v.id), org_id: num(v.org_id), repo_id: num(v.repo_id), address: str(v.address), username: str(v.username) }, bool(v.readonly));
}

export function registerRegistries(app: App): void {
  const lvs = levels(app);
  for (const lv of Object.values(lvs)) {
    const path = lv.kind === "global" ? "/api/registries" : `${lv.prefix}/registries`;

    app.on("GET", path, ...lv.read, (ctx) => {
      const list = paginate(ctx, rows(app, lv, ctx)).map((r) => registryView(r));
      return json(list.length === 0 && lv.kind === "repo" ? null : list);
    });

    app.on("GET", `${path}/:registry`, ...lv.read, (ctx) => {
      const r = find(app, lv, ctx, ctx.params.registry);
      return r ? json(registryView(r)) : empty(404);
    });

    app.on("POST", path, ...lv.write, (ctx): Reply => {
      const t = texts(lv.kind, lv.qid(ctx));
      const b = bind(ctx, REGISTRY);
      if (!b.ok) return text(400, t.parsePost + b.error);
      const v = b.value;
      const cand = { ...lv.owner(ctx), address: str(v.address), username: str(v.username), password: str(v.password) };
      const err = validateRegistry(cand);
      if (err) return text(t.insertStatus, t.insert + err);
      const row = app.store.insertRegistry(cand);
      if (!row) return text(500, t.dup(cand.address) + DUP);
      return json(t.echo ? echo(v) : registryView(row));
    });

    app.on("PATCH", `${path}/:registry`, ...lv.write, (ctx): Reply => {
      const t = texts(lv.kind, lv.qid(ctx));
      const b = bind(ctx, REGISTRY);
      if (!b.ok) return text(400, t.parsePatch + b.error);
      const row = find(app, lv, ctx, ctx.params.registry);
      if (!row) return empty(404);
      const v = b.value;
      const next = { ...row };
      if (t.rename && str(v.address) !== "") next.address = str(v.address);
      if (str(v.username) !== "") next.username = str(v.username);
      if (str(v.password) !== "") next.password = str(v.password);
      const err = validateRegistry(next);
      if (err) return text(t.updateStatus, t.update + err);
      // an UPDATE hitting the unique index surfaces the raw DB error (default SQLite driver)
      if (!app.store.updateRegistry(row, next)) return text(500, t.updateDup(str(v.address)) + UPDATE_DUP);
      return json(t.echo ? echo(v) : registryView(row));
    });

    app.on("DELETE", `${path}/:registry`, ...lv.write, (ctx) => {
      const r = find(app, lv, ctx, ctx.params.registry);
      if (!r) return empty(404);
      app.store.deleteRegistry(r);
      return empty(204);
    });
  }
}
