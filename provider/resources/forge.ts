import { z } from "zod";
import { WoodpeckerError } from "../client/errors.js";
import { defineSpec, input, output } from "../engine/spec.js";
import { FORGE_TYPES } from "../validation.js";
import { adoptInput, quote } from "./common.js";
import { configSecret, ref } from "../engine/example.js";

/** The first release line expected to store `orgs` (it arrived after v3.17.0: pinned: test/conformance/cases.ts, "forge orgs: v3.17.0 drops them"). */
const FORGE_ORGS_SINCE = "3.18.0";

/**
 * Forge 1 is the server's own: v3.17.0 writes it from its environment (WOODPECKER_GITEA and friends)
 * at every start, and answers DELETE /api/forges/1 with 204, so every user logging in through it is
 * locked out until the next restart (test/conformance/cases.ts).
 */
function primaryForge(state: { forgeId?: unknown }): string | undefined {
  return state.forgeId === 1
    ? "this is forge 1, the server's primary forge: the server writes it from its own configuration (WOODPECKER_GITEA and friends) at every start, and deleting it locks out every user who logs in through it; manage it through the server's configuration, not Pulumi"
    : undefined;
}

/** A GitLab group path segment: letters, digits, `_`, `.`, `-`, not starting with `-` (GitLab's path rule). */
const GITLAB_PATH_SEGMENT = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;

/**
 * A GitLab forge matches `orgs` against each group's full path (`group/subgroup`, server/forge/gitlab
 * Teams since v3.18.0, #6950), not its display name: a value that cannot be a full path (spaces, empty
 * segments) would never match and lock everyone out.
 */
function gitlabOrgProblems(orgs: unknown): { property: string; reason: string }[] {
  if (!Array.isArray(orgs)) return [];
  return orgs.flatMap((org, i) =>
    typeof org === "string" && org.split("/").every((segment) => GITLAB_PATH_SEGMENT.test(segment))
      ? []
      : [
          {
            property: `orgs[${i}]`,
            reason: `${JSON.stringify(org)} is not a GitLab group's full path: a GitLab forge matches orgs against full paths such as "group" or "group/subgroup" (letters, digits, "_", ".", "-"), not display names`,
          },
        ],
  );
}

/**
 * An additional forge (pinned: test/conformance/cases.ts, "forges: anonymous and users get the public copy", "forge PATCH replaces every field").
 * Needs an instance admin token.
 */
export const Forge = defineSpec({
  kind: "Forge",
  doc: "An additional forge (GitHub, GitLab, Gitea, Forgejo, Bitbucket or an addon) users can log in through. Needs an instance admin token.",
  caveats: [
    "Forge 1 is the server's primary forge, rewritten from its environment at every start: the provider never imports, adopts, updates or deletes it (v3.17.0 itself deletes it on request, locking out its users until the next restart).",
    "The server validates nothing on create; the provider checks the type and URL.",
    "The OAuth client secret is write-only. additionalOptions is returned to admins in clear text and is kept as a Pulumi secret.",
    "The server does not check for users or repositories still using a forge when it is deleted.",
    "The server accepts a second forge with the same type and URL (a duplicate login path); the provider refuses it unless `adopt` is set.",
    "On a GitLab forge, `orgs` are groups' full paths (`group/subgroup`), as v3.18.0 compares them; check refuses a value that cannot be one, such as a display name with spaces.",
    "`orgs` is not a field of v3.17.0: that release drops it silently and restricts nothing. The provider asks the server's version (`GET /version`, once) before it sends a non-empty `orgs`, and refuses on servers older than the first release expected to store it.",
  ],
  inputs: {
    type: input(
      z.enum(FORGE_TYPES, { error: (issue) => `unknown forge type ${JSON.stringify(issue.input)}; expected one of ${FORGE_TYPES.join(", ")}` }),
      `Forge type: ${FORGE_TYPES.join(", ")}.`,
      { api: "type" },
    ),
    url: input(z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }), "Forge base URL.", { api: "url" }),
    client: input(z.string().default(""), "OAuth client id.", { api: "client", absentAs: "" }),
    clientSecret: input(z.string().optional(), "OAuth client secret. Write-only: the server never returns it.", {
      api: "oauth_client_secret",
      since: "3.12.0",
      secret: true,
      writeOnly: true,
    }),
    skipVerify: input(z.boolean().default(false), "Skip TLS verification of the forge. Avoid it.", { api: "skip_verify", absentAs: false }),
    oauthHost: input(z.string().default(""), "Public OAuth host when it differs from url.", { api: "oauth_host", absentAs: "" }),
    orgs: input(z.array(z.string().min(1)).default([]), "Only members of these orgs may log in through this forge (empty: anyone).", {
      api: "orgs",
      absentAs: [],
      since: FORGE_ORGS_SINCE,
    }),
    additionalOptions: input(
      z.record(z.string(), z.unknown()).default({}),
      "Forge-type specific options (they may hold credentials, so they are a Pulumi secret).",
      { api: "additional_options", secret: true, absentAs: {} },
    ),
    ...adoptInput,
  },
  outputs: { forgeId: output(z.number().int(), "id", "Numeric id of the forge; User takes it as forgeId.") },
  id: (s) => String(s.forgeId),
  idFormat: "<forgeId>",
  describe: (s) => `forge ${quote(s.url)}`,
  naturalKey: ["type", "url"],
  // Forge 1 is in the list too: quirks.serverOwned keeps it out of inventories.
  list: {
    endpoint: "LIST /forges",
    rights: "instance admin",
    noun: "forges",
    name: { prefix: "forge", parts: (s) => [String(s.type), hostOf(String(s.url))] },
    referencedAs: "forgeId",
  },
  endpoints: {
    create: "POST /forges",
    read: "GET /forges/{forgeId}",
    update: "PATCH /forges/{forgeId}",
    delete: "DELETE /forges/{forgeId}",
    find: "LIST /forges",
  },
  pickFromList: (forges, s) => {
    if (s.forgeId !== undefined && s.forgeId !== null) return forges.find((forge) => forge.id === s.forgeId);
    const match = forges.find((forge) => forge.type === s.type && forge.url === s.url);
    const owned = primaryForge({ forgeId: match?.id });
    if (owned)
      throw new WoodpeckerError("forbidden", { method: "GET", path: "/api/forges", object: `forge ${quote(s.url)}` }, `${owned}; the provider never adopts it`);
    return match;
  },
  validate: (s) => (s.type === "gitlab" ? gitlabOrgProblems(s.orgs) : []),
  fullReplacePatch: true,
  // The server creates a second forge with the same type and URL without complaint.
  refuseDuplicates: true,
  // Forge 1 is rewritten from the server's environment at every start.
  quirks: { serverOwned: primaryForge },
  example: {
    resources: [
      {
        name: "gitlab",
        kind: "Forge",
        inputs: {
          type: "gitlab",
          url: "https://gitlab.example.com",
          client: "woodpecker-oauth-app-id",
          clientSecret: configSecret("gitlabClientSecret"),
          orgs: ["acme"],
        },
      },
      { name: "joe", kind: "User", inputs: { login: "joe", forgeId: ref("gitlab", "forgeId") }, comment: "Users of the second forge name it by id." },
    ],
  },
});

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
