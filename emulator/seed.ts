// Start/reset state and the test seeding helpers (forge repos, users, pipelines).
import { signUserToken } from "./auth.js";
import { addForgeOrg, addForgeRepo, addForgeUser, seedCatalogue, RepoSpec } from "./forge.js";
import { Pipeline, Step, Store, User, Workflow, nowSec, randomHash } from "./store.js";
import { randomUUID } from "node:crypto";

/**
 * `hashes` keeps the seeded users' signing hashes stable across resets of one emulator, so tokens
 * handed out at start (Emulator.adminToken/userToken) stay valid after POST /__emulator/reset.
 */
export function seedStore(hashes: Record<string, string> = {}): Store {
  const s = new Store();
  // Forge 1 is always recreated from the server's environment at start (server/services/setup.go).
  s.forges.set(1, {
    id: 1,
    type: "gitea",
    url: "http://forge.example.test",
    client: "woodpecker",
    oauth_client_secret: "emulator-secret",
    skip_verify: false,
    oauth_host: "",
    orgs: null,
    additional_options: null,
  });
  s.seq.forge = 1;
  seedCatalogue(s.catalogue);
  addWoodpeckerUser(s, "admin", true, undefined, hashes.admin);
  addWoodpeckerUser(s, "alice", false, undefined, hashes.alice);
  return s;
}

/** A user who has logged in through the forge: real forge remote id and a personal org. */
export function addWoodpeckerUser(s: Store, login: string, admin: boolean, email?: string, hash?: string): User {
  const fu = addForgeUser(s.catalogue, login, email);
  const existing = s.userByLogin(1, login);
  if (existing) return existing;
  const u = s.createUser({
    forge_id: 1,
    forge_remote_id: fu.remoteId,
    login,
    email: fu.email,
    avatar_url: fu.avatar,
    admin,
    hash: hash ?? randomHash(),
  });
  if (!u) throw new Error(`cannot create user ${login}`);
  return u;
}

export function tokenOf(s: Store, login: string): string {
  const u = s.userByLogin(1, login);
  return u ? signUserToken(u) : "";
}

interface SeedBody {
  forgeRepos?: RepoSpec[];
  forgeOrgs?: Array<{ name: string; members?: string[]; admins?: string[]; private?: boolean }>;
  users?: Array<{ login: string; admin?: boolean; email?: string }>;
  pipelines?: Array<{ repoId: number; count?: number; workflows?: Array<Partial<Workflow> & { children?: Array<Partial<Step>> }> } & Record<string, unknown>>;
}

export function applySeed(s: Store, body: SeedBody): unknown {
  const out = { forgeRepos: [] as unknown[], forgeOrgs: [] as unknown[], users: [] as unknown[], pipelines: [] as unknown[] };
  for (const o of body.forgeOrgs ?? []) {
    addForgeOrg(s.catalogue, o);
    out.forgeOrgs.push({ name: o.name });
  }
  for (const spec of body.forgeRepos ?? []) {
    const r = addForgeRepo(s.catalogue, spec);
    out.forgeRepos.push({ remoteId: r.remoteId, fullName: r.fullName });
  }
  for (const u of body.users ?? []) {
    const user = addWoodpeckerUser(s, u.login, u.admin ?? false, u.email);
    out.users.push({ login: user.login, id: user.id, token: signUserToken(user) });
  }
  for (const p of body.pipelines ?? []) {
    const repo = s.repos.get(p.repoId);
    if (!repo) throw new Error(`unknown repoId ${p.repoId}`);
    const count = p.count ?? 1;
    for (let i = 0; i < count; i++) {
      const pl = createPipeline(s, repo.id, repo.default_branch, p);
      out.pipelines.push({ repoId: repo.id, number: pl.number, id: pl.id });
    }
  }
  return out;
}

/**
 * Builds a pipeline shaped like APIPipeline (server/model/pipeline.go), with per-repo number = max+1, or the
 * seed's own `number` (rows whose numbers do not follow their ids, as data carried over from another
 * server has: where v3.17.0's "latest by id" and v3.18.0's "by number" part ways).
 */
export function createPipeline(s: Store, repoId: number, defaultBranch: string, fields: Record<string, unknown>): Pipeline {
  let max = 0;
  for (const p of s.pipelines.values()) if (p.repo_id === repoId && p.number > max) max = p.number;
  const number = typeof fields.number === "number" ? fields.number : max + 1;
  for (const p of s.pipelines.values())
    if (p.repo_id === repoId && p.number === number) throw new Error(`pipeline number ${number} is taken in repo ${repoId}`);
  const id = s.nextId("pipeline");
  const now = nowSec();
  const branch = typeof fields.branch === "string" ? fields.branch : defaultBranch;
  const event = typeof fields.event === "string" ? fields.event : "push";
  const created = typeof fields.created === "number" ? fields.created : now;
  const status = typeof fields.status === "string" ? fields.status : "success";
  const base: Record<string, unknown> = {
    id,
    number,
    author: "alice",
    parent: 0,
    event,
    event_reason: null,
    status,
    errors: null,
    created,
    updated: created,
    started: created,
    finished: status === "running" || status === "pending" ? 0 : created + 60,
    deploy_to: "",
    deploy_task: "",
    commit: randomUUID().replace(/-/g, "").padEnd(40, "0").slice(0, 40),
    branch,
    rerun_count: 0,
    ref: event === "pull_request" ? `refs/pull/${max + 1}/head` : event === "tag" ? `refs/tags/v${max + 1}` : `refs/heads/${branch}`,
    refspec: "",
    author_avatar: "http://forge.example.test/avatars/alice",
    forge_url: "http://forge.example.test/commit",
    reviewed_by: "",
    reviewed: 0,
    version: "3.17.0",
    title: "",
    message: `pipeline ${max + 1}`,
    timestamp: created,
    sender: "alice",
    author_email: "alice@example.test",
  };
  const skip = new Set(["repoId", "count", "workflows", "id", "number"]);
  for (const [k, v] of Object.entries(fields)) if (!skip.has(k) && v !== undefined) base[k] = v;
  const pl = { ...base, repo_id: repoId, id, number, workflows: [] as Workflow[] } as Pipeline;
  type WfSpec = Partial<Omit<Workflow, "children">> & { children?: Array<Partial<Step>> };
  const wfSpecs: WfSpec[] = Array.isArray(fields.workflows)
    ? (fields.workflows as WfSpec[])
    : [
        {
          name: "build",
          children: [
            { name: "clone", type: "clone" },
            { name: "test", type: "commands" },
          ],
        },
      ];
  let pid = 0;
  for (const wf of wfSpecs) {
    const wpid = ++pid;
    const w: Workflow = {
      id: s.nextId("workflow"),
      pipeline_id: id,
      pid: wpid,
      name: wf.name ?? `workflow-${wpid}`,
      state: wf.state ?? status,
      started: wf.started ?? created,
      finished: wf.finished ?? (base.finished as number),
      children: [],
    };
    for (const [k, v] of Object.entries(wf)) if (!["id", "pipeline_id", "pid", "children"].includes(k)) (w as unknown as Record<string, unknown>)[k] = v;
    for (const st of wf.children ?? []) {
      const step: Step = {
        id: s.nextId("step"),
        uuid: randomUUID(),
        pipeline_id: id,
        pid: ++pid,
        ppid: wpid,
        name: st.name ?? `step-${pid}`,
        state: st.state ?? w.state,
        exit_code: st.exit_code ?? 0,
        started: st.started ?? created,
        finished: st.finished ?? (base.finished as number),
        type: st.type ?? "commands",
      };
      for (const [k, v] of Object.entries(st)) if (!["id", "pipeline_id", "pid", "ppid"].includes(k)) (step as unknown as Record<string, unknown>)[k] = v;
      w.children.push(step);
    }
    pl.workflows.push(w);
  }
  s.pipelines.set(id, pl);
  return pl;
}
