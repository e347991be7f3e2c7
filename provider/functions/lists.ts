import { z } from "zod";
import type { WoodpeckerClient } from "../client/client.js";
import { exactlyOne, explain, orgArgs, quote, readOrg, repoHint, repositoryArgs, repositoryRef } from "./common.js";
import { agent, cron, forge, listedUser, org, registry, secret } from "./schemas.js";
import { defineFunction, field } from "./spec.js";
import { expandPath } from "../client/paths.js";
import { ref } from "../engine/example.js";
import { listPath, nounWithin } from "../engine/listings.js";
import type { ResourceSpec } from "../engine/spec.js";
import { Agent, OrgAgent } from "../resources/agents.js";
import { RepositoryCron } from "../resources/cron.js";
import { Forge } from "../resources/forge.js";
import { Org } from "../resources/org.js";
import { GlobalRegistry, OrgRegistry, RepositoryRegistry } from "../resources/registries.js";
import { GlobalSecret, OrgSecret, RepositorySecret } from "../resources/secrets.js";
import { User } from "../resources/user.js";

/**
 * Whole lists: every page, `null` pages read as empty
 * (pinned: test/conformance/cases.ts, "perPage is capped at 50", "empty lists: null for repo secrets"). Write-only
 * fields (secret values, registry passwords) are not in the result schemas, so they never appear;
 * agent tokens and forge options are secret Outputs.
 */

const ADMIN = "Needs an instance admin token; others get 403.";
const list = (client: WoodpeckerClient, path: string, object: string) => client.list<unknown>(path, { object });
/** The API path of a spec's listing, its scope input filled in. */
const pathOf = (spec: ResourceSpec, scopeId?: number) => {
  const listing = spec.list!;
  return expandPath(listPath(listing.endpoint).path, listing.scope ? { [listing.scope]: scopeId } : {});
};

function repositoryList<K extends string, I extends z.ZodType>(key: K, spec: ResourceSpec, item: I, doc: string) {
  return {
    args: repositoryArgs,
    validate: (args: { repositoryId?: number; fullName?: string }) => exactlyOne(args, "repositoryId", "fullName"),
    result: z.object({
      repositoryId: field(z.number().int(), "Numeric id of the repository."),
      [key]: field(z.array(item), doc),
    } as { repositoryId: z.ZodNumber } & Record<K, z.ZodArray<I>>),
    run: async (client: WoodpeckerClient, args: { repositoryId?: number; fullName?: string }) => {
      const repo = await repositoryRef(client, args);
      const object = `${nounWithin(spec.list!)} of ${repo.label}`;
      const items = await explain(list(client, pathOf(spec, repo.id), object), "not-found", repoHint("the repository", "push"));
      return { repositoryId: repo.id, [key]: items };
    },
  };
}

function orgList<K extends string, I extends z.ZodType>(key: K, spec: ResourceSpec, item: I, doc: string) {
  return {
    args: orgArgs,
    validate: (args: { orgId?: number; orgName?: string }) => exactlyOne(args, "orgId", "orgName"),
    result: z.object({
      orgId: field(z.number().int(), "Numeric id of the organization."),
      [key]: field(z.array(item), doc),
    } as { orgId: z.ZodNumber } & Record<K, z.ZodArray<I>>),
    run: async (client: WoodpeckerClient, args: { orgId?: number; orgName?: string }) => {
      // Confirm the org first: for a missing id the server would list every repository and global secret
      // (pinned: test/conformance/cases.ts, "a missing org id reads like org 0").
      const found = await readOrg(client, args);
      const label = args.orgName !== undefined ? `organization ${quote(args.orgName)}` : `organization ${found.id}`;
      return { orgId: found.id, [key]: await list(client, pathOf(spec, found.id), `${nounWithin(spec.list!)} of ${label}`) };
    },
  };
}

const ORG_CAVEATS = [
  "Needs org admin rights on the forge, the org being the user's own, or an instance admin token; others get 403.",
  "The org is confirmed first (one extra request): the server would answer a missing org id with the lists of its empty org 0, i.e. every repository and global secret.",
];

export const getRepositorySecrets = defineFunction({
  name: "getRepositorySecrets",
  doc: "Lists the secrets of a repository (names and settings; values are write-only and never returned).",
  caveats: ["Needs push permission on the repository; without it the server answers 404, as for a missing repository."],
  ...repositoryList("secrets", RepositorySecret, secret, "The repository's secrets, by name."),
  example: {
    calls: [{ variable: "listed", function: "getRepositorySecrets", args: { fullName: "acme/api" } }],
    exports: { secrets: ref("listed", "secrets") },
  },
});

export const getRepositoryRegistries = defineFunction({
  name: "getRepositoryRegistries",
  doc: "Lists the container registry credentials of a repository (passwords are write-only and never returned).",
  caveats: ["Needs push permission on the repository; without it the server answers 404, as for a missing repository."],
  ...repositoryList("registries", RepositoryRegistry, registry, "The repository's registries, by id."),
  example: {
    calls: [{ variable: "listed", function: "getRepositoryRegistries", args: { fullName: "acme/api" } }],
    exports: { registries: ref("listed", "registries") },
  },
});

export const getRepositoryCrons = defineFunction({
  name: "getRepositoryCrons",
  doc: "Lists the crons of a repository.",
  caveats: ["Needs push permission on the repository; without it the server answers 404, as for a missing repository."],
  ...repositoryList("crons", RepositoryCron, cron, "The repository's crons, by name."),
  example: {
    calls: [{ variable: "listed", function: "getRepositoryCrons", args: { fullName: "acme/api" } }],
    exports: { crons: ref("listed", "crons") },
  },
});

export const getOrgSecrets = defineFunction({
  name: "getOrgSecrets",
  doc: "Lists the secrets of an organization (values are write-only and never returned).",
  caveats: ORG_CAVEATS,
  ...orgList("secrets", OrgSecret, secret, "The organization's secrets, by name."),
  example: {
    calls: [{ variable: "listed", function: "getOrgSecrets", args: { orgName: "acme" } }],
    exports: { orgSecrets: ref("listed", "secrets") },
  },
});

export const getOrgRegistries = defineFunction({
  name: "getOrgRegistries",
  doc: "Lists the container registry credentials of an organization (passwords are write-only and never returned).",
  caveats: ORG_CAVEATS,
  ...orgList("registries", OrgRegistry, registry, "The organization's registries, by id."),
  example: {
    calls: [{ variable: "listed", function: "getOrgRegistries", args: { orgName: "acme" } }],
    exports: { orgRegistries: ref("listed", "registries") },
  },
});

export const getOrgAgents = defineFunction({
  name: "getOrgAgents",
  doc: "Lists the agents of an organization; each token is a Pulumi secret Output.",
  caveats: [...ORG_CAVEATS, "The server offers org agents only when WOODPECKER_DISABLE_USER_AGENT_REGISTRATION is off."],
  ...orgList("agents", OrgAgent, agent, "The organization's agents, by id."),
  example: {
    calls: [{ variable: "listed", function: "getOrgAgents", args: { orgName: "acme" } }],
    exports: { orgAgents: ref("listed", "agents") },
  },
});

export const getGlobalSecrets = defineFunction({
  name: "getGlobalSecrets",
  doc: "Lists the global secrets (values are write-only and never returned). Any logged-in user may read the list.",
  args: {},
  result: z.object({ secrets: field(z.array(secret), "The global secrets, by name.") }),
  run: async (client) => ({ secrets: await list(client, pathOf(GlobalSecret), "global secrets") }),
  example: {
    calls: [{ variable: "listed", function: "getGlobalSecrets" }],
    exports: { globalSecrets: ref("listed", "secrets") },
  },
});

export const getGlobalRegistries = defineFunction({
  name: "getGlobalRegistries",
  doc: "Lists the global registry credentials (passwords are write-only and never returned). Any logged-in user may read the list.",
  caveats: ["Entries from the server's WOODPECKER_DOCKER_CONFIG file appear with readonly true and id 0."],
  args: {},
  result: z.object({ registries: field(z.array(registry), "The global registries.") }),
  run: async (client) => ({ registries: await list(client, pathOf(GlobalRegistry), "global registries") }),
  example: {
    calls: [{ variable: "listed", function: "getGlobalRegistries" }],
    exports: { globalRegistries: ref("listed", "registries") },
  },
});

export const getAgents = defineFunction({
  name: "getAgents",
  doc: `Lists every agent on the server: global ones (orgId -1) and org agents. Each token is a Pulumi secret Output. ${ADMIN}`,
  args: {},
  result: z.object({ agents: field(z.array(agent), "Every agent, by id.") }),
  run: async (client) => ({ agents: await list(client, pathOf(Agent), "the agent list") }),
  example: {
    calls: [{ variable: "listed", function: "getAgents" }],
    exports: { agents: ref("listed", "agents") },
  },
});

export const getForges = defineFunction({
  name: "getForges",
  doc: "Lists the forges users log in through. Anyone may read the list; only instance admins get more than id, type and url.",
  caveats: [
    "The OAuth client secret is write-only. Additional options are returned to admins in clear text and are a secret Output here.",
    "The server gives the list no order.",
  ],
  args: {},
  result: z.object({ forges: field(z.array(forge), "The forges.") }),
  run: async (client) => ({ forges: await list(client, pathOf(Forge), "the forge list") }),
  example: {
    calls: [{ variable: "listed", function: "getForges" }],
    exports: { forges: ref("listed", "forges") },
  },
});

export const getUsers = defineFunction({
  name: "getUsers",
  doc: `Lists every user, by login. ${ADMIN}`,
  args: {},
  result: z.object({ users: field(z.array(listedUser), "The users, by login.") }),
  run: async (client) => ({ users: await list(client, pathOf(User), "the user list") }),
  example: {
    calls: [{ variable: "listed", function: "getUsers" }],
    exports: { users: ref("listed", "users") },
  },
});

export const getOrgs = defineFunction({
  name: "getOrgs",
  doc: `Lists the organizations (not users' personal ones), by id. ${ADMIN}`,
  args: {},
  result: z.object({ orgs: field(z.array(org), "The organizations, by id.") }),
  run: async (client) => ({ orgs: await list(client, pathOf(Org), "the organization list") }),
  example: {
    calls: [{ variable: "listed", function: "getOrgs" }],
    exports: { orgs: ref("listed", "orgs") },
  },
});
