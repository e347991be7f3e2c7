import { versionAtLeast } from "../provider/client/versions.js";
import { VERSION } from "./http.js";

/**
 * Which real server the emulator plays. By default the released v3.17.0 that users run; tests
 * switch to another release through `POST /__emulator/options` `{version}` (each behaviour below is
 * read from that release's source, never a wish of the provider's).
 */
export interface ServerOptions {
  /** The release played: what `GET /version` reports, and which of `behaviourOf`'s differences apply. */
  version: string;
  /**
   * v3.17.0's race on inserting the org of an owner it has not seen (measured on the release;
   * a race, so no conformance case: emulator/DIVERGENCES.md), on demand: while an
   * activation's org insert is "in flight" (this many ms after it), other activations of the same
   * owner answer 500 `Could not find or create organization <owner>.` and create nothing. 0: off.
   */
  orgInsertRaceMs: number;
}

export const RELEASED: Readonly<ServerOptions> = { version: VERSION, orgInsertRaceMs: 0 };

/**
 * What differs between the releases the emulator plays, as a function of the version alone (one
 * option switches all of it). Development builds ("next-…") count as newest, like the provider's
 * version checks. Read from the source at the tags named (v3.18.0 = the `🎉 Release 3.18.0` commit).
 */
export interface Behaviour {
  /** v3.18.0 (#6874): forges store and return `orgs`; v3.17.0 has no such field and drops it (pinned: test/conformance/cases.ts, "forge orgs: v3.17.0 drops them"). */
  forgeOrgs: boolean;
  /**
   * v3.18.0 (session.SetPipeline): every `…/pipelines/:number/…` and `…/logs/:number…` route but the
   * plain GET resolves the number before the handler: 400 when it is not a number, bare 404 when no
   * such pipeline. v3.17.0's cancel, approve, decline and delete-logs handlers ignore the parse error
   * and look up number 0 (404).
   */
  pipelineMiddleware: boolean;
  /**
   * v3.18.0 (#7001, #7003): a repository's latest pipeline (`/api/user/repos` `last_pipeline`, the
   * feed's repo list) is the one with the highest number; v3.17.0 takes the highest id. The user feed
   * is ordered by `created`, then id (v3.17.0: id).
   */
  latestByNumber: boolean;
  /**
   * v3.18.0 (#6971): deleting a repository deletes all its pipelines. v3.17.0's batch loop pages with
   * an offset over rows it is deleting, so past the first 50 it skips batches and leaves them behind.
   */
  deletesAllPipelines: boolean;
  /**
   * JSON keys of a model the release does not have yet: its decoder ignores them in a request (a
   * value sent is dropped silently) and its encoder never writes them. Read from server/model/*.go
   * at the tags named in `behaviourOf`.
   */
  absent: Record<"cron" | "secret" | "repo" | "forge" | "user", string[]>;
  /**
   * v3.12.0 (server/api/users.go at v3.12.0): users live per forge. POST takes `forge_id`; GET and
   * DELETE find the user by `?forge_id=` and `?forge_remote_id=`; PATCH finds it by the body's forge
   * ids and may rename it; the JSON shows `forge_remote_id`; two users of one forge may not share a
   * remote id. Before (server/api/users.go at v3.11.0): POST sets forge 1, GET, PATCH and DELETE find
   * the user by the path's login alone, PATCH never changes the login, the remote id is `json:"-"`,
   * and only the login is unique.
   */
  usersPerForge: boolean;
}

/** The keys of `table` whose release is newer than `version`. */
function addedAfter(version: string, table: Record<string, string[]>): string[] {
  return Object.entries(table).flatMap(([release, keys]) => (versionAtLeast(version, release) ? [] : keys));
}

export function behaviourOf(version: string): Behaviour {
  const v3_18 = versionAtLeast(version, "3.18.0");
  return {
    forgeOrgs: v3_18,
    pipelineMiddleware: v3_18,
    latestByNumber: v3_18,
    deletesAllPipelines: v3_18,
    absent: {
      // server/model/cron.go: enabled, variables and CronPatch at v3.13.0; timezone at v3.15.0.
      cron: addedAfter(version, { "3.13.0": ["enabled", "variables"], "3.15.0": ["timezone"] }),
      // server/model/secret.go: note at v3.13.0.
      secret: addedAfter(version, { "3.13.0": ["note"] }),
      // server/model/repo.go: approval_allowed_users at v3.1.0, config_extension_endpoint at v3.11.0, the other extension settings at v3.14.0.
      repo: addedAfter(version, {
        "3.1.0": ["approval_allowed_users"],
        "3.11.0": ["config_extension_endpoint"],
        "3.14.0": [
          "config_extension_exclusive",
          "config_extension_netrc",
          "registry_extension_endpoint",
          "registry_extension_netrc",
          "secret_extension_endpoint",
          "secret_extension_netrc",
        ],
      }),
      // server/model/forge.go: ForgeWithOAuthClientSecret at v3.12.0 (before, the secret is `json:"-"`: a write cannot set it).
      forge: addedAfter(version, { "3.12.0": ["oauth_client_secret"] }),
      // server/model/user.go: forge_remote_id is `json:"-"` before v3.12.0.
      user: addedAfter(version, { "3.12.0": ["forge_remote_id"] }),
    },
    usersPerForge: versionAtLeast(version, "3.12.0"),
  };
}

/** A model's JSON without the keys the release lacks. */
export function omitKeys<T>(view: T, keys: string[]): T {
  if (!keys.length || !view || typeof view !== "object") return view;
  return Object.fromEntries(Object.entries(view).filter(([key]) => !keys.includes(key))) as T;
}

/** Options changed by a control request; refuses unknown keys and wrong types. */
export function applyOptions(current: ServerOptions, changes: Record<string, unknown>): ServerOptions {
  const next = { ...current };
  for (const [key, value] of Object.entries(changes ?? {})) {
    if (!(key in RELEASED)) throw new Error(`unknown option ${key}; options are ${Object.keys(RELEASED).join(", ")}`);
    const expected = typeof RELEASED[key as keyof ServerOptions];
    if (typeof value !== expected) throw new Error(`option ${key} must be a ${expected}`);
    (next as Record<string, unknown>)[key] = value;
  }
  return next;
}
