import type { z } from "zod";
import type { WoodpeckerClient } from "../client/client.js";
import type { WoodpeckerError } from "../client/errors.js";
import type { Example } from "./example.js";

/**
 * A resource family declared as data: its inputs, outputs, identity and API endpoints, plus the
 * few server quirks the generic engine needs to know about. The engine (engine.ts) turns a spec
 * into a dynamic provider; sdk/ turns it into a typed class; the generators turn it into schema
 * and docs. Nothing else is written per resource.
 */

/** One declared input. */
export interface InputField<S extends z.ZodType = z.ZodType> {
  schema: S;
  doc: string;
  /** Key in the API's JSON; absent for engine-only settings such as `adopt`. */
  api?: string;
  /** A change replaces the object (immutable on the server, or part of its identity). */
  replace?: boolean;
  /** A Pulumi secret: encrypted in state, masked in output. */
  secret?: boolean;
  /** The API never returns it: state keeps the declared value, and drift made outside Pulumi cannot be seen. */
  writeOnly?: boolean;
  /** The server ignores it on create, so the engine follows the create with an update that sets it. */
  setByUpdate?: boolean;
  /**
   * The release that added the field (read from the server's source at each tag): older servers
   * drop it silently, so a value other than the default is refused at check when the server's
   * version is known there, and again before any write, naming the field and both versions.
   */
  since?: string;
  /**
   * The release from which the server changes the field in place: on an older one a change is
   * refused at check when the server's version is known there, and again before the update writes.
   * Read for single objects only: no kind a set holds declares it.
   */
  changeableSince?: string;
  /** What the server means when it leaves the key out of its JSON (Go `omitempty`), e.g. false. */
  absentAs?: unknown;
  /**
   * An engine-only input read only by create (e.g. `adopt`): changing it alone is no change, since
   * nothing reads it later. Engine-only inputs read at destroy (e.g. `deleteOnDestroy`) are not this:
   * destroy reads the stored outputs, which only an update (sending nothing) records.
   */
  createOnly?: boolean;
  /** Key in the API object an input without `api` is read from on import (e.g. a repository's `full_name`). */
  importFrom?: string;
}

/** One computed output read from the API object. */
export interface OutputField<S extends z.ZodType = z.ZodType> {
  schema: S;
  doc: string;
  /** Key in the API's JSON, or a function of the API object. */
  api: string | ((object: ApiObject) => unknown);
  secret?: boolean;
}

export type InputFields = Record<string, InputField>;
export type OutputFields = Record<string, OutputField>;
export type ApiObject = Record<string, unknown>;
/** Inputs and outputs together, as stored in state. */
export type State = Record<string, unknown>;

/**
 * `"METHOD /path/{param}"`, or a function of the state choosing one. Paths are under /api; `{x}`
 * comes from state (inputs and outputs). `LIST` is a GET through every page, for objects the
 * server has no single GET for (see `pickFromList`).
 */
export type Endpoint = string | ((state: State) => string);

export interface Context {
  client: WoodpeckerClient;
  spec: ResourceSpec;
}

export interface ResourceSpec<I extends InputFields = InputFields, O extends OutputFields = OutputFields> {
  /** Type name: the token is `pulumi-nodejs:dynamic/woodpecker:<kind>` (dynamic provider) or `woodpecker:index:<kind>` (plugin). */
  kind: string;
  /** One paragraph for docs and schema. */
  doc: string;
  /** Longer notes on server behaviour for the reference docs. */
  caveats?: string[];
  inputs: I;
  outputs: O;
  /** The resource ID, from the state after create. */
  id: (state: State) => string;
  /** How the ID looks, e.g. `<repositoryId>/<name>`: import parses it into those inputs and outputs. */
  idFormat: string;
  /** Human name used in messages, e.g. `repository secret "token" of repository 7`. */
  describe: (state: State) => string;
  /** Rules across several inputs, run after the per-field schemas. */
  validate?: (inputs: State) => { property: string; reason: string }[];
  /** Inputs that identify the object on the server; a replacement keeping them all must delete first. */
  naturalKey: string[];

  endpoints: {
    create?: Endpoint;
    read: Endpoint;
    update?: Endpoint;
    delete?: Endpoint;
    /** Finds an existing object by natural key, for `adopt` and for recovering a lost create answer. */
    find?: Endpoint;
  };
  /**
   * Import by ID: a GET (or LIST, picked by the ID's fields) that fills the inputs the read needs
   * beyond those in the ID, e.g. the address of a registry whose ID holds only its numeric id.
   */
  importLookup?: Endpoint;
  /** How read and find pick the object when the endpoint is a list (no single GET on the server). */
  pickFromList?: (items: ApiObject[], state: State) => ApiObject | undefined;
  /** Treat a found object as absent (e.g. a deactivated repository, the server's empty org 0). */
  isGone?: (object: ApiObject, state: State) => boolean;
  /**
   * The request that proves a 404 of the read or delete means "gone": it must answer for the
   * object's scope with the same rights the read needs. Default: the collection the read's path
   * sits in (`GET /repos/{repositoryId}/secrets` for a repository secret), which the server guards
   * as it guards the object, so a token that lost its rights fails it too.
   */
  scope?: Endpoint;
  /**
   * Runs before every create, update and delete to refuse writes the server would misapply (e.g.
   * to a missing org, which the server treats as the global level). A not-found from it makes a
   * delete a no-op: the object is gone with its scope.
   */
  guardWrite?: (ctx: Context, state: State) => Promise<void>;
  /**
   * The server accepts a second object with the same natural key (it keeps no unique key): look
   * before creating (one list request) and refuse unless adopting. Since nothing with the key then
   * existed before the POST, an object found after a lost create answer is taken as this create's.
   */
  refuseDuplicates?: boolean;
  /** PATCH replaces every field (absent means empty): always send the whole declared object. */
  fullReplacePatch?: boolean;
  /** The engine-only boolean input that must be true before destroy deletes the object on the server. */
  keepOnDestroyUnless?: string;
  /** Hooks that exist for one server behaviour of one kind each (see `Quirks`). */
  quirks?: Quirks;
  /** How the kind's objects are listed: read by the list functions, `inventory`, `doctor` and sets (engine/listings.ts). */
  list?: Listing;
  /** Set kinds only (engine/sets.ts): the single-object spec every entry runs through. */
  members?: ResourceSpec;
  /** The docs' example program, in no language (engine/example.ts); set kinds derive theirs from the member's. */
  example?: Example;
}

/**
 * Hooks one kind needs for one behaviour of its server objects; each line says the behaviour, the
 * spec that sets it says why. Kept apart so the spec type reads in one screen.
 */
export interface Quirks {
  /** Writes answer with something other than the stored object: read it back. */
  rereadAfterWrite?: boolean;
  /** The update locates the object by server-owned fields that change behind Pulumi's back: read it fresh first. */
  readBeforeUpdate?: boolean;
  /** Extra API fields a PATCH must carry, taken from state. */
  patchExtras?: (state: State) => ApiObject;
  /** A better error for a failed create, when the server's answer misleads (undefined: keep the engine's). */
  explainCreateFailure?: (ctx: Context, inputs: State, error: WoodpeckerError) => Promise<WoodpeckerError | undefined>;
  /** Objects the server owns (rewritten from its environment): the reason they are never imported, updated or deleted. */
  serverOwned?: (state: State) => string | undefined;
  /** The read route also serves objects of another kind: the kind and ID such an object is imported as. */
  otherKindOf?: (object: ApiObject) => { kind: string; id: string } | undefined;
  /** Replacements that depend on old and new values, beyond the `replace` flags. */
  replaceWhen?: (olds: State, news: State) => string[];
  /** Runs before create to resolve values the API needs (e.g. a forge remote id from a full name). */
  resolve?: (ctx: Context, inputs: State) => Promise<State>;
  /** The server refused the create without acting on it and a retry can succeed (a race inside the server). */
  retryCreateWhen?: (error: WoodpeckerError) => boolean;
  /** Replaces the generic create (the API cannot create the object). Returns the API object. */
  create?: (ctx: Context, inputs: State) => Promise<ApiObject>;
  /** Replaces the generic read. Undefined when the object is gone. */
  read?: (ctx: Context, state: State) => Promise<ApiObject | undefined>;
  /** Replaces the generic delete. */
  delete?: (ctx: Context, state: State) => Promise<void>;
}

/** Who may do something: manage a kind's objects, or read its list. */
export type Rights = "instance admin" | "repository admin" | "repository push" | "org admin" | "any user";

/** How a kind is listed; each line one thing the list functions, `inventory` and `doctor` need (see `ResourceSpec.list`). */
export interface Listing {
  /** Every object of one scope, e.g. `LIST /repos/{repositoryId}/secrets` (a `GET` is one page). */
  endpoint: string;
  /** The input naming the scope (`repositoryId`, `orgId`); absent for the instance level. */
  scope?: string;
  /** The rights needed to manage the objects. */
  rights: Rights;
  /** The rights needed to read the list, when not `rights`. */
  listedBy?: Rights;
  /** Plural noun for sentences, e.g. "repository secrets". */
  noun: string;
  /** An object's logical name in inventory output: a prefix, then parts from its state and its scope's name (`parent(input)`); the last part names the entry. */
  name: { prefix: string; parts: (state: State, parent: (input: string) => string) => string[] };
  /** The kind is what other kinds refer to by this input (its output of the same name), e.g. `repositoryId`. */
  referencedAs?: string;
  /** How one object reads as the scope of others in sentences, e.g. `repository "acme/api"`. */
  label?: (object: ApiObject) => string;
  /** The list a token without `listedBy` reads instead (a user's own repositories). */
  otherwise?: string;
  /** `--repo`/`--org` narrow the kind by these API keys: `option` by `key`, and `--org` also by `ownerKey`. */
  selectBy?: { option: "repo" | "org"; key: string; ownerKey?: string };
  /** Also the objects the listed scopes of `input` name by their API key `key` (the orgs of the repositories), read one by one. */
  within?: { input: string; key: string };
  /** Users' own scopes the list leaves out: the API key naming it on a user, the users' list, a label; kept when they hold objects. */
  personal?: { key: string; users: string; label: (login: string) => string };
  /** Set kinds: the input naming an entry within its scope and the set's map input, e.g. `name`, `secrets` (engine/sets.ts). */
  set?: { key: string; plural: string };
}

/** Builders that keep spec files short and typed. */
export function input<S extends z.ZodType>(schema: S, doc: string, flags: Omit<InputField<S>, "schema" | "doc"> = {}): InputField<S> {
  return { schema, doc, ...flags };
}

export function output<S extends z.ZodType>(schema: S, api: OutputField["api"], doc: string, flags: { secret?: boolean } = {}): OutputField<S> {
  return { schema, api, doc, ...flags };
}

export { PLUGIN_PACKAGE, pluginTypeToken, typeToken } from "./tokens.js";

export function defineSpec<I extends InputFields, O extends OutputFields>(spec: ResourceSpec<I, O>): ResourceSpec<I, O> {
  return spec;
}
