// Forges (server/api/forge.go): reads need no auth (public copy for non-admins); writes are admin-only, unvalidated.
import type { App } from "../state.js";
import { mustAdmin } from "../auth.js";
import { Schema, bindWithout, bool, empty, json, paginate, parseID, str, text } from "../http.js";
import { Forge } from "../store.js";
import { omitKeys } from "../options.js";
import { forgeView } from "../views.js";

const FORGE: Schema = {
  goType: "ForgeWithOAuthClientSecret",
  fields: {
    id: "int",
    type: "string",
    url: "string",
    client: "string",
    skip_verify: "bool",
    oauth_host: "string",
    orgs: "string[]",
    additional_options: "any-map",
    oauth_client_secret: "string",
  },
};
/** v3.17.0's forge has no `orgs` (pinned: test/conformance/cases.ts, "forge orgs: v3.17.0 drops them"): the field is an unknown JSON key, dropped silently. */
const FORGE_V3_17: Schema = { ...FORGE, fields: Object.fromEntries(Object.entries(FORGE.fields).filter(([key]) => key !== "orgs")) };

export function registerForges(app: App): void {
  const forgeOf = (f: Forge, admin: boolean) => omitKeys(forgeView(f, admin), app.behaviour.absent.forge);
  app.on("GET", "/api/forges", (ctx) => {
    const admin = !!ctx.user?.admin;
    // The real store has no ORDER BY; insertion (id) order is what SQLite gives back.
    return json(paginate(ctx, [...app.store.forges.values()]).map((f) => forgeOf(f, admin)));
  });

  app.on("GET", "/api/forges/:forge_id", (ctx) => {
    const id = parseID(ctx.params.forge_id);
    if (id === null) return empty(400);
    const f = app.store.forges.get(id);
    return f ? json(forgeOf(f, !!ctx.user?.admin)) : empty(404);
  });

  app.on("POST", "/api/forges", mustAdmin, (ctx) => {
    const b = bindWithout(ctx, app.behaviour.forgeOrgs ? FORGE : FORGE_V3_17, app.behaviour.absent.forge);
    if (!b.ok) return text(400, b.error);
    const v = b.value;
    const f: Forge = {
      id: app.store.nextId("forge"),
      type: str(v.type),
      url: str(v.url),
      client: str(v.client),
      oauth_client_secret: str(v.oauth_client_secret),
      skip_verify: bool(v.skip_verify),
      oauth_host: str(v.oauth_host),
      orgs: app.behaviour.forgeOrgs ? ((v.orgs as string[] | undefined) ?? null) : null,
      additional_options: (v.additional_options as Record<string, unknown> | undefined) ?? null,
    };
    app.store.forges.set(f.id, f);
    return json(forgeOf(f, true));
  });

  // Full replacement; oauth_client_secret only when non-empty (pinned: test/conformance/cases.ts, "forge PATCH replaces every field").
  app.on("PATCH", "/api/forges/:forge_id", mustAdmin, (ctx) => {
    const b = bindWithout(ctx, app.behaviour.forgeOrgs ? FORGE : FORGE_V3_17, app.behaviour.absent.forge);
    if (!b.ok) return empty(400);
    const id = parseID(ctx.params.forge_id);
    if (id === null) return empty(400);
    const f = app.store.forges.get(id);
    if (!f) return empty(404);
    const v = b.value;
    f.url = str(v.url);
    f.type = str(v.type);
    f.client = str(v.client);
    f.oauth_host = str(v.oauth_host);
    f.skip_verify = bool(v.skip_verify);
    f.orgs = app.behaviour.forgeOrgs ? ((v.orgs as string[] | undefined) ?? null) : null;
    f.additional_options = (v.additional_options as Record<string, unknown> | undefined) ?? null;
    if (str(v.oauth_client_secret) !== "") f.oauth_client_secret = str(v.oauth_client_secret);
    return json(forgeOf(f, true));
  });

  app.on("DELETE", "/api/forges/:forge_id", mustAdmin, (ctx) => {
    const id = parseID(ctx.params.forge_id);
    if (id === null) return empty(400);
    if (!app.store.forges.delete(id)) return empty(404);
    return empty(204);
  });
}
