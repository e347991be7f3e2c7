import type { WoodpeckerClient } from "../provider/client/client.js";
import { WoodpeckerError } from "../provider/client/errors.js";
import { importedFrom } from "../provider/engine/import.js";
import type { ApiObject, State } from "../provider/engine/spec.js";
import { specs, type Kind } from "../provider/resources/index.js";

/**
 * Reads everything a token can see on a server as spec-shaped objects: for each listed object, the
 * ID and inputs `pulumi import` would give it (provider/engine/import.ts `importedFrom`). Only how
 * to LIST each kind is written here, as data; the mapping from API object to inputs is the specs'.
 */

/** One object found on the server. */
export interface Found {
  kind: Kind;
  /** The resource ID by the spec's idFormat, as `pulumi import` takes it. */
  id: string;
  /** Inputs as import would declare them (write-only ones absent). */
  inputs: State;
  /** Inputs and outputs, for references between objects and for names. */
  props: State;
}

export interface Inventory {
  server: string;
  /** The token's user and whether it is an instance admin. */
  user: { login: string; admin: boolean };
  found: Found[];
  /** What was skipped and why (rights, filters). */
  notes: string[];
}

export interface ReadOptions {
  /** Only these orgs (by name, case-insensitive) and their repositories; global kinds only when `kinds` names them. */
  orgs?: string[];
  /** Only these repositories (owner/name); global kinds only when `kinds` names them. */
  repos?: string[];
  /** Only these kinds (default: every kind). */
  kinds?: Kind[];
  /** Progress lines (stderr in the command). */
  progress?: (line: string) => void;
}

type Scope = "global" | "org" | "repo";

/**
 * How to list each kind: the LIST path (under /api; `{id}` is the parent org's or repository's
 * numeric id), the input that names the parent, whether only instance admins may list it, and
 * which listed objects belong to the kind beyond the spec's own `isGone`.
 */
const LISTINGS: { kind: Kind; scope: Scope; path: string; parentInput?: string; admin?: boolean; keep?: (object: ApiObject) => boolean }[] = [
  { kind: "Forge", scope: "global", path: "/forges", admin: true, keep: (forge) => forge.id !== 1 },
  { kind: "User", scope: "global", path: "/users", admin: true },
  { kind: "GlobalSecret", scope: "global", path: "/secrets" },
  { kind: "GlobalRegistry", scope: "global", path: "/registries" },
  { kind: "Agent", scope: "global", path: "/agents", admin: true, keep: (agent) => agent.org_id === -1 },
  { kind: "OrgSecret", scope: "org", path: "/orgs/{id}/secrets", parentInput: "orgId" },
  { kind: "OrgRegistry", scope: "org", path: "/orgs/{id}/registries", parentInput: "orgId" },
  { kind: "OrgAgent", scope: "org", path: "/orgs/{id}/agents", parentInput: "orgId" },
  { kind: "RepositorySecret", scope: "repo", path: "/repos/{id}/secrets", parentInput: "repositoryId" },
  { kind: "RepositoryRegistry", scope: "repo", path: "/repos/{id}/registries", parentInput: "repositoryId" },
  { kind: "RepositoryCron", scope: "repo", path: "/repos/{id}/cron", parentInput: "repositoryId" },
];

/** Why a kind only instance admins may list was skipped, for the notes. */
const ADMIN_NOTE = "needs an instance admin token";

export async function readInventory(client: WoodpeckerClient, server: string, options: ReadOptions = {}): Promise<Inventory> {
  const progress = options.progress ?? (() => undefined);
  const kinds = new Set<Kind>(options.kinds ?? (Object.keys(specs) as Kind[]));
  const narrowed = Boolean(options.orgs?.length || options.repos?.length);
  const notes: string[] = [];
  const found: Found[] = [];

  // Also proves the server answers and the token is valid, before anything else is read.
  const me = await client.get<{ login: string; admin?: boolean; org_id?: number }>("/user", { object: "the token's user" });
  const user = { login: me.login, admin: me.admin === true };
  progress(`reading ${server} as ${user.login}${user.admin ? " (instance admin)" : " (not an instance admin: objects only admins can list are skipped)"}`);

  const add = (kind: Kind, known: State, object: ApiObject) => {
    const spec = specs[kind];
    if (spec.isGone?.(object, known)) return;
    const { id, props, inputs } = importedFrom(spec, known, object);
    found.push({ kind, id, props, inputs });
  };
  /** A list the token may not read becomes a note, not a failure. */
  const tryList = async (what: string, path: string): Promise<ApiObject[] | undefined> => {
    try {
      return await client.list<ApiObject>(path, { object: what });
    } catch (error) {
      if (error instanceof WoodpeckerError && (error.reason === "forbidden" || error.reason === "not-found")) {
        notes.push(
          `skipped ${what}: the server answered ${error.status ?? error.reason} (${error.reason === "forbidden" ? "the token's user lacks the rights" : "not visible to the token's user"})`,
        );
        return undefined;
      }
      throw error;
    }
  };

  // Repositories: every active one for an admin, else those the user can push to.
  progress("listing repositories");
  const listedRepos = user.admin
    ? await client.list<ApiObject>("/repos", { object: "repositories", query: { active: "true" } })
    : ((await client.get<ApiObject[] | null>("/user/repos", { object: "the user's repositories" })) ?? []);
  const wantedOrgs = new Set((options.orgs ?? []).map((name) => name.toLowerCase()));
  const wantedRepos = new Set((options.repos ?? []).map((name) => name.toLowerCase()));
  const repos = listedRepos
    .filter((repo) => repo.active !== false)
    .filter((repo) => !narrowed || wantedRepos.has(String(repo.full_name).toLowerCase()) || wantedOrgs.has(String(repo.owner).toLowerCase()))
    .sort((a, b) => Number(a.id) - Number(b.id));
  if (kinds.has("Repository")) for (const repo of repos) add("Repository", {}, repo);
  progress(`  ${repos.length} active repositories`);

  // Orgs: every org for an admin, plus the orgs (personal ones too) of the repositories read.
  progress("listing organizations");
  const orgs = new Map<number, ApiObject>();
  if (user.admin && (!narrowed || wantedOrgs.size))
    for (const org of await client.list<ApiObject>("/orgs", { object: "organizations" })) orgs.set(Number(org.id), org);
  for (const orgId of new Set(repos.map((repo) => Number(repo.org_id)))) {
    if (orgs.has(orgId) || !orgId) continue;
    try {
      orgs.set(orgId, await client.get<ApiObject>(`/orgs/${orgId}`, { object: `organization ${orgId}` }));
    } catch (error) {
      if (!(error instanceof WoodpeckerError) || (error.reason !== "forbidden" && error.reason !== "not-found")) throw error;
      notes.push(`skipped organization ${orgId} (of repositories read): the server answered ${error.status ?? error.reason}`);
    }
  }
  const orgList = [...orgs.values()].filter((org) => !narrowed || wantedOrgs.has(String(org.name).toLowerCase())).sort((a, b) => Number(a.id) - Number(b.id));
  if (kinds.has("Org")) for (const org of orgList) add("Org", {}, org);
  progress(`  ${orgList.length} organizations`);
  for (const name of wantedOrgs)
    if (!orgList.some((org) => String(org.name).toLowerCase() === name))
      notes.push(`organization ${JSON.stringify(name)} (--org) was not found or not visible to the token's user`);
  for (const name of wantedRepos)
    if (!repos.some((repo) => String(repo.full_name).toLowerCase() === name))
      notes.push(`repository ${JSON.stringify(name)} (--repo) was not found, not active, or not visible to the token's user`);

  // Personal orgs hold secrets, registries and agents too, but GET /orgs lists none of them: look
  // in the token user's own and, for an admin, every user's; keep those that hold something.
  const personal = new Map<number, string>();
  if (!narrowed) {
    if (me.org_id) personal.set(me.org_id, me.login);
    if (user.admin)
      for (const other of await client.list<ApiObject>("/users", { object: "users" }))
        if (other.org_id) personal.set(Number(other.org_id), String(other.login));
    for (const id of orgs.keys()) personal.delete(id);
  }
  const parents: Record<Scope, { id: number; label: string }[]> = {
    global: [{ id: 0, label: "the server" }],
    org: [
      ...orgList.map((org) => ({ id: Number(org.id), label: `organization ${JSON.stringify(org.name)}` })),
      ...[...personal].sort(([a], [b]) => a - b).map(([id, login]) => ({ id, label: `the personal organization of ${JSON.stringify(login)}` })),
    ],
    repo: repos.map((repo) => ({ id: Number(repo.id), label: `repository ${JSON.stringify(repo.full_name)}` })),
  };
  for (const listing of LISTINGS) {
    if (!kinds.has(listing.kind)) continue;
    if (listing.scope === "global" && narrowed && !options.kinds?.includes(listing.kind)) continue;
    if (listing.admin && !user.admin) {
      notes.push(`skipped ${listing.kind} objects: listing them ${ADMIN_NOTE}`);
      continue;
    }
    const scoped = parents[listing.scope];
    progress(
      `listing ${listing.kind} objects${listing.scope === "global" ? "" : ` of ${scoped.length} ${listing.scope === "org" ? "organizations" : "repositories"}`}`,
    );
    let done = 0;
    let count = 0;
    const results = await Promise.all(
      scoped.map(async (parent) => {
        const items = await tryList(`${listing.kind} objects of ${parent.label}`, listing.path.replace("{id}", String(parent.id)));
        if (++done % 50 === 0 && done < scoped.length) progress(`  ${done}/${scoped.length}`);
        return { parent, items: (items ?? []).filter((item) => listing.keep?.(item) ?? true) };
      }),
    );
    for (const { parent, items } of results) {
      const known = listing.parentInput ? { [listing.parentInput]: parent.id } : {};
      const sorted = [...items].sort(
        (a, b) => Number(a.id) - Number(b.id) || String(a.name ?? a.address ?? "").localeCompare(String(b.name ?? b.address ?? "")),
      );
      for (const item of sorted) add(listing.kind, known, item);
      count += items.length;
    }
    progress(`  ${count} ${listing.kind} objects`);
  }
  const holding = [...personal.keys()].filter((id) => found.some((item) => item.inputs.orgId === id)).sort((a, b) => a - b);
  if (kinds.has("Org")) for (const id of holding) add("Org", {}, await client.get<ApiObject>(`/orgs/${id}`, { object: `organization ${id}` }));
  if (holding.length) progress(`  ${holding.length} personal organizations hold secrets, registries or agents`);
  if (narrowed && [...kinds].some((kind) => LISTINGS.find((l) => l.kind === kind)?.scope === "global" && !options.kinds?.includes(kind))) {
    notes.push(
      "global objects (forges, users, global secrets and registries, global agents) were left out because --org or --repo narrows the inventory; name them in --kinds to include them",
    );
  }
  notes.push(...sharedNaturalKeys(found));
  return { server, user, found, notes };
}

/** Objects `adopt` cannot tell apart: the server allows some kinds (agents) to repeat a natural key. */
function sharedNaturalKeys(found: Found[]): string[] {
  const groups = new Map<string, Found[]>();
  for (const item of found) {
    const key = JSON.stringify([item.kind, ...specs[item.kind].naturalKey.map((field) => item.props[field] ?? null)]);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()]
    .filter((group) => group.length > 1)
    .map((group) => {
      const spec = specs[group[0]!.kind];
      return `${group.length} ${spec.kind} objects share ${spec.naturalKey.join(" and ")} (${spec.describe(group[0]!.props)}, IDs ${group.map((item) => item.id).join(", ")}): adopt cannot tell them apart, so the TypeScript program's up fails for them; rename all but one on the server, or take them over with the import file`;
    });
}
