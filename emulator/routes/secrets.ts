// Secrets at all three levels (server/api/*secret.go, server/model/secret.go). One implementation, level-specific texts and status codes.
import type { App } from "../state.js";
import { Ctx, Reply, Schema, bindWithout, empty, json, paginate, str, text } from "../http.js";
import { Secret } from "../store.js";
import { goQuote, sortEvents, validateSecret } from "../validate.js";
import { omitKeys } from "../options.js";
import { secretView } from "../views.js";
import { Level, LevelKind, levels } from "./levels.js";

const SECRET: Schema = {
  goType: "Secret",
  fields: { id: "int", org_id: "int", repo_id: "int", name: "string", value: "string", images: "string[]", events: "string[]", note: "string" },
};
const SECRET_PATCH: Schema = { goType: "SecretPatch", fields: { name: "string", value: "string", images: "string[]", events: "string[]", note: "string" } };
const DUP = "on insert duplicate based on constraints was detected";

/** Error texts of repo_secret.go / org_secret.go / global_secret.go. */
function texts(kind: LevelKind, qid: string) {
  const q = (n: string) => goQuote(n);
  switch (kind) {
    case "repo":
      return {
        parse: "Error parsing secret. ",
        insert: "Error inserting secret. ",
        dup: (n: string) => `Error inserting secret ${q(n)}. `,
        update: "Error updating secret. ",
        updateStatus: 422,
      };
    case "org":
      return {
        parse: `Error parsing org ${qid} secret. `,
        insert: `Error inserting org ${qid} secret. `,
        dup: (n: string) => `Error inserting org ${qid} secret ${q(n)}. `,
        update: `Error updating org ${qid} secret. `,
        updateStatus: 422,
      };
    case "global":
      // Global PATCH validation is 400, not 422 (pinned: test/conformance/cases.ts, "validation status codes differ by level").
      return {
        parse: "Error parsing global secret. ",
        insert: "Error inserting global secret. ",
        dup: (n: string) => `Error inserting global secret ${q(n)}. `,
        update: "Error updating global secret. ",
        updateStatus: 400,
      };
  }
}

function rows(app: App, lv: Level, ctx: Ctx): Secret[] {
  const m = lv.match(ctx);
  if (lv.kind === "repo") return app.store.listSecrets(0, m.repo_id!);
  if (lv.kind === "global") return app.store.listSecrets(0, 0);
  if (m.org_id !== 0) return app.store.listSecrets(m.org_id!, 0);
  // org-id-0 trap (pinned: test/conformance/cases.ts, "a missing org id reads like org 0"): WHERE org_id = 0 matches every repo and global secret
  return [...app.store.secrets.values()].filter((x) => x.org_id === 0).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
}

function find(app: App, lv: Level, ctx: Ctx, name: string): Secret | undefined {
  const m = lv.match(ctx);
  if (lv.kind === "repo") return app.store.findSecret(0, m.repo_id!, name);
  if (lv.kind === "global") return app.store.findSecret(0, 0, name);
  if (m.org_id !== 0) return app.store.findSecret(m.org_id!, 0, name);
  return rows(app, lv, ctx).find((x) => x.name === name);
}

export function registerSecrets(app: App): void {
  const secretOf = (s: Secret) => omitKeys(secretView(s), app.behaviour.absent.secret);
  const lvs = levels(app);
  for (const lv of Object.values(lvs)) {
    const path = lv.kind === "global" ? "/api/secrets" : `${lv.prefix}/secrets`;

    app.on("GET", path, ...lv.read, (ctx) => {
      const list = paginate(ctx, rows(app, lv, ctx)).map((x) => secretOf(x));
      // repo level returns null when empty; org and global return [] (pinned: test/conformance/cases.ts, "empty lists: null for repo secrets")
      return json(list.length === 0 && lv.kind === "repo" ? null : list);
    });

    app.on("GET", `${path}/:secret`, ...lv.read, (ctx) => {
      const s = find(app, lv, ctx, ctx.params.secret);
      return s ? json(secretOf(s)) : empty(404);
    });

    app.on("POST", path, ...lv.write, (ctx): Reply => {
      const t = texts(lv.kind, lv.qid(ctx));
      const b = bindWithout(ctx, SECRET, app.behaviour.absent.secret);
      if (!b.ok) return text(400, t.parse + b.error);
      const v = b.value;
      const cand = {
        ...lv.owner(ctx),
        name: str(v.name),
        value: str(v.value),
        events: (v.events as string[] | undefined) ?? [],
        images: (v.images as string[] | undefined) ?? null,
        note: str(v.note),
      };
      const err = validateSecret(cand);
      if (err) return text(422, t.insert + err);
      const row = app.store.insertSecret({ ...cand, events: sortEvents(cand.events) });
      if (!row) return text(500, t.dup(cand.name) + DUP);
      return json(secretOf(row));
    });

    // PATCH: name ignored, value only when non-empty, events/images when present (model.SecretPatch).
    app.on("PATCH", `${path}/:secret`, ...lv.write, (ctx): Reply => {
      const t = texts(lv.kind, lv.qid(ctx));
      const b = bindWithout(ctx, SECRET_PATCH, app.behaviour.absent.secret);
      if (!b.ok) return text(400, "Error parsing secret. " + b.error);
      const row = find(app, lv, ctx, ctx.params.secret);
      if (!row) return empty(404);
      const v = b.value;
      const next = { ...row };
      if (typeof v.value === "string" && v.value !== "") next.value = v.value;
      if (Array.isArray(v.events)) next.events = v.events as string[];
      if (Array.isArray(v.images)) next.images = v.images as string[];
      if (typeof v.note === "string") next.note = v.note;
      const err = validateSecret(next);
      if (err) return text(t.updateStatus, t.update + err);
      next.events = sortEvents(next.events);
      Object.assign(row, next);
      return json(secretOf(row));
    });

    app.on("DELETE", `${path}/:secret`, ...lv.write, (ctx) => {
      const row = find(app, lv, ctx, ctx.params.secret);
      if (!row) return empty(404);
      app.store.deleteSecret(row);
      return empty(204);
    });
  }
}
