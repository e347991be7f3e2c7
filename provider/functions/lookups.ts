import { z } from "zod";
import { expandPath } from "../client/paths.js";
import { exactlyOne, explain, fullName, id, quote, readOrg, readRepository } from "./common.js";
import { org, repository, serverVersion, user } from "./schemas.js";
import { defineFunction, input } from "./spec.js";
import { ref } from "../engine/example.js";

/** One repository by full name or id (pinned: test/conformance/cases.ts, "repo lookup is case-insensitive"). */
export const getRepository = defineFunction({
  name: "getRepository",
  doc: "Looks up a repository known to Woodpecker by full name or id.",
  caveats: [
    "Deactivated repositories are still returned, with `active: false`.",
    "A lookup by full name is case-insensitive and follows old names after a rename or move.",
    "Needs pull permission; without it the server answers 404, as for a missing repository.",
  ],
  args: {
    fullName: input(fullName.optional(), "Full name, owner/name. Give this or id."),
    id: input(id.optional(), "Numeric id of the repository. Give this or fullName."),
  },
  validate: (args) => exactlyOne(args, "fullName", "id"),
  result: repository,
  run: (client, args) => readRepository(client, { fullName: args.fullName, repositoryId: args.id }),
  example: {
    calls: [{ variable: "repo", function: "getRepository", args: { fullName: "acme/api" } }],
    exports: { repositoryId: ref("repo", "id"), defaultBranch: ref("repo", "defaultBranch") },
  },
});

/** One organization by name or id, never the server's empty org 0 (pinned: test/conformance/cases.ts, "orgs: lookup is case-insensitive", "a missing org id reads like org 0"). */
export const getOrg = defineFunction({
  name: "getOrg",
  doc: "Looks up an organization by name or id.",
  caveats: [
    "The server answers an unknown id (for instance admins) with an empty org 0 that has no id; the function treats that as not found.",
    "Names are looked up on the token's user's forge, case-insensitively. Private orgs are found only by instance admins and by the user whose login is the org's name.",
    "Reading by id needs membership of the org (or an instance admin token): others get 403.",
  ],
  args: {
    name: input(z.string().trim().min(1, "name must not be empty").optional(), "Organization name on the forge. Give this or id."),
    id: input(id.optional(), "Numeric id of the organization. Give this or name."),
  },
  validate: (args) => exactlyOne(args, "name", "id"),
  result: org,
  run: (client, args) => readOrg(client, { orgName: args.name, orgId: args.id }),
  example: {
    calls: [{ variable: "org", function: "getOrg", args: { name: "acme" } }],
    resources: [
      {
        name: "builder",
        kind: "OrgAgent",
        inputs: { orgId: ref("org", "id"), name: "acme-builder" },
        comment: "Org-level resources take the id without managing the org.",
      },
    ],
  },
});

/** One user by login (pinned: test/conformance/cases.ts, "user PATCH finds the user by the body's forge_remote_id"). */
export const getUser = defineFunction({
  name: "getUser",
  doc: "Looks up a user by login. Needs an instance admin token.",
  args: {
    login: input(z.string().trim().min(1, "login must not be empty"), "Login name."),
    forgeId: input(id.default(1), "Forge the user logs in through (default 1, the server's main forge).", { since: "3.12.0" }),
  },
  result: user,
  run: (client, args) =>
    explain(
      client.get(expandPath("/users/{login}", { login: args.login }), { query: { forge_id: args.forgeId }, object: `user ${quote(args.login)}` }),
      "not-found",
      `no user with this login on forge ${args.forgeId}`,
    ),
  example: {
    calls: [{ variable: "jane", function: "getUser", args: { login: "jane" } }],
    exports: { janeIsAdmin: ref("jane", "admin") },
  },
});

/** The token's own user (pinned: test/conformance/cases.ts, "GET /api/user is the token's own user"). */
export const getCurrentUser = defineFunction({
  name: "getCurrentUser",
  doc: "The user the configured token belongs to.",
  args: {},
  result: user,
  run: (client) => client.get("/user", { object: "the current user" }),
  example: {
    calls: [{ variable: "me", function: "getCurrentUser" }],
    exports: { deployingAs: ref("me", "login") },
  },
});

/** The server's version, from /version at the server root (pinned: test/conformance/cases.ts, "/version and /healthz are at the root"). */
export const getServerVersion = defineFunction({
  name: "getServerVersion",
  doc: "The server's version (GET /version at the server root; needs no token).",
  args: {},
  result: serverVersion,
  run: (client) => client.root("/version"),
  example: {
    calls: [{ variable: "server", function: "getServerVersion" }],
    exports: { serverVersion: ref("server", "version") },
  },
});
