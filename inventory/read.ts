import type { WoodpeckerClient } from "../provider/client/client.js";
import { WoodpeckerError } from "../provider/client/errors.js";
import { importedFrom } from "../provider/engine/import.js";
import { expandPath } from "../provider/client/paths.js";
import { listed, listedBy, listPath, nounPhrase, parentsFirst, type Listed } from "../provider/engine/listings.js";
import type { ApiObject, ResourceSpec, State } from "../provider/engine/spec.js";
import { specs, type Kind } from "../provider/resources/index.js";

/**
 * Reads everything a token can see on a server as spec-shaped objects: for each listed object, the
 * ID and inputs `pulumi import` would give it (provider/engine/import.ts `importedFrom`). How each
 * kind is listed is its spec's `list`; the mapping from API object to inputs is the specs' too.
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

/** Every listed kind, parents first: the order the inventory reads them and programs declare them. */
export const LISTED: (Listed & { kind: Kind })[] = parentsFirst(listed(Object.values(specs) as ResourceSpec[])).map((item) => ({
  ...item,
  kind: item.spec.kind as Kind,
}));

/** Why a kind only instance admins may list was skipped, for the notes. */
const ADMIN_NOTE = "needs an instance admin token";

/** A scope other kinds live under: its numeric id and how it reads in notes. */
type Parent = { id: number; label: string };

/** The API key of the output a scope kind is referred to by (`id`). */
const idKey = (spec: ResourceSpec, input: string) => String(spec.outputs[input]!.api);
const lower = (value: unknown) => String(value).toLowerCase();
const byId = (a: ApiObject, b: ApiObject) => Number(a.id) - Number(b.id);

export async function readInventory(client: WoodpeckerClient, server: string, options: ReadOptions = {}): Promise<Inventory> {
  const progress = options.progress ?? (() => undefined);
  const kinds = new Set<Kind>(options.kinds ?? (Object.keys(specs) as Kind[]));
  const narrowed = Boolean(options.orgs?.length || options.repos?.length);
  const wanted = { org: new Set((options.orgs ?? []).map(lower)), repo: new Set((options.repos ?? []).map(lower)) };
  const notes: string[] = [];
  const found: Found[] = [];

  // Also proves the server answers and the token is valid, before anything else is read.
  const me = await client.get<ApiObject & { login: string; admin?: boolean }>("/user", { object: "the token's user" });
  const user = { login: me.login, admin: me.admin === true };
  progress(`reading ${server} as ${user.login}${user.admin ? " (instance admin)" : " (not an instance admin: objects only admins can list are skipped)"}`);

  const add = (kind: Kind, known: State, object: ApiObject) => {
    const spec = specs[kind] as ResourceSpec;
    if (spec.isGone?.(object, known)) return;
    const { id, props, inputs } = importedFrom(spec, known, object);
    if (spec.quirks?.serverOwned?.(props)) return;
    found.push({ kind, id, props, inputs });
  };
  /** A whole list (`LIST`) or one page (`GET`, answered `null` when empty). */
  const fetchList = async (endpoint: string, object: string, params: Record<string, number> = {}): Promise<ApiObject[]> => {
    const { method, path, query } = listPath(endpoint);
    const expanded = expandPath(path, params);
    if (method === "LIST") return client.list<ApiObject>(expanded, { object, query });
    return (await client.get<ApiObject[] | null>(expanded, { object, query })) ?? [];
  };
  /** A list or object the token may not read becomes a note, not a failure. */
  const orNote = async <T>(what: string, request: () => Promise<T>, why = true): Promise<T | undefined> => {
    try {
      return await request();
    } catch (error) {
      if (error instanceof WoodpeckerError && (error.reason === "forbidden" || error.reason === "not-found")) {
        const reason = error.reason === "forbidden" ? "the token's user lacks the rights" : "not visible to the token's user";
        notes.push(`skipped ${what}: the server answered ${error.status ?? error.reason}${why ? ` (${reason})` : ""}`);
        return undefined;
      }
      throw error;
    }
  };

  // Scopes (repositories, orgs): listed whole for those allowed, else what the token's user sees;
  // narrowed by --org and --repo. A scope kind read `within` another comes after it.
  const scopeKinds = LISTED.filter((item) => item.list.selectBy).sort((a, b) => Number(Boolean(a.list.within)) - Number(Boolean(b.list.within)));
  const scopes = new Map<string, { objects: ApiObject[]; parents: Parent[]; personal: Map<number, string> }>();
  for (const { kind, spec, list } of scopeKinds) {
    const select = list.selectBy!;
    const input = list.referencedAs!;
    const key = idKey(spec, input);
    progress(`listing ${list.noun}`);
    const objects: ApiObject[] = [];
    const mayList = listedBy(list) !== "instance admin" || user.admin;
    const narrowsIt = wanted[select.option].size > 0 || (select.ownerKey !== undefined && wanted.org.size > 0);
    const all = mayList ? (!narrowed || narrowsIt ? list.endpoint : undefined) : list.otherwise;
    if (all) objects.push(...(await fetchList(all, list.noun)));
    const ids = new Set(objects.map((object) => Number(object[key])));
    if (list.within) {
      const read = spec.endpoints.read;
      const scope = scopes.get(list.within.input)?.objects ?? [];
      const scopeNoun = LISTED.find((item) => item.list.referencedAs === list.within!.input)?.list.noun;
      for (const id of new Set(scope.map((object) => Number(object[list.within!.key])))) {
        if (!id || ids.has(id) || typeof read !== "string") continue;
        const object = await orNote(
          `${kind} ${id} (named by the ${scopeNoun} read)`,
          () => client.get<ApiObject>(expandPath(listPath(read).path, { [input]: id }), { object: `${kind} ${id}` }),
          false,
        );
        if (object) objects.push(object);
      }
    }
    const selected = objects
      .filter((object) => !spec.isGone?.(object, {}))
      .filter(
        (object) =>
          !narrowed ||
          wanted[select.option].has(lower(object[select.key])) ||
          (select.ownerKey !== undefined && wanted.org.has(lower(object[select.ownerKey]))),
      )
      .sort(byId);
    if (kinds.has(kind)) for (const object of selected) add(kind, {}, object);
    progress(`  ${selected.length} ${list.noun}`);
    for (const name of wanted[select.option])
      if (!selected.some((object) => lower(object[select.key]) === name))
        notes.push(`${list.label!({ [select.key]: name })} (--${select.option}) was not found or not visible to the token's user`);
    // Users' own scopes hold objects too, but the list leaves them out: the token user's and, for an
    // admin, every user's; those that hold something are added at the end.
    const personal = new Map<number, string>();
    if (list.personal && !narrowed) {
      if (me[list.personal.key]) personal.set(Number(me[list.personal.key]), me.login);
      if (user.admin)
        for (const other of await fetchList(list.personal.users, "users"))
          if (other[list.personal.key]) personal.set(Number(other[list.personal.key]), String(other.login));
      for (const id of ids) personal.delete(id);
    }
    const parents = [
      ...selected.map((object) => ({ id: Number(object[key]), label: list.label!(object) })),
      ...[...personal].sort(([a], [b]) => a - b).map(([id, login]) => ({ id, label: list.personal!.label(login) })),
    ];
    scopes.set(input, { objects: selected, parents, personal });
  }

  for (const { kind, spec, list } of LISTED.filter((item) => !item.list.selectBy)) {
    if (!kinds.has(kind)) continue;
    if (!list.scope && narrowed && !options.kinds?.includes(kind)) continue;
    if (listedBy(list) === "instance admin" && !user.admin) {
      notes.push(`skipped ${kind} objects: listing them ${ADMIN_NOTE}`);
      continue;
    }
    const scopeNoun = LISTED.find((item) => item.list.referencedAs === list.scope)?.list.noun;
    const parents: Parent[] = list.scope ? (scopes.get(list.scope)?.parents ?? []) : [{ id: 0, label: "the server" }];
    progress(`listing ${kind} objects${list.scope ? ` of ${parents.length} ${scopeNoun}` : ""}`);
    let done = 0;
    let count = 0;
    const results = await Promise.all(
      parents.map(async (parent) => {
        const params = list.scope ? { [list.scope]: parent.id } : {};
        const items = await orNote(`${kind} objects of ${parent.label}`, () => fetchList(list.endpoint, `${kind} objects of ${parent.label}`, params));
        if (++done % 50 === 0 && done < parents.length) progress(`  ${done}/${parents.length}`);
        // The list may serve objects of another kind too (org agents among all agents).
        return { params, items: (items ?? []).filter((item) => !spec.quirks?.otherKindOf?.(item)) };
      }),
    );
    for (const { params, items } of results) {
      const sorted = [...items].sort((a, b) => byId(a, b) || String(a.name ?? a.address ?? "").localeCompare(String(b.name ?? b.address ?? "")));
      for (const item of sorted) add(kind, params, item);
      count += items.length;
    }
    progress(`  ${count} ${kind} objects`);
  }

  for (const { kind, spec, list } of scopeKinds) {
    const input = list.referencedAs!;
    const holding = [...(scopes.get(input)?.personal.keys() ?? [])].filter((id) => found.some((item) => item.inputs[input] === id)).sort((a, b) => a - b);
    const read = spec.endpoints.read;
    if (kinds.has(kind) && typeof read === "string")
      for (const id of holding) add(kind, {}, await client.get<ApiObject>(expandPath(listPath(read).path, { [input]: id }), { object: `${kind} ${id}` }));
    const held = LISTED.filter((item) => item.list.scope === input).map((item) => item.list);
    if (holding.length) progress(`  ${holding.length} personal ${list.noun} hold ${nounPhrase(held)}`);
  }
  const global = LISTED.filter((item) => !item.list.scope && !item.list.selectBy);
  if (narrowed && global.some((item) => kinds.has(item.kind) && !options.kinds?.includes(item.kind))) {
    notes.push(
      `global objects (${nounPhrase(global.map((item) => item.list))}) were left out because --org or --repo narrows the inventory; name them in --kinds to include them`,
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
