// Pipeline feeds (server/api/user.go GetFeed, server/api/pipeline.go GetPipelineQueue,
// server/store/datastore/feed.go): Feed rows join pipelines with repos; every pipeline field is
// omitempty, so a repo without pipelines is just {repo_id, full_name}.
import type { App } from "../state.js";
import { mustAdmin, mustUser } from "../auth.js";
import { json, parseBool } from "../http.js";
import { Pipeline, Repo, User, cmp } from "../store.js";

// model.Feed's fields in Go's order: JSON name ← pipeline field.
const FEED_FIELDS = [
  "id",
  "number",
  "event",
  "status",
  "created",
  "started",
  "finished",
  "commit",
  "branch",
  "ref",
  "refspec",
  "title",
  "author",
  "author_avatar",
  "author_email",
  "release",
  "tag_title",
  "message",
];
const PER_PAGE = 50; // datastore's perPage: the feed's fixed limit

/** model.Feed; `api` applies APIFeed's ToAPIModel (tag and release messages), as only the user feed does. */
function feedView(repo: Repo, p: Pipeline | undefined, api: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = { repo_id: repo.id };
  if (repo.full_name !== "") o.full_name = repo.full_name;
  if (!p) return o;
  for (const k of FEED_FIELDS) {
    const v = p[k];
    if (v === undefined || v === null || v === "" || v === 0) continue;
    o[k] = v;
  }
  if (api && (p.event === "tag" || p.event === "release")) {
    const tagTitle = typeof p.tag_title === "string" ? p.tag_title : "";
    const rel = p.release as { title?: string } | undefined;
    o.message = p.event === "tag" ? `created tag ${tagTitle}` : `created release ${rel ? (rel.title ?? "") : tagTitle}`;
    if (p.event === "release" && rel) o.title = rel.title ?? "";
    // omitempty applies to what ToAPIModel set too
    if (o.title === "") delete o.title;
  }
  return o;
}

export function registerFeed(app: App): void {
  /** Repos the user may push to or administer, per the stored perm rows (userPushOrAdminCondition). */
  const pushRepos = (user: User): Repo[] => {
    const out: Repo[] = [];
    for (const perm of app.store.perms.values()) {
      if (perm.user_id !== user.id || !(perm.push || perm.admin)) continue;
      const r = app.store.repos.get(perm.repo_id);
      if (r) out.push(r);
    }
    return out;
  };

  app.on("GET", "/api/user/feed", mustUser, (ctx) => {
    const repos = pushRepos(ctx.user!);
    const byId = new Map(repos.map((r) => [r.id, r]));
    if (parseBool(ctx.query.get("latest"))) {
      // RepoListLatest: active repos by full name, each with its newest pipeline if any (by id; by number from v3.18.0).
      const key = (p: Pipeline) => (app.behaviour.latestByNumber ? p.number : p.id);
      const latest = new Map<number, Pipeline>();
      for (const p of app.store.pipelines.values()) {
        const cur = latest.get(p.repo_id);
        if (byId.has(p.repo_id) && (!cur || key(p) > key(cur))) latest.set(p.repo_id, p);
      }
      const active = repos.filter((r) => r.active).sort((a, b) => cmp(a.full_name, b.full_name));
      return json(active.map((r) => feedView(r, latest.get(r.id), false)));
    }
    // UserFeed: newest pipelines first (by id; from v3.18.0 by created, then id), at most 50; no rows → a nil slice → null.
    const newest = (a: Pipeline, b: Pipeline) => (app.behaviour.latestByNumber ? (b.created as number) - (a.created as number) || b.id - a.id : b.id - a.id);
    const rows = [...app.store.pipelines.values()]
      .filter((p) => byId.has(p.repo_id))
      .sort(newest)
      .slice(0, PER_PAGE);
    return json(rows.length ? rows.map((p) => feedView(byId.get(p.repo_id)!, p, true)) : null);
  });

  // Pending and running pipelines of every repo, in storage order (the query has no ORDER BY).
  app.on("GET", "/api/pipelines", mustAdmin, () => {
    const rows: Record<string, unknown>[] = [];
    for (const p of [...app.store.pipelines.values()].sort((a, b) => a.id - b.id)) {
      const r = app.store.repos.get(p.repo_id);
      if (r && (p.status === "pending" || p.status === "running")) rows.push(feedView(r, p, false));
    }
    return json(rows);
  });
}
