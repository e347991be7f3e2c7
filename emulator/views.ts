// JSON shapes of the server's models: Go struct field order, omitempty and hidden fields.
import type { Agent, Cron, Forge, Org, Perm, Pipeline, Registry, Repo, Secret, User } from "./store.js";

/** Secret.Copy(): value never returned (pinned: test/conformance/cases.ts, "secret values are never returned"). */
export function secretView(s: Secret): unknown {
  return { id: s.id, org_id: s.org_id, repo_id: s.repo_id, name: s.name, images: s.images, events: s.events, note: s.note };
}

/** Registry.Copy(): password cleared but present (pinned: test/conformance/cases.ts, "repo registry POST and PATCH echo the request"). */
export function registryView(r: Pick<Registry, "id" | "org_id" | "repo_id" | "address" | "username">, readonly = false): unknown {
  return { id: r.id, org_id: r.org_id, repo_id: r.repo_id, address: r.address, username: r.username, password: "", readonly };
}

/** User JSON (pinned: test/conformance/cases.ts, "users list: ordered by login"): admin and admin_env omitted when false, forge_id when 0. */
export function userView(u: User, adminEnv = false): Record<string, unknown> {
  const o: Record<string, unknown> = { id: u.id };
  if (u.forge_id) o.forge_id = u.forge_id;
  o.forge_remote_id = u.forge_remote_id;
  o.login = u.login;
  o.email = u.email;
  o.avatar_url = u.avatar_url;
  if (u.admin) o.admin = true;
  if (adminEnv) o.admin_env = true;
  o.org_id = u.org_id;
  return o;
}

/** Org JSON (pinned: test/conformance/cases.ts, "orgs: lookup is case-insensitive"): id and forge_id omitempty, private hidden. */
export function orgView(o: Pick<Org, "id" | "forge_id" | "name" | "is_user">): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  if (o.id) v.id = o.id;
  if (o.forge_id) v.forge_id = o.forge_id;
  v.name = o.name;
  v.is_user = o.is_user;
  return v;
}

/** Repo JSON (server/model/repo.go). */
export function repoView(r: Repo, extra?: { has_forge_name_conflict?: boolean; has_no_forge_repo?: boolean }): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (r.id) o.id = r.id;
  if (r.forge_id) o.forge_id = r.forge_id;
  o.forge_remote_id = r.forge_remote_id;
  o.org_id = r.org_id;
  o.owner = r.owner;
  o.name = r.name;
  o.full_name = r.full_name;
  if (r.avatar_url) o.avatar_url = r.avatar_url;
  if (r.forge_url) o.forge_url = r.forge_url;
  if (r.clone_url) o.clone_url = r.clone_url;
  o.clone_url_ssh = r.clone_url_ssh;
  if (r.default_branch) o.default_branch = r.default_branch;
  o.pr_enabled = r.pr_enabled;
  if (r.timeout) o.timeout = r.timeout;
  o.visibility = r.visibility;
  o.private = r.private;
  o.trusted = { network: r.trusted.network, volumes: r.trusted.volumes, security: r.trusted.security };
  o.require_approval = r.require_approval;
  o.approval_allowed_users = r.approval_allowed_users;
  o.active = r.active;
  o.allow_pr = r.allow_pr;
  o.allow_deploy = r.allow_deploy;
  o.config_file = r.config_file;
  o.cancel_previous_pipeline_events = r.cancel_previous_pipeline_events;
  o.netrc_trusted = r.netrc_trusted;
  o.config_extension_endpoint = r.config_extension_endpoint;
  o.config_extension_exclusive = r.config_extension_exclusive;
  o.config_extension_netrc = r.config_extension_netrc;
  o.registry_extension_endpoint = r.registry_extension_endpoint;
  o.registry_extension_netrc = r.registry_extension_netrc;
  o.secret_extension_endpoint = r.secret_extension_endpoint;
  o.secret_extension_netrc = r.secret_extension_netrc;
  if (extra?.has_forge_name_conflict) o.has_forge_name_conflict = true;
  if (extra?.has_no_forge_repo) o.has_no_forge_repo = true;
  return o;
}

export function cronView(c: Cron): unknown {
  return {
    id: c.id,
    name: c.name,
    repo_id: c.repo_id,
    creator_id: c.creator_id,
    next_exec: c.next_exec,
    schedule: c.schedule,
    timezone: c.timezone,
    created: c.created,
    branch: c.branch,
    enabled: c.enabled,
    variables: c.variables,
  };
}

/** Agent JSON (pinned: test/conformance/cases.ts, "agents: the token is returned"): the token is returned on every read. */
export function agentView(a: Agent): unknown {
  return { ...a };
}

/** Full forge for admins (client secret hidden), {id,type,url} for everyone else (pinned: test/conformance/cases.ts, "forges: anonymous and users get the public copy"). */
export function forgeView(f: Forge, admin: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = { id: f.id, type: f.type, url: f.url };
  if (!admin) return o;
  if (f.client) o.client = f.client;
  if (f.skip_verify) o.skip_verify = true;
  if (f.oauth_host) o.oauth_host = f.oauth_host;
  if (f.orgs && f.orgs.length) o.orgs = f.orgs;
  if (f.additional_options && Object.keys(f.additional_options).length) o.additional_options = f.additional_options;
  return o;
}

export function permView(p: Perm): unknown {
  return { pull: p.pull, push: p.push, admin: p.admin, synced: p.synced, created: p.created, updated: p.updated };
}

const PIPELINE_OPTIONAL = ["cancel_info", "changed_files", "variables", "pr_labels", "pr_milestone", "pr_draft", "cron", "from_fork", "release", "tag_title"];

/** APIPipeline (server/model/pipeline.go) incl. the ToAPIModel message/sender adjustments; workflows only when asked. */
export function pipelineView(p: Pipeline, withWorkflows: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    if (k === "repo_id" || k === "workflows") continue;
    if (PIPELINE_OPTIONAL.includes(k) && isEmpty(v)) continue;
    o[k] = v;
  }
  const tagTitle = typeof p.tag_title === "string" ? p.tag_title : "";
  if (p.event === "cron") {
    o.message = p.cron ?? "";
    o.sender = p.cron ?? "";
  } else if (p.event === "tag") {
    o.message = `created tag ${tagTitle}`;
  } else if (p.event === "release") {
    o.message = `created release ${tagTitle}`;
    const rel = p.release as { title?: string; is_prerelease?: boolean } | undefined;
    if (rel) {
      o.title = rel.title ?? "";
      o.message = `created release ${rel.title ?? ""}`;
      if (rel.is_prerelease) o.is_prerelease = true;
    }
  }
  if (withWorkflows && p.workflows.length > 0) o.workflows = p.workflows;
  return o;
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === "" || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.keys(v as object).length === 0;
  return false;
}
