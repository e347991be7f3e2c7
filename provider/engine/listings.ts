import type { Endpoint, Listing, ResourceSpec, Rights } from "./spec.js";

/**
 * Helpers over the specs' `list` descriptions, for the faces that walk every kind: sets
 * (engine/sets.ts), the list functions, `inventory` and `doctor`. None of them names a kind.
 */

/** How a set kind's objects form one collection per scope: what engine/sets.ts derives `<Kind>Set` from. */
export interface Collection {
  /** The input naming an entry within its scope (a secret's `name`, a registry's `address`). */
  key: string;
  /** The input naming the scope (`repositoryId`, `orgId`); absent for the instance level. */
  scope?: string;
  /** Every object of one scope, e.g. `LIST /repos/{repositoryId}/secrets`. */
  list: Endpoint;
  /** The set's map input, from key to entry, e.g. `secrets`. */
  plural: string;
}

/** The collection of a single-object spec whose listing declares a `set`; undefined for other kinds. */
export function collectionOf(single: ResourceSpec): Collection | undefined {
  const listing = single.list;
  if (!listing?.set) return undefined;
  return { key: listing.set.key, scope: listing.scope, list: listing.endpoint, plural: listing.set.plural };
}

/** A listed spec: the spec and its (present) listing. */
export type Listed = { spec: ResourceSpec; list: Listing };

/** Every listed spec, in the order given. */
export function listed(specs: Iterable<ResourceSpec>): Listed[] {
  return [...specs].flatMap((spec) => (spec.list ? [{ spec, list: spec.list }] : []));
}

/** Who may read a kind's list. */
export const listedBy = (listing: Listing): Rights => listing.listedBy ?? listing.rights;

/** The API path of a listing's endpoint (`LIST /secrets` → `/secrets`), with its query apart. */
export function listPath(endpoint: string): { method: string; path: string; query: Record<string, string> } {
  const [method, target] = endpoint.split(" ") as [string, string];
  const [path, search] = target.split("?") as [string, string | undefined];
  return { method, path, query: Object.fromEntries(new URLSearchParams(search ?? "")) };
}

/**
 * Parents before children: kinds no scope holds that are referred to or refer to another (a forge,
 * its users, the orgs and repositories), each after what it refers to; then the kinds under a
 * scope, by the order of their scopes; then the rest.
 */
export function parentsFirst(all: Listed[]): Listed[] {
  const referenced = new Set(all.flatMap(({ list }) => (list.referencedAs ? [list.referencedAs] : [])));
  const refersTo = ({ spec }: Listed) => Object.keys(spec.inputs).filter((input) => referenced.has(input) && spec.list?.referencedAs !== input);
  const top = all.filter((item) => !item.list.scope && (item.list.referencedAs || refersTo(item).length));
  const ordered: Listed[] = [];
  const place = (item: Listed) => {
    if (ordered.includes(item)) return;
    for (const input of refersTo(item)) {
      const target = top.find(({ list }) => list.referencedAs === input);
      if (target) place(target);
    }
    ordered.push(item);
  };
  top.forEach(place);
  const scopeRank = (item: Listed) => ordered.findIndex(({ list }) => list.referencedAs === item.list.scope);
  const scoped = all.filter((item) => item.list.scope).sort((a, b) => scopeRank(a) - scopeRank(b));
  return [...ordered, ...scoped, ...all.filter((item) => !ordered.includes(item) && !item.list.scope)];
}

/** `a, b and c`. */
export function joined(items: string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(", ")} and ${items.at(-1)}` : (items[0] ?? "");
}

/**
 * The nouns of several listings in one phrase: neighbours sharing their first word and who may
 * read them are written once ("global secrets and registries"), groups are comma-separated.
 */
export function nounPhrase(listings: Listing[]): string {
  const groups: { head: string; reader: Rights; tails: string[] }[] = [];
  for (const listing of listings) {
    const [head, ...rest] = listing.noun.split(" ");
    const last = groups.at(-1);
    if (rest.length && last && last.head === head && last.reader === listedBy(listing) && last.tails.length) last.tails.push(rest.join(" "));
    else groups.push({ head: rest.length ? head! : "", reader: listedBy(listing), tails: [rest.length ? rest.join(" ") : head!] });
  }
  return groups.map((group) => [group.head, joined(group.tails)].filter(Boolean).join(" ")).join(", ");
}

/** The noun within the listing's scope, where the scope is already said: "secrets" for "repository secrets". */
export const nounWithin = (listing: Listing): string => (listing.scope ? listing.noun.split(" ").slice(1).join(" ") : listing.noun);
