// Repositories (server/api/repo.go): activation from the forge catalogue, lookup, settings, (de)activation.
import type { App } from "../state.js";
import { mustAdmin, mustPull, mustRepoAdmin, mustUser, resolvePerm, upsertPerm } from "../auth.js";
import { ForgeRepo, findForgeRepoByName, forgeOrgInfo, forgeRepoPerm } from "../forge.js";
import { Ctx, Schema, Step, bindWithout, empty, json, paginate, parseBool, parseID, text } from "../http.js";
import { Org, Repo, cmp } from "../store.js";
import { APPROVAL_MODES, VISIBILITIES } from "../validate.js";
import { omitKeys } from "../options.js";
import { permView, repoView } from "../views.js";

const MAX_TIMEOUT = 120;
const DEFAULT_TIMEOUT = 60;

const TRUSTED_PATCH: Schema = { goType: "TrustedConfigurationPatch", fields: { network: "bool", volumes: "bool", security: "bool" } };
const REPO_PATCH: Schema = {
  goType: "RepoPatch",
  fields: {
    config_file: "string",
    require_approval: "string",
    approval_allowed_users: "string[]",
    timeout: "int",
    visibility: "string",
    allow_pr: "bool",
    allow_deploy: "bool",
    cancel_previous_pipeline_events: "string[]",
    netrc_trusted: "string[]",
    trusted: { object: TRUSTED_PATCH },
    config_extension_endpoint: "string",
    config_extension_exclusive: "bool",
    config_extension_netrc: "bool",
    registry_extension_endpoint: "string",
    registry_extension_netrc: "bool",
    secret_extension_endpoint: "string",
    secret_extension_netrc: "bool",
  },
};

/**
 * What forge.Repo() returns, as a not-yet-stored Repo (id 0). The Gitea driver's toRepo never sets
 * `visibility` (measured on v3.17.0: "" in `GET /api/user/repos?all=true`); only a catalogue repo
 * seeded with an explicit visibility (as forges like GitLab report it) carries one.
 */
export function repoFromForge(fr: ForgeRepo, forgeId: number): Repo {
  return {
    id: 0,
    user_id: 0,
    forge_id: forgeId,
    forge_remote_id: fr.remoteId,
    org_id: 0,
    owner: fr.owner,
    name: fr.name,
    full_name: fr.fullName,
    avatar_url: fr.avatar,
    forge_url: fr.forgeUrl,
    clone_url: fr.cloneUrl,
    clone_url_ssh: fr.cloneUrlSsh,
    default_branch: fr.defaultBranch,
    pr_enabled: true,
    timeout: 0,
    visibility: fr.visibility ?? "",
    private: fr.private,
    trusted: { network: false, volumes: false, security: false },
    require_approval: "",
    approval_allowed_users: null,
    active: false,
    allow_pr: false,
    allow_deploy: false,
    config_file: "",
    cancel_previous_pipeline_events: null,
    netrc_trusted: null,
    config_extension_endpoint: "",
    config_extension_exclusive: false,
    config_extension_netrc: false,
    registry_extension_endpoint: "",
    registry_extension_netrc: false,
    secret_extension_endpoint: "",
    secret_extension_netrc: false,
  };
}

/**
 * Repo.Update(from): refresh forge-owned fields, keep settings. Clone URLs only when the forge gives
 * them; visibility AND the private flag only when the forge reports a visibility, which Gitea never
 * does: a Gitea repo keeps the visibility and `private` stored at activation (v3.17.0).
 */
function updateFromForge(r: Repo, fr: ForgeRepo): void {
  const f = repoFromForge(fr, r.forge_id);
  if (f.forge_remote_id !== "" && f.forge_remote_id !== "0") r.forge_remote_id = f.forge_remote_id;
  r.owner = f.owner;
  r.name = f.name;
  r.full_name = f.full_name;
  r.avatar_url = f.avatar_url;
  r.forge_url = f.forge_url;
  r.pr_enabled = f.pr_enabled;
  if (f.clone_url !== "") r.clone_url = f.clone_url;
  if (f.clone_url_ssh !== "") r.clone_url_ssh = f.clone_url_ssh;
  r.default_branch = f.default_branch;
  if (f.visibility !== "") {
    r.visibility = f.visibility;
    r.private = f.private;
  }
}

/** SetRepo + SetPerm (session/repo.go): numeric id or lookup wildcard; missing → 401 anonymous / 404. */
export function setRepo(app: App): Step {
  return (ctx: Ctx) => {
    let repo: Repo | undefined;
    if (ctx.params.repo_id !== undefined) {
      const id = parseID(ctx.params.repo_id);
      if (id === null) return empty(400);
      repo = app.store.repos.get(id);
    } else {
      repo = app.store.repoByFullName((ctx.params["*"] ?? "").replace(/^\/+/, ""));
    }
    if (!repo) return empty(ctx.user ? 404 : 401);
    ctx.repo = repo;
    ctx.perm = resolvePerm(app.store, ctx.user, repo);
    return undefined;
  };
}

/** getOrCreateOrg (server/api/repo.go), with v3.17.0's insert race on demand (options.orgInsertRaceMs). */
function getOrCreateOrg(app: App, forgeId: number, owner: string): Org | undefined {
  const existing = app.store.orgByName(owner, forgeId);
  const racing = (app.orgInserts.get(owner.toLowerCase()) ?? 0) > Date.now();
  // A concurrent activation saw no org either and lost the insert: nothing was created for it.
  if (existing) return racing ? undefined : existing;
  const info = forgeOrgInfo(app.store.catalogue, owner);
  if (!info) return undefined;
  if (app.options.orgInsertRaceMs > 0) app.orgInserts.set(owner.toLowerCase(), Date.now() + app.options.orgInsertRaceMs);
  return app.store.insertOrg({ forge_id: forgeId, name: info.name, is_user: info.is_user, private: info.private });
}

export function registerRepos(app: App): void {
  const repoOf = (r: Repo) => omitKeys(repoView(r), app.behaviour.absent.repo);
  const withRepo = setRepo(app);

  app.on("POST", "/api/repos", mustUser, (ctx) => {
    const s = app.store;
    const user = ctx.user!;
    const remoteId = ctx.query.get("forge_remote_id") ?? "";
    if (remoteId === "" || remoteId === "0") return text(400, "No forge_remote_id provided");
    let repo = s.repoByRemoteId(user.forge_id, remoteId);
    if (repo?.active) return text(409, "Repository is already active.");
    const fr = s.catalogue.repos.get(remoteId);
    if (!fr) return text(500, "Could not fetch repository from forge.");
    const perm = forgeRepoPerm(fr, user.login);
    if (!perm.admin) return text(403, "User has to be a admin of this repository");
    const enabledOnce = repo !== undefined;
    if (repo) {
      repo = { ...repo, trusted: { ...repo.trusted } };
      updateFromForge(repo, fr);
    } else {
      repo = repoFromForge(fr, user.forge_id);
      repo.require_approval = "forks";
      repo.allow_pr = true;
      repo.allow_deploy = false;
      repo.cancel_previous_pipeline_events = ["push", "pull_request"];
    }
    repo.active = true;
    repo.user_id = user.id;
    if (repo.visibility === "") repo.visibility = repo.private ? "private" : "public";
    if (repo.timeout === 0) repo.timeout = DEFAULT_TIMEOUT;
    else if (repo.timeout > MAX_TIMEOUT) repo.timeout = MAX_TIMEOUT;
    const org = getOrCreateOrg(app, user.forge_id, repo.owner);
    if (!org) return text(500, `Could not find or create organization ${repo.owner}.`);
    repo.org_id = org.id;
    // Unique (forge_id, full_name) / (forge_id, owner, name) against other rows → 409 (server/api/repo.go PostRepo).
    for (const o of s.repos.values()) {
      if (o.id !== repo.id && o.forge_id === repo.forge_id && o.full_name.toLowerCase() === repo.full_name.toLowerCase()) {
        return text(409, "Repository already exists in Woodpecker. Remove the stale repository entry and try again.");
      }
    }
    if (!enabledOnce) repo.id = s.nextId("repo");
    s.repos.set(repo.id, repo);
    upsertPerm(s, user, repo, perm);
    return json(repoOf(repo));
  });

  app.on("GET", "/api/repos", mustAdmin, (ctx) => {
    const activeOnly = parseBool(ctx.query.get("active"));
    const list = [...app.store.repos.values()].filter((r) => !activeOnly || r.active).sort((a, b) => cmp(a.full_name, b.full_name));
    return json(paginate(ctx, list).map((r) => repoOf(r)));
  });

  app.on("POST", "/api/repos/repair", mustAdmin, (ctx) => {
    const failed: number[] = [];
    for (const r of app.store.repos.values()) {
      if (!r.active) continue;
      const fr = app.store.catalogue.repos.get(r.forge_remote_id) ?? findForgeRepoByName(app.store.catalogue, r.full_name);
      if (!fr) failed.push(r.id);
      else repair(app, r, fr, ctx, false);
    }
    if (failed.length) return json({ error: "failed to repair some repos", failed_repos: failed }, 500);
    return empty(204);
  });

  app.on("GET", "/api/repos/lookup/*", withRepo, mustPull, (ctx) => json(repoOf(ctx.repo!)));

  app.on("GET", "/api/repos/:repo_id/permissions", withRepo, (ctx) => json(permView(ctx.perm!)));
  app.on("GET", "/api/repos/:repo_id", withRepo, mustPull, (ctx) => json(repoOf(ctx.repo!)));

  app.on("PATCH", "/api/repos/:repo_id", withRepo, mustPull, mustRepoAdmin, (ctx) => {
    const b = bindWithout(ctx, REPO_PATCH, app.behaviour.absent.repo);
    if (!b.ok) return empty(400);
    const v = b.value as Record<string, any>;
    const user = ctx.user!;
    const repo: Repo = { ...ctx.repo!, trusted: { ...ctx.repo!.trusted } };
    // Same check order as PatchRepo (pinned: test/conformance/cases.ts, "repo PATCH validation codes").
    if (typeof v.timeout === "number" && v.timeout > MAX_TIMEOUT && !user.admin) {
      return text(403, `Timeout is not allowed to be higher than max timeout (${MAX_TIMEOUT} min)`);
    }
    if (v.trusted) {
      const t = v.trusted as Partial<Record<"network" | "volumes" | "security", boolean | null>>;
      const changed = (["network", "volumes", "security"] as const).some((k) => typeof t[k] === "boolean" && t[k] !== repo.trusted[k]);
      if (!user.admin && changed) return text(403, "Insufficient privileges");
      for (const k of ["network", "volumes", "security"] as const) if (typeof t[k] === "boolean") repo.trusted[k] = t[k] as boolean;
    }
    if ("allow_pr" in v) repo.allow_pr = v.allow_pr;
    if ("allow_deploy" in v) repo.allow_deploy = v.allow_deploy;
    if ("require_approval" in v) {
      if (!APPROVAL_MODES.has(v.require_approval)) return text(400, "Invalid require-approval setting");
      repo.require_approval = v.require_approval;
    }
    if ("approval_allowed_users" in v) repo.approval_allowed_users = v.approval_allowed_users;
    if ("timeout" in v) {
      repo.timeout = v.timeout;
      if (repo.timeout < 1) return text(400, "Timeout must be at least 1 minute");
    }
    if ("config_file" in v) repo.config_file = v.config_file;
    if ("cancel_previous_pipeline_events" in v) repo.cancel_previous_pipeline_events = v.cancel_previous_pipeline_events;
    if ("netrc_trusted" in v) repo.netrc_trusted = v.netrc_trusted;
    if ("visibility" in v) {
      if (!VISIBILITIES.has(v.visibility)) return text(400, "Invalid visibility type");
      repo.visibility = v.visibility;
    }
    for (const k of [
      "config_extension_endpoint",
      "config_extension_exclusive",
      "config_extension_netrc",
      "registry_extension_endpoint",
      "registry_extension_netrc",
      "secret_extension_endpoint",
      "secret_extension_netrc",
    ] as const) {
      if (k in v) (repo as unknown as Record<string, unknown>)[k] = v[k];
    }
    Object.assign(ctx.repo!, repo);
    return json(repoOf(ctx.repo!));
  });

  // Deactivate by default; ?remove=true hard-deletes everything except crons
  // (pinned: test/conformance/cases.ts, "repo DELETE deactivates"; crons: datastore/repo.go deleteRepo).
  app.on("DELETE", "/api/repos/:repo_id", withRepo, mustPull, mustRepoAdmin, (ctx) => {
    const repo = ctx.repo!;
    if (parseBool(ctx.query.get("remove"))) {
      app.store.deleteRepo(repo, app.behaviour.deletesAllPipelines);
    } else {
      repo.active = false;
      repo.user_id = 0;
    }
    return json(repoOf(repo));
  });

  app.on("POST", "/api/repos/:repo_id/chown", withRepo, mustPull, mustRepoAdmin, (ctx) => {
    ctx.repo!.user_id = ctx.user!.id;
    return json(repoOf(ctx.repo!));
  });

  app.on("POST", "/api/repos/:repo_id/repair", withRepo, mustPull, mustRepoAdmin, (ctx) => {
    const repo = ctx.repo!;
    const fr = app.store.catalogue.repos.get(repo.forge_remote_id) ?? findForgeRepoByName(app.store.catalogue, repo.full_name);
    if (!fr) return empty(500);
    repair(app, repo, fr, ctx, true);
    return empty(204);
  });

  app.on("POST", "/api/repos/:repo_id/move", withRepo, mustPull, mustRepoAdmin, (ctx) => {
    const repo = ctx.repo!;
    const to = ctx.query.get("to");
    if (to === null) return empty(500);
    const slash = to.indexOf("/");
    if (slash <= 0 || slash === to.length - 1) return empty(500);
    const fr = findForgeRepoByName(app.store.catalogue, to);
    if (!fr) return empty(500);
    const perm = forgeRepoPerm(fr, ctx.user!.login);
    if (!perm.admin) return empty(401);
    app.store.redirections.set(repo.full_name.toLowerCase(), repo.id);
    updateFromForge(repo, fr);
    const org = getOrCreateOrg(app, repo.forge_id, repo.owner);
    if (!org) return text(500, `Could not find or create organization ${repo.owner}.`);
    repo.org_id = org.id;
    upsertPerm(app.store, ctx.user!, repo, perm);
    return empty(204);
  });
}

function repair(app: App, repo: Repo, fr: ForgeRepo, ctx: Ctx, updatePerms: boolean): void {
  if (!app.store.users.has(repo.user_id) && ctx.user) repo.user_id = ctx.user.id;
  if (repo.full_name !== fr.fullName) app.store.redirections.set(repo.full_name.toLowerCase(), repo.id);
  updateFromForge(repo, fr);
  const owner = app.store.users.get(repo.user_id);
  if (updatePerms && owner) upsertPerm(app.store, owner, repo, forgeRepoPerm(fr, owner.login));
}
