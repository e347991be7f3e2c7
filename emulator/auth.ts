// Personal access tokens and route guards (shared/token/token.go, server/router/middleware/session/).
import { createHmac, timingSafeEqual } from "node:crypto";
import { Ctx, Reply, Step, empty, text } from "./http.js";
import { forgeMembership, forgeRepoPerm } from "./forge.js";
import type { Org, Perm, Repo, Store, User } from "./store.js";
import { nowSec } from "./store.js";

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

/** HS256 JWT with claims {type:"user","user-id":"<id>"}, signed with the user's hash, no exp. */
export function signUserToken(user: User): string {
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const claims = b64url(JSON.stringify({ type: "user", "user-id": String(user.id) }));
  const sig = createHmac("sha256", user.hash).update(`${header}.${claims}`).digest("base64url");
  return `${header}.${claims}.${sig}`;
}

function verifyToken(store: Store, token: string): User | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (claims.type !== "user" || typeof claims["user-id"] !== "string") return null;
  const user = store.users.get(Number(claims["user-id"]));
  if (!user) return null;
  const expected = createHmac("sha256", user.hash).update(`${parts[0]}.${parts[1]}`).digest();
  const got = Buffer.from(parts[2], "base64url");
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) return null;
  return user;
}

/** token.ParseRequest order: "Bearer " header, X-Gitlab-Token, access_token query. */
export function userFromRequest(store: Store, ctx: Pick<Ctx, "headers" | "query">): User | null {
  const auth = ctx.headers.authorization;
  let token: string | undefined;
  if (typeof auth === "string" && auth.startsWith("Bearer ")) token = auth.slice(7);
  else if (typeof ctx.headers["x-gitlab-token"] === "string") token = ctx.headers["x-gitlab-token"];
  else token = ctx.query.get("access_token") ?? undefined;
  if (!token) return null;
  return verifyToken(store, token);
}

// ----- guards: each returns a Reply to stop the chain, or nothing to continue

export const mustUser: Step = (ctx) => (ctx.user ? undefined : text(401, "User not authorized"));

export const mustAdmin: Step = (ctx) => {
  if (!ctx.user) return text(401, "User not authorized");
  if (!ctx.user.admin) return text(403, "User not authorized");
  return undefined;
};

export const mustRepoAdmin: Step = (ctx) => {
  if (!ctx.user) return text(401, "User not authorized");
  if (!ctx.perm?.admin) return text(403, "User not authorized");
  return undefined;
};

/** MustPull / MustPush answer 404 with an empty body to logged-in users (pinned: test/conformance/cases.ts, "a user without push permission gets 404"). */
export const mustPull: Step = (ctx) => (ctx.perm?.pull ? undefined : empty(ctx.user ? 404 : 401));
export const mustPush: Step = (ctx) => (ctx.perm?.push ? undefined : empty(ctx.user ? 404 : 401));

export function mustOrgMember(store: Store, admin: boolean): Step {
  return (ctx) => {
    const user = ctx.user;
    if (!user) return text(401, "User not authorized");
    const org = ctx.org!;
    if ((org.name === user.login && org.forge_id === user.forge_id) || user.admin) return undefined;
    if (org.forge_id !== user.forge_id) return text(403, "user not authorized");
    const m = forgeMembership(store.catalogue, org.name, user.login);
    if ((!admin && !m.member) || (admin && !m.admin)) return text(403, "user not authorized");
    return undefined;
  };
}

/** SetPerm: forge permission (kept in the perms table), admin override, visibility (session/repo.go). */
export function resolvePerm(store: Store, user: User | null, repo: Repo): Perm {
  let perm: Perm = { user_id: 0, repo_id: 0, pull: false, push: false, admin: false, synced: 0, created: 0, updated: 0 };
  if (user) {
    const key = `${user.id}:${repo.id}`;
    const row = store.perms.get(key);
    const now = nowSec();
    if (row && row.synced + 3600 > now) {
      perm = { ...row };
    } else {
      const forgeRepo = store.catalogue.repos.get(repo.forge_remote_id);
      if (forgeRepo && user.forge_id === repo.forge_id) {
        const p = forgeRepoPerm(forgeRepo, user.login);
        const next: Perm = { user_id: user.id, repo_id: repo.id, ...p, synced: now, created: row?.created ?? now, updated: now };
        store.perms.set(key, next);
        perm = { ...next };
      } else if (row) {
        perm = { ...row };
      }
    }
  }
  if (user?.admin) {
    perm.pull = true;
    perm.push = true;
    perm.admin = true;
  }
  if (repo.visibility === "public" || (repo.visibility === "internal" && user)) perm.pull = true;
  return perm;
}

/** Upserts the caller's perm row from the forge (activation, move, repair). */
export function upsertPerm(store: Store, user: User, repo: Repo, p: { pull: boolean; push: boolean; admin: boolean }): void {
  const key = `${user.id}:${repo.id}`;
  const now = nowSec();
  const row = store.perms.get(key);
  store.perms.set(key, { user_id: user.id, repo_id: repo.id, ...p, synced: now, created: row?.created ?? now, updated: now });
}

export function orgPermFor(store: Store, user: User | null, org: Org): { member: boolean; admin: boolean } {
  if (!user) return { member: false, admin: false };
  if ((org.is_user && org.name === user.login && org.forge_id === user.forge_id) || (user.admin && !org.is_user)) {
    return { member: true, admin: true };
  }
  if (org.is_user || org.forge_id !== user.forge_id) return { member: false, admin: false };
  return forgeMembership(store.catalogue, org.name, user.login);
}

export type { Reply };
