// /api/user: the caller (server/api/user.go; pinned: test/conformance/cases.ts, "GET /api/user is the token's own user"). The whole group is behind MustUser.
import type { App } from "../state.js";
import { mustUser, signUserToken } from "../auth.js";
import { forgeRepoPerm } from "../forge.js";
import { json, parseBool, text } from "../http.js";
import { Repo, cmp, randomHash } from "../store.js";
import { omitKeys } from "../options.js";
import { pipelineView, repoView, userView } from "../views.js";
import { repoFromForge } from "./repos.js";

export function registerUser(app: App): void {
  const repoOf = (r: Repo, extra?: Parameters<typeof repoView>[1]) => omitKeys(repoView(r, extra), app.behaviour.absent.repo);
  const userOf = (u: Parameters<typeof userView>[0]) => omitKeys(userView(u), app.behaviour.absent.user);
  app.on("GET", "/api/user", mustUser, (ctx) => json(userOf(ctx.user!)));

  app.on("POST", "/api/user/token", mustUser, (ctx) => text(200, signUserToken(ctx.user!)));

  // Rotating the hash revokes every token signed with the old one.
  app.on("DELETE", "/api/user/token", mustUser, (ctx) => {
    ctx.user!.hash = randomHash();
    return text(200, signUserToken(ctx.user!));
  });

  app.on("POST", "/api/user/repos/refresh", mustUser, () => json("Ok"));

  app.on("GET", "/api/user/repos", mustUser, (ctx) => {
    const s = app.store;
    const user = ctx.user!;
    const nameFilter = ctx.query.get("name") ?? "";
    // RepoList(user, owned=true): stored repos where the forge gives the user push or admin.
    const owned = (r: Repo) => {
      const fr = s.catalogue.repos.get(r.forge_remote_id);
      if (!fr) return false;
      const p = forgeRepoPerm(fr, user.login);
      return p.push || p.admin;
    };
    const nameOk = (r: { name: string }) => nameFilter === "" || r.name.includes(nameFilter);
    const dbRepos = [...s.repos.values()].filter((r) => r.forge_id === user.forge_id && owned(r) && nameOk(r)).sort((a, b) => cmp(a.full_name, b.full_name));

    if (!parseBool(ctx.query.get("all"))) {
      const out = dbRepos
        .filter((r) => r.active)
        .map((r) => {
          const v = repoOf(r);
          let last: ReturnType<typeof pipelineView> | undefined;
          // GetRepoLatestPipelines: MAX(id) per repo; from v3.18.0 MAX(number) (options.ts latestByNumber).
          const key = (p: { id: number; number: number }) => (app.behaviour.latestByNumber ? p.number : p.id);
          let best = -1;
          for (const p of s.pipelines.values()) if (p.repo_id === r.id && key(p) > best) ((best = key(p)), (last = pipelineView(p, false)));
          if (last) v.last_pipeline = last;
          return v;
        });
      return json(out);
    }

    // all=true: forge repos the user can push to, merged with stored rows.
    const byRemote = new Map(dbRepos.map((r) => [r.forge_remote_id, r]));
    const byName = new Map(dbRepos.map((r) => [r.full_name.toLowerCase(), r]));
    const stale = new Map(dbRepos.map((r) => [r.id, r]));
    const list: Array<{ repo: Repo; conflict?: boolean; noForge?: boolean }> = [];
    for (const fr of s.catalogue.repos.values()) {
      const p = forgeRepoPerm(fr, user.login);
      if (!p.push || !nameOk(fr)) continue;
      const existing = byRemote.get(fr.remoteId);
      if (existing) {
        list.push({ repo: existing });
        stale.delete(existing.id);
      } else if (p.admin) {
        list.push({ repo: repoFromForge(fr, user.forge_id) });
      }
    }
    for (const item of list) {
      const ex = byName.get(item.repo.full_name.toLowerCase());
      if (ex && ex.forge_remote_id !== item.repo.forge_remote_id) {
        item.repo = { ...item.repo, id: ex.id };
        item.conflict = true;
        stale.delete(ex.id);
      }
    }
    for (const r of stale.values()) list.push({ repo: r, noForge: true });
    if (list.length === 0) return json(null);
    return json(list.map((i) => repoOf(i.repo, { has_forge_name_conflict: i.conflict, has_no_forge_repo: i.noForge })));
  });
}
