// /api/users: admin-only user management (server/api/users.go).
import type { App } from "../state.js";
import { mustAdmin } from "../auth.js";
import { Ctx, Schema, bind, bool, empty, json, num, paginate, str, text } from "../http.js";
import { User, cmp, randomHash } from "../store.js";
import { validateLogin } from "../validate.js";
import { omitKeys } from "../options.js";
import { userView } from "../views.js";

const USER: Schema = {
  goType: "User",
  fields: {
    id: "int",
    forge_id: "int",
    forge_remote_id: "string",
    login: "string",
    email: "string",
    avatar_url: "string",
    admin: "bool",
    admin_env: "bool",
    org_id: "int",
  },
};
const DUP = "on insert duplicate based on constraints was detected";

/** GET/DELETE find the user by ?forge_remote_id= (when valid) or by the path login, on ?forge_id= (default 1); before v3.12.0 by the login alone. */
function findUser(app: App, ctx: Ctx): User | number {
  if (!app.behaviour.usersPerForge) return byLogin(app, ctx.params.login) ?? 404;
  const fid = ctx.query.get("forge_id") ?? "1";
  if (!/^[+-]?\d+$/.test(fid)) return 400;
  const forgeId = Number(fid);
  const remote = ctx.query.get("forge_remote_id") ?? "";
  const u = remote !== "" && remote !== "0" ? app.store.userByRemoteId(forgeId, remote) : app.store.userByLogin(forgeId, ctx.params.login);
  return u ?? 404;
}

/** Before v3.12.0 logins are unique across forges (server/store/datastore/user.go GetUserLogin at v3.11.0). */
function byLogin(app: App, login: string): User | undefined {
  for (const u of app.store.users.values()) if (u.login === login) return u;
  return undefined;
}

export function registerUsers(app: App): void {
  const userOf = (u: User) => omitKeys(userView(u), app.behaviour.absent.user);
  app.on("GET", "/api/users", mustAdmin, (ctx) => {
    const list = [...app.store.users.values()].sort((a, b) => cmp(a.login, b.login));
    const page = paginate(ctx, list);
    return json(page.length ? page.map((u) => userOf(u)) : null);
  });

  app.on("POST", "/api/users", mustAdmin, (ctx) => {
    const b = bind(ctx, USER);
    if (!b.ok) return text(400, b.error);
    const v = b.value;
    // admin is ignored and forge_remote_id forced to "0" on create
    // (pinned: test/conformance/cases.ts, "users created through the API have forge_remote_id").
    // Before v3.12.0 PostUser sets forge 1 whatever the body says (server/api/users.go at v3.11.0).
    const forgeId = !app.behaviour.usersPerForge || num(v.forge_id) < 1 ? 1 : num(v.forge_id);
    const login = str(v.login);
    const err = validateLogin(login);
    if (err) return text(400, err);
    const u = app.store.createUser(
      {
        forge_id: forgeId,
        forge_remote_id: "0",
        login,
        email: str(v.email),
        avatar_url: str(v.avatar_url),
        admin: false,
        hash: randomHash(),
      },
      app.behaviour.usersPerForge,
    );
    if (!u) return text(500, DUP);
    return json(userOf(u));
  });

  app.on("GET", "/api/users/:login", mustAdmin, (ctx) => {
    const u = findUser(app, ctx);
    return typeof u === "number" ? empty(u) : json(userOf(u));
  });

  // The user is found by the BODY's (forge_id, forge_remote_id); the path login is effectively
  // ignored. Not found → 200 with an id-0 object and nothing updated
  // (pinned: test/conformance/cases.ts, "user PATCH finds the user by the body's forge_remote_id").
  app.on("PATCH", "/api/users/:login", mustAdmin, (ctx) => {
    const b = bind(ctx, USER);
    if (!b.ok) return empty(400);
    const v = b.value;
    if (!app.behaviour.usersPerForge) {
      // Before v3.12.0 the path's login finds the user, and the login is never changed (server/api/users.go at v3.11.0).
      const user = byLogin(app, ctx.params.login);
      if (!user) return empty(404);
      Object.assign(user, { email: str(v.email), avatar_url: str(v.avatar_url), admin: bool(v.admin) });
      return json(userOf(user));
    }
    const forgeId = num(v.forge_id) < 1 ? 1 : num(v.forge_id);
    const found = app.store.userByRemoteId(forgeId, str(v.forge_remote_id));
    const next = { login: str(v.login), email: str(v.email), avatar_url: str(v.avatar_url), admin: bool(v.admin) };
    if (!found) {
      const ghost: User = { id: 0, forge_id: 0, forge_remote_id: "", hash: "", org_id: 0, ...next };
      return json(userOf(ghost));
    }
    for (const o of app.store.users.values()) {
      if (o !== found && o.forge_id === found.forge_id && o.login === next.login) return empty(409);
    }
    Object.assign(found, next);
    return json(userOf(found));
  });

  // Deleting a user deletes the personal org (its secrets and repos) and perms (datastore/user.go).
  app.on("DELETE", "/api/users/:login", mustAdmin, (ctx) => {
    const u = findUser(app, ctx);
    if (typeof u === "number") return empty(u);
    app.store.deleteOrg(u.org_id, app.behaviour.deletesAllPipelines);
    app.store.users.delete(u.id);
    for (const [k, p] of [...app.store.perms]) if (p.user_id === u.id) app.store.perms.delete(k);
    return empty(204);
  });
}
