import { z } from "zod";
import { WoodpeckerError } from "../client/errors.js";
import { defineSpec, input, output, type Context, type State } from "../engine/spec.js";
import { APPROVAL_MODES, VISIBILITIES, WEBHOOK_EVENTS } from "../validation.js";
import { adoptInput, quote } from "./common.js";
import { ref } from "../engine/example.js";

const settings = { setByUpdate: true } as const;

/** server/model/repo.go RepoPatch: `config_extension_endpoint` arrived in v3.11.0, the rest of the extension settings in v3.14.0. */
const CONFIG_EXTENSION_SINCE = "3.11.0";
const EXTENSIONS_SINCE = "3.14.0";

/**
 * An extension endpoint: empty (none) or an absolute http(s) URL. The server stores any string and
 * posts to it at every pipeline (server/services/manager.go), so anything else fails every pipeline
 * of the repository; the provider refuses it at check instead.
 */
const ENDPOINT_ERROR = "expected an absolute http(s) URL, or empty for none";
const extensionEndpoint = z.union([z.literal(""), z.url({ protocol: /^https?$/, error: ENDPOINT_ERROR }).refine((v) => !/\s/.test(v), ENDPOINT_ERROR)], {
  error: ENDPOINT_ERROR,
});

/**
 * A repository activated in Woodpecker, with its settings
 * (pinned: test/conformance/cases.ts, "activating an active repository", "repo PATCH validation codes", "repo DELETE deactivates").
 */
export const Repository = defineSpec({
  kind: "Repository",
  doc: "Activates a forge repository in Woodpecker and manages its settings.",
  caveats: [
    "Activation takes no settings: the provider activates, then sets the declared settings with one update.",
    "The token's user must be an admin of the repository on the forge.",
    "Destroy deactivates the repository (its secrets, registries, crons and pipelines are kept and come back on reactivation); set removeOnDestroy to delete it with its secrets, registries and pipelines.",
    "Changing trusted flags needs an instance admin token.",
    "Settings left out are not managed: the server keeps whatever it has.",
    "Extension endpoints (config since v3.11.0; registry, secret and the netrc and exclusive flags since v3.14.0) are URLs the server calls at every pipeline; the server stores any string, the provider accepts only an absolute http(s) URL or empty, and refuses them on an older server before any write.",
    "Activating several repositories of an owner the server has not seen yet at once makes v3.17.0 answer 500 `Could not find or create organization` for all but one (a race inside the server, which creates nothing for them); the provider retries those activations up to 3 times.",
  ],
  inputs: {
    fullName: input(
      z
        .string()
        .regex(/^[^/\s]+(\/[^/\s]+)+$/, "expected owner/name")
        .optional(),
      "Full name on the forge, owner/name. Looked up among the forge repositories the token's user can administer.",
      { replace: true, importFrom: "full_name" },
    ),
    forgeRemoteId: input(z.string().min(1).optional(), "The forge's id of the repository; an alternative to fullName.", {
      replace: true,
      importFrom: "forge_remote_id",
    }),
    visibility: input(z.enum(VISIBILITIES).optional(), "public, private or internal.", { api: "visibility", ...settings }),
    requireApproval: input(z.enum(APPROVAL_MODES).optional(), "Which pipelines wait for approval: none, forks, pull_requests or all_events.", {
      api: "require_approval",
      ...settings,
    }),
    approvalAllowedUsers: input(z.array(z.string().min(1)).optional(), "Logins whose pipelines need no approval.", {
      api: "approval_allowed_users",
      since: "3.1.0",
      ...settings,
    }),
    timeout: input(
      z.number().int().min(1, "timeout must be at least 1 minute").optional(),
      "Pipeline timeout in minutes (above the server's maximum needs an instance admin).",
      { api: "timeout", ...settings },
    ),
    configFile: input(z.string().optional(), "Pipeline config path; empty means the server's default (.woodpecker/ or .woodpecker.yaml).", {
      api: "config_file",
      ...settings,
    }),
    allowPullRequests: input(z.boolean().optional(), "Run pipelines for pull requests.", { api: "allow_pr", ...settings }),
    allowDeployments: input(z.boolean().optional(), "Allow deployment events.", { api: "allow_deploy", ...settings }),
    cancelPreviousPipelineEvents: input(z.array(z.enum(WEBHOOK_EVENTS)).optional(), "Events whose newer pipelines cancel older running ones.", {
      api: "cancel_previous_pipeline_events",
      ...settings,
    }),
    netrcTrusted: input(z.array(z.string().min(1)).optional(), "Plugin images trusted with the netrc credentials.", { api: "netrc_trusted", ...settings }),
    trusted: input(
      z.strictObject({ network: z.boolean().default(false), volumes: z.boolean().default(false), security: z.boolean().default(false) }).optional(),
      "Trusted flags {network, volumes, security}; flags left out are false. Changing them needs an instance admin token.",
      { api: "trusted", ...settings },
    ),
    configExtensionEndpoint: input(
      extensionEndpoint.optional(),
      `URL of a config extension the server asks for this repository's pipeline configs (empty: none). Needs v${CONFIG_EXTENSION_SINCE} or later.`,
      { api: "config_extension_endpoint", since: CONFIG_EXTENSION_SINCE, ...settings },
    ),
    configExtensionExclusive: input(
      z.boolean().optional(),
      `Use only the config extension's answer, not the forge's files as well. Needs v${EXTENSIONS_SINCE} or later.`,
      { api: "config_extension_exclusive", since: EXTENSIONS_SINCE, ...settings },
    ),
    configExtensionNetrc: input(
      z.boolean().optional(),
      `Send the repository's netrc credentials to the config extension. Needs v${EXTENSIONS_SINCE} or later.`,
      { api: "config_extension_netrc", since: EXTENSIONS_SINCE, ...settings },
    ),
    registryExtensionEndpoint: input(
      extensionEndpoint.optional(),
      `URL of a registry extension the server asks for this repository's registry credentials (empty: none). Needs v${EXTENSIONS_SINCE} or later.`,
      { api: "registry_extension_endpoint", since: EXTENSIONS_SINCE, ...settings },
    ),
    registryExtensionNetrc: input(
      z.boolean().optional(),
      `Send the repository's netrc credentials to the registry extension. Needs v${EXTENSIONS_SINCE} or later.`,
      { api: "registry_extension_netrc", since: EXTENSIONS_SINCE, ...settings },
    ),
    secretExtensionEndpoint: input(
      extensionEndpoint.optional(),
      `URL of a secret extension the server asks for this repository's secrets (empty: none). Needs v${EXTENSIONS_SINCE} or later.`,
      { api: "secret_extension_endpoint", since: EXTENSIONS_SINCE, ...settings },
    ),
    secretExtensionNetrc: input(
      z.boolean().optional(),
      `Send the repository's netrc credentials to the secret extension. Needs v${EXTENSIONS_SINCE} or later.`,
      { api: "secret_extension_netrc", since: EXTENSIONS_SINCE, ...settings },
    ),
    removeOnDestroy: input(
      z.boolean().default(false),
      "Delete the repository with its secrets, registries and pipelines on destroy, instead of deactivating it.",
    ),
    ...adoptInput,
  },
  outputs: {
    repositoryId: output(z.number().int(), "id", "Numeric id of the repository in Woodpecker; other resources take it as repositoryId."),
    orgId: output(z.number().int(), "org_id", "Id of the organization the repository belongs to."),
    owner: output(z.string(), "owner", "Owner part of the full name."),
    name: output(z.string(), "name", "Name part of the full name."),
    defaultBranch: output(z.string(), "default_branch", "Default branch on the forge."),
    forgeUrl: output(z.string(), "forge_url", "Web address on the forge."),
    cloneUrl: output(z.string(), "clone_url", "Clone URL."),
    private: output(z.boolean(), "private", "The forge's private flag."),
  },
  validate: (s) => (s.fullName || s.forgeRemoteId ? [] : [{ property: "fullName", reason: "fullName (owner/name) or forgeRemoteId is required" }]),
  id: (s) => String(s.repositoryId),
  idFormat: "<repositoryId>",
  describe: (s) => `repository ${quote(s.fullName ?? `forge id ${s.forgeRemoteId}`)}`,
  naturalKey: ["fullName", "forgeRemoteId"],
  // Admins list every active repository; others the forge repositories they may push to.
  list: {
    endpoint: "LIST /repos?active=true",
    rights: "repository admin",
    listedBy: "instance admin",
    otherwise: "GET /user/repos",
    noun: "repositories",
    name: { prefix: "repo", parts: (s) => [String(s.fullName ?? s.forgeRemoteId)] },
    referencedAs: "repositoryId",
    label: (repo) => `repository ${quote(repo.full_name)}`,
    selectBy: { option: "repo", key: "full_name", ownerKey: "owner" },
  },
  endpoints: {
    create: "POST /repos?forge_remote_id={forgeRemoteId}",
    read: "GET /repos/{repositoryId}",
    update: "PATCH /repos/{repositoryId}",
    delete: (s) => (s.removeOnDestroy ? "DELETE /repos/{repositoryId}?remove=true" : "DELETE /repos/{repositoryId}"),
    find: "GET /repos/lookup/{+fullName}",
  },
  // The server keeps deactivated repositories and returns them with active:false.
  isGone: (repo) => repo.active === false,
  quirks: {
    // Activation takes the forge's remote id, which the declared full name does not carry.
    resolve: resolveForgeRepository,
    // v3.17.0: activating two repositories of an owner it has not seen at the same moment races on
    // inserting the org; the loser answers 500 having created nothing, and a retry finds the org.
    // A bounded retry keeps Pulumi's parallel creates (serializing per owner would slow every first
    // `up` and still lose to activations from the UI or another stack).
    retryCreateWhen: (error) => error.status === 500 && /Could not find or create organization/i.test(error.body ?? ""),
  },
  example: {
    resources: [
      {
        name: "api",
        kind: "Repository",
        variable: "repo",
        inputs: {
          fullName: "acme/api",
          visibility: "private",
          requireApproval: "forks",
          timeout: 30,
          cancelPreviousPipelineEvents: ["push", "pull_request"],
          trusted: { network: false, volumes: false, security: false },
        },
      },
    ],
    exports: { repositoryId: ref("repo", "repositoryId") },
  },
});

interface ForgeRepo {
  forge_remote_id: string;
  full_name: string;
}

/** Fills in whichever of fullName and forgeRemoteId is missing from the forge repos the user can administer. */
async function resolveForgeRepository(ctx: Context, inputs: State): Promise<State> {
  if (inputs.fullName && inputs.forgeRemoteId) return {};
  const repos = (await ctx.client.get<ForgeRepo[] | null>("/user/repos", { query: { all: true }, object: ctx.spec.describe(inputs) })) ?? [];
  const wanted = String(inputs.fullName ?? "").toLowerCase();
  const match = repos.find((repo) => (inputs.forgeRemoteId ? repo.forge_remote_id === inputs.forgeRemoteId : repo.full_name.toLowerCase() === wanted));
  if (!match) {
    throw new WoodpeckerError(
      "not-found",
      { method: "GET", path: "/api/user/repos?all=true", object: ctx.spec.describe(inputs) },
      "the forge lists no such repository for the token's user: check the name and that the user can push to it on the forge (activation needs forge admin rights)",
    );
  }
  return { fullName: inputs.fullName ?? match.full_name, forgeRemoteId: match.forge_remote_id };
}
