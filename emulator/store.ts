// In-memory state of the emulated server: the "database" tables, their ID sequences and the
// forge catalogue. Everything is a Map so requests stay O(1)/O(n) even with thousands of rows.
import { randomBytes } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { Catalogue, emptyCatalogue } from "./forge.js";

export interface User {
  id: number;
  forge_id: number;
  forge_remote_id: string;
  login: string;
  email: string;
  avatar_url: string;
  admin: boolean;
  hash: string; // signs the user's tokens; never in JSON
  org_id: number;
}

export interface Org {
  id: number;
  forge_id: number;
  name: string;
  is_user: boolean;
  private: boolean; // never in JSON
}

export interface Trusted {
  network: boolean;
  volumes: boolean;
  security: boolean;
}

export interface Repo {
  id: number;
  user_id: number; // owning user; never in JSON
  forge_id: number;
  forge_remote_id: string;
  org_id: number;
  owner: string;
  name: string;
  full_name: string;
  avatar_url: string;
  forge_url: string;
  clone_url: string;
  clone_url_ssh: string;
  default_branch: string;
  pr_enabled: boolean;
  timeout: number;
  visibility: string;
  private: boolean;
  trusted: Trusted;
  require_approval: string;
  approval_allowed_users: string[] | null;
  active: boolean;
  allow_pr: boolean;
  allow_deploy: boolean;
  config_file: string;
  cancel_previous_pipeline_events: string[] | null;
  netrc_trusted: string[] | null;
  config_extension_endpoint: string;
  config_extension_exclusive: boolean;
  config_extension_netrc: boolean;
  registry_extension_endpoint: string;
  registry_extension_netrc: boolean;
  secret_extension_endpoint: string;
  secret_extension_netrc: boolean;
}

export interface Secret {
  id: number;
  org_id: number;
  repo_id: number;
  name: string;
  value: string;
  images: string[] | null;
  events: string[];
  note: string;
}

export interface Registry {
  id: number;
  org_id: number;
  repo_id: number;
  address: string;
  username: string;
  password: string;
}

export interface Cron {
  id: number;
  name: string;
  repo_id: number;
  creator_id: number;
  next_exec: number;
  schedule: string;
  timezone: string;
  created: number;
  branch: string;
  enabled: boolean;
  variables: Record<string, string> | null;
}

export interface Agent {
  id: number;
  created: number;
  updated: number;
  name: string;
  owner_id: number;
  token: string;
  last_contact: number;
  last_work: number;
  platform: string;
  backend: string;
  capacity: number;
  version: string;
  no_schedule: boolean;
  custom_labels: Record<string, string> | null;
  org_id: number;
}

export interface Forge {
  id: number;
  type: string;
  url: string;
  client: string;
  oauth_client_secret: string; // write-only
  skip_verify: boolean;
  oauth_host: string;
  orgs: string[] | null;
  additional_options: Record<string, unknown> | null;
}

export interface Perm {
  user_id: number;
  repo_id: number;
  pull: boolean;
  push: boolean;
  admin: boolean;
  synced: number;
  created: number;
  updated: number;
}

export interface Step {
  id: number;
  uuid: string;
  pipeline_id: number;
  pid: number;
  ppid: number;
  name: string;
  state: string;
  error?: string;
  exit_code: number;
  started?: number;
  finished?: number;
  type?: string;
}

export interface Workflow {
  id: number;
  pipeline_id: number;
  pid: number;
  name: string;
  state: string;
  error?: string;
  started?: number;
  finished?: number;
  agent_id?: number;
  platform?: string;
  environ?: Record<string, string>;
  children: Step[];
}

/** A stored pipeline: the always-present APIPipeline fields plus optional ones (server/model/pipeline.go). */
export interface Pipeline {
  repo_id: number;
  id: number;
  number: number;
  [key: string]: unknown;
  workflows: Workflow[];
}

const TABLES = ["user", "org", "repo", "secret", "registry", "cron", "agent", "forge", "pipeline", "workflow", "step"] as const;
export type Table = (typeof TABLES)[number];

export const nowSec = (): number => Math.floor(Date.now() / 1000);
export const randomHash = (): string => base32(randomBytes(32));

/** RFC 4648 base32 with padding, like Go's base32.StdEncoding (32 bytes → 56 chars). */
export function base32(buf: Buffer): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += "=";
  return out;
}

export class Store {
  seq: Record<Table, number> = Object.fromEntries(TABLES.map((t) => [t, 0])) as Record<Table, number>;
  users = new Map<number, User>();
  orgs = new Map<number, Org>();
  repos = new Map<number, Repo>();
  secrets = new Map<number, Secret>();
  registries = new Map<number, Registry>();
  crons = new Map<number, Cron>();
  agents = new Map<number, Agent>();
  forges = new Map<number, Forge>();
  pipelines = new Map<number, Pipeline>();
  perms = new Map<string, Perm>();
  /** lower-cased old full name → repo id (the redirections table) */
  redirections = new Map<string, number>();
  catalogue: Catalogue = emptyCatalogue();
  traps = { orgZeroDeletes: 0 };

  // Secondary indexes (rebuilt on load): scope "org:repo" → name/address → id.
  private secretScopes = new Map<string, Map<string, number>>();
  private registryScopes = new Map<string, Map<string, number>>();

  nextId(t: Table): number {
    return ++this.seq[t];
  }

  // ----- secrets: one table, one sequence for all levels
  secretScope(orgId: number, repoId: number): Map<string, number> {
    const key = `${orgId}:${repoId}`;
    let m = this.secretScopes.get(key);
    if (!m) this.secretScopes.set(key, (m = new Map()));
    return m;
  }
  findSecret(orgId: number, repoId: number, name: string): Secret | undefined {
    const id = this.secretScope(orgId, repoId).get(name);
    return id === undefined ? undefined : this.secrets.get(id);
  }
  listSecrets(orgId: number, repoId: number): Secret[] {
    const out: Secret[] = [];
    for (const id of this.secretScope(orgId, repoId).values()) out.push(this.secrets.get(id)!);
    return out.sort((a, b) => cmp(a.name, b.name));
  }
  /** false on a unique violation (org_id, repo_id, name) */
  insertSecret(s: Omit<Secret, "id">): Secret | null {
    const scope = this.secretScope(s.org_id, s.repo_id);
    if (scope.has(s.name)) return null;
    const row = { id: this.nextId("secret"), ...s };
    this.secrets.set(row.id, row);
    scope.set(row.name, row.id);
    return row;
  }
  deleteSecret(s: Secret): void {
    this.secrets.delete(s.id);
    this.secretScope(s.org_id, s.repo_id).delete(s.name);
  }
  deleteSecretsWhere(pred: (s: Secret) => boolean): void {
    for (const s of [...this.secrets.values()]) if (pred(s)) this.deleteSecret(s);
  }

  // ----- registries: one table, one sequence
  registryScope(orgId: number, repoId: number): Map<string, number> {
    const key = `${orgId}:${repoId}`;
    let m = this.registryScopes.get(key);
    if (!m) this.registryScopes.set(key, (m = new Map()));
    return m;
  }
  findRegistry(orgId: number, repoId: number, address: string): Registry | undefined {
    const id = this.registryScope(orgId, repoId).get(address);
    return id === undefined ? undefined : this.registries.get(id);
  }
  listRegistries(orgId: number, repoId: number): Registry[] {
    const out: Registry[] = [];
    for (const id of this.registryScope(orgId, repoId).values()) out.push(this.registries.get(id)!);
    return out.sort((a, b) => a.id - b.id);
  }
  insertRegistry(r: Omit<Registry, "id">): Registry | null {
    const scope = this.registryScope(r.org_id, r.repo_id);
    if (scope.has(r.address)) return null;
    const row = { id: this.nextId("registry"), ...r };
    this.registries.set(row.id, row);
    scope.set(row.address, row.id);
    return row;
  }
  /** Renames keep the index in sync; false on a unique violation. */
  updateRegistry(row: Registry, next: Registry): boolean {
    const scope = this.registryScope(row.org_id, row.repo_id);
    if (next.address !== row.address) {
      if (scope.has(next.address)) return false;
      scope.delete(row.address);
      scope.set(next.address, row.id);
    }
    Object.assign(row, next);
    return true;
  }
  deleteRegistry(r: Registry): void {
    this.registries.delete(r.id);
    this.registryScope(r.org_id, r.repo_id).delete(r.address);
  }

  // ----- users and orgs
  userByLogin(forgeId: number, login: string): User | undefined {
    for (const u of this.users.values()) if (u.forge_id === forgeId && u.login === login) return u;
    return undefined;
  }
  userByRemoteId(forgeId: number, remoteId: string): User | undefined {
    for (const u of this.users.values()) if (u.forge_id === forgeId && u.forge_remote_id === remoteId) return u;
    return undefined;
  }
  /** Name lookups are case-insensitive (pinned: test/conformance/cases.ts, "orgs: lookup is case-insensitive"). */
  orgByName(name: string, forgeId: number): Org | undefined {
    const lower = name.toLowerCase();
    for (const o of this.orgs.values()) if (o.forge_id === forgeId && o.name.toLowerCase() === lower) return o;
    return undefined;
  }
  insertOrg(o: Omit<Org, "id">): Org {
    const row = { id: this.nextId("org"), ...o };
    this.orgs.set(row.id, row);
    return row;
  }

  /** datastore CreateUser: create or take over the personal org, then insert. */
  /** `uniqueRemoteId`: v3.12.0's unique index on (forge_id, forge_remote_id); before, only the login is unique. */
  createUser(u: Omit<User, "id" | "org_id">, uniqueRemoteId = true): User | null {
    let org = this.orgByName(u.login, u.forge_id);
    if (org) {
      org.is_user = true;
      org.name = u.login;
    } else {
      org = this.insertOrg({ forge_id: u.forge_id, name: u.login, is_user: true, private: false });
    }
    for (const x of this.users.values()) {
      if (x.forge_id === u.forge_id && (x.login === u.login || (uniqueRemoteId && x.forge_remote_id === u.forge_remote_id))) return null;
      if (x.hash === u.hash) return null;
    }
    const row: User = { id: this.nextId("user"), ...u, org_id: org.id };
    this.users.set(row.id, row);
    return row;
  }

  /** datastore orgDelete: the org's secrets, then its repos (fully), then the org row. */
  deleteOrg(id: number, allPipelines = true): boolean {
    this.deleteSecretsWhere((s) => s.org_id === id);
    for (const r of [...this.repos.values()]) if (r.org_id === id) this.deleteRepo(r, allPipelines);
    return this.orgs.delete(id);
  }

  // ----- repos
  repoByRemoteId(forgeId: number, remoteId: string): Repo | undefined {
    for (const r of this.repos.values()) if (r.forge_id === forgeId && r.forge_remote_id === remoteId) return r;
    return undefined;
  }
  /** LOWER(full_name) match with a fallback to redirections (pinned: test/conformance/cases.ts, "repo lookup is case-insensitive"). */
  repoByFullName(fullName: string): Repo | undefined {
    const lower = fullName.toLowerCase();
    for (const r of this.repos.values()) if (r.full_name.toLowerCase() === lower) return r;
    const id = this.redirections.get(lower);
    return id === undefined ? undefined : this.repos.get(id);
  }
  /**
   * datastore deleteRepo: everything but crons. `allPipelines` false plays v3.17.0's pipeline
   * loop (options.ts `deletesAllPipelines`): batches of 50 ids read with an offset that grows while the
   * rows it already read are deleted, so every other batch is skipped and stays in the store.
   */
  deleteRepo(r: Repo, allPipelines = true): void {
    this.repos.delete(r.id);
    this.deleteSecretsWhere((s) => s.repo_id === r.id);
    for (const g of [...this.registries.values()]) if (g.repo_id === r.id) this.deleteRegistry(g);
    const ids = [...this.pipelines.values()]
      .filter((p) => p.repo_id === r.id)
      .map((p) => p.id)
      .sort((a, b) => a - b);
    if (allPipelines) for (const id of ids) this.pipelines.delete(id);
    else {
      for (let offset = 0; ; offset += 50) {
        const batch = ids.filter((id) => this.pipelines.has(id)).slice(offset, offset + 50);
        if (!batch.length) break;
        for (const id of batch) this.pipelines.delete(id);
      }
    }
    for (const [k, p] of [...this.perms]) if (p.repo_id === r.id) this.perms.delete(k);
    for (const [k, id] of [...this.redirections]) if (id === r.id) this.redirections.delete(k);
  }

  // ----- persistence
  toJSON(): unknown {
    return {
      seq: this.seq,
      users: [...this.users.values()],
      orgs: [...this.orgs.values()],
      repos: [...this.repos.values()],
      secrets: [...this.secrets.values()],
      registries: [...this.registries.values()],
      crons: [...this.crons.values()],
      agents: [...this.agents.values()],
      forges: [...this.forges.values()],
      pipelines: [...this.pipelines.values()],
      perms: [...this.perms.values()],
      redirections: [...this.redirections],
      catalogue: {
        users: [...this.catalogue.users.values()],
        orgs: [...this.catalogue.orgs.values()],
        repos: [...this.catalogue.repos.values()],
        nextRemoteId: this.catalogue.nextRemoteId,
      },
      traps: this.traps,
    };
  }

  static fromJSON(data: any): Store {
    const s = new Store();
    s.seq = { ...s.seq, ...data.seq };
    const byId = <T extends { id: number }>(rows: T[] | undefined) => new Map((rows ?? []).map((r) => [r.id, r] as [number, T]));
    s.users = byId(data.users);
    s.orgs = byId(data.orgs);
    s.repos = byId(data.repos);
    s.crons = byId(data.crons);
    s.agents = byId(data.agents);
    s.forges = byId(data.forges);
    s.pipelines = byId(data.pipelines);
    for (const x of (data.secrets ?? []) as Secret[]) {
      s.secrets.set(x.id, x);
      s.secretScope(x.org_id, x.repo_id).set(x.name, x.id);
    }
    for (const x of (data.registries ?? []) as Registry[]) {
      s.registries.set(x.id, x);
      s.registryScope(x.org_id, x.repo_id).set(x.address, x.id);
    }
    for (const p of (data.perms ?? []) as Perm[]) s.perms.set(`${p.user_id}:${p.repo_id}`, p);
    s.redirections = new Map(data.redirections ?? []);
    const c = data.catalogue ?? {};
    s.catalogue = {
      users: new Map((c.users ?? []).map((u: any) => [u.login, u])),
      orgs: new Map((c.orgs ?? []).map((o: any) => [o.name.toLowerCase(), o])),
      repos: new Map((c.repos ?? []).map((r: any) => [r.remoteId, r])),
      nextRemoteId: c.nextRemoteId ?? 1000,
    };
    s.traps = { orgZeroDeletes: 0, ...(data.traps ?? {}) };
    return s;
  }

  save(file: string): void {
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(this.toJSON()));
    renameSync(tmp, file);
  }

  static load(file: string): Store | null {
    let raw: string;
    try {
      raw = readFileSync(file, "utf8");
    } catch {
      return null;
    }
    return Store.fromJSON(JSON.parse(raw));
  }
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
