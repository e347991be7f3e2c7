// The simulated forge (there is no real Gitea behind the emulator). Activation, repo permissions,
// org membership and cron branch checks ask this catalogue, the way the server asks its forge.

export const FORGE_URL = "http://forge.example.test";

export interface ForgeUser {
  login: string;
  remoteId: string;
  email: string;
  avatar: string;
}

export interface ForgeOrg {
  name: string;
  members: string[];
  admins: string[];
  private: boolean;
}

export interface ForgeRepo {
  remoteId: string;
  owner: string;
  name: string;
  fullName: string;
  private: boolean;
  visibility?: string;
  defaultBranch: string;
  branches: string[];
  admins: string[];
  pushers: string[];
  pullers: string[];
  cloneUrl: string;
  cloneUrlSsh: string;
  forgeUrl: string;
  avatar: string;
}

export interface Catalogue {
  users: Map<string, ForgeUser>; // by login
  orgs: Map<string, ForgeOrg>; // by lower-cased name
  repos: Map<string, ForgeRepo>; // by forge remote id
  nextRemoteId: number;
}

export function emptyCatalogue(): Catalogue {
  return { users: new Map(), orgs: new Map(), repos: new Map(), nextRemoteId: 1000 };
}

export interface RepoSpec {
  owner: string;
  name: string;
  remoteId?: string;
  private?: boolean;
  visibility?: string;
  defaultBranch?: string;
  branches?: string[];
  admins?: string[];
  pushers?: string[];
  pullers?: string[];
}

export function addForgeRepo(c: Catalogue, spec: RepoSpec): ForgeRepo {
  const fullName = `${spec.owner}/${spec.name}`;
  const defaultBranch = spec.defaultBranch ?? "main";
  const branches = spec.branches ?? [defaultBranch];
  if (!branches.includes(defaultBranch)) branches.unshift(defaultBranch);
  const remoteId = spec.remoteId ?? String(c.nextRemoteId++);
  const path = fullName.split("/").map(encodeURIComponent).join("/");
  const repo: ForgeRepo = {
    remoteId,
    owner: spec.owner,
    name: spec.name,
    fullName,
    private: spec.private ?? false,
    visibility: spec.visibility,
    defaultBranch,
    branches,
    admins: spec.admins ?? [],
    pushers: spec.pushers ?? [],
    pullers: spec.pullers ?? [],
    cloneUrl: `${FORGE_URL}/${path}.git`,
    cloneUrlSsh: `git@forge.example.test:${path}.git`,
    forgeUrl: `${FORGE_URL}/${path}`,
    avatar: `${FORGE_URL}/avatars/${encodeURIComponent(spec.owner)}`,
  };
  c.repos.set(remoteId, repo);
  return repo;
}

export function addForgeOrg(c: Catalogue, o: { name: string; members?: string[]; admins?: string[]; private?: boolean }): ForgeOrg {
  const org: ForgeOrg = { name: o.name, members: o.members ?? [], admins: o.admins ?? [], private: o.private ?? false };
  c.orgs.set(o.name.toLowerCase(), org);
  return org;
}

export function addForgeUser(c: Catalogue, login: string, email?: string, remoteId?: string): ForgeUser {
  const existing = c.users.get(login);
  if (existing) return existing;
  const u: ForgeUser = {
    login,
    remoteId: remoteId ?? String(c.nextRemoteId++),
    email: email ?? `${login}@example.test`,
    avatar: `${FORGE_URL}/avatars/${encodeURIComponent(login)}`,
  };
  c.users.set(login, u);
  return u;
}

export interface ForgePerm {
  pull: boolean;
  push: boolean;
  admin: boolean;
}

/** What the forge reports for `login` on repo (no instance-admin override here). */
export function forgeRepoPerm(repo: ForgeRepo, login: string): ForgePerm {
  const admin = repo.admins.includes(login) || repo.owner === login;
  const push = admin || repo.pushers.includes(login);
  const pull = push || repo.pullers.includes(login) || !repo.private;
  return { pull, push, admin };
}

export function findForgeRepoByName(c: Catalogue, fullName: string): ForgeRepo | undefined {
  const lower = fullName.toLowerCase();
  for (const r of c.repos.values()) if (r.fullName.toLowerCase() === lower) return r;
  return undefined;
}

/** Forge org membership of `login` in org `name` (MustOrgMember, server/router/middleware/session/org.go). */
export function forgeMembership(c: Catalogue, name: string, login: string): { member: boolean; admin: boolean } {
  const org = c.orgs.get(name.toLowerCase());
  if (!org) return { member: false, admin: false };
  const admin = org.admins.includes(login);
  return { member: admin || org.members.includes(login), admin };
}

/** The forge's Org(owner): an org, or a user account (is_user). undefined when unknown. */
export function forgeOrgInfo(c: Catalogue, owner: string): { name: string; is_user: boolean; private: boolean } | undefined {
  const org = c.orgs.get(owner.toLowerCase());
  if (org) return { name: org.name, is_user: false, private: org.private };
  for (const u of c.users.values()) if (u.login.toLowerCase() === owner.toLowerCase()) return { name: u.login, is_user: true, private: false };
  return undefined;
}

/** Seed catalogue (brief: org acme, five repos, one with awkward characters). */
export function seedCatalogue(c: Catalogue): void {
  addForgeUser(c, "admin", "admin@example.test", "1");
  addForgeUser(c, "alice", "alice@example.test", "2");
  addForgeOrg(c, { name: "acme", members: ["admin", "alice"], admins: ["admin"] });
  addForgeRepo(c, { owner: "acme", name: "api", remoteId: "101", branches: ["main", "develop", "release/v1"], admins: ["admin"], pushers: ["alice"] });
  addForgeRepo(c, { owner: "acme", name: "web", remoteId: "102", branches: ["main", "staging"], admins: ["admin", "alice"] });
  addForgeRepo(c, { owner: "acme", name: "infra", remoteId: "103", private: true, admins: ["admin"] });
  addForgeRepo(c, { owner: "admin", name: "dotfiles", remoteId: "104", admins: ["admin"] });
  addForgeRepo(c, { owner: "alice", name: "notes", remoteId: "105", private: true, admins: ["alice"] });
  addForgeRepo(c, { owner: "acme", name: "ü-tool.v2", remoteId: "106", admins: ["admin"], pushers: ["alice"] });
}
