import { z } from "zod";
import { defineSpec, input, output, type InputFields } from "../engine/spec.js";
import { events, images, nonEmpty } from "../validation.js";
import { adoptInput, belongsToOrg, confirmOrg, ORG_SCOPED_CAVEATS, orgIdInput, quote, repositoryIdInput } from "./common.js";
import { configSecret, ref } from "../engine/example.js";
import { exampleOrg, exampleRepository } from "./example-parts.js";

/**
 * Secrets at the three levels share their fields and rules
 * (pinned: test/conformance/cases.ts, "secret values are never returned", "secret events come back sorted", "validation status codes differ by level").
 */
const secretFields = {
  name: input(nonEmpty("name"), "Secret name as pipelines refer to it. Immutable on the server: a change replaces the secret.", { api: "name", replace: true }),
  value: input(
    z.string().min(1, "value must not be empty"),
    "The secret value. Write-only: the server never returns it, so changes made outside Pulumi cannot be seen.",
    { api: "value", secret: true, writeOnly: true },
  ),
  events: input(
    events,
    "Webhook events whose pipelines may use the secret (at least one): push, pull_request, pull_request_closed, pull_request_metadata, tag, release, deployment, cron, manual.",
    { api: "events" },
  ),
  images: input(
    images.default([]),
    "Only steps running these images may use the secret (empty: every image). Tags with dots such as alpine:3.20 are refused by the server.",
    { api: "images" },
  ),
  note: input(z.string().default(""), "Free-text note shown in the UI.", { api: "note", since: "3.13.0" }),
  ...adoptInput,
} satisfies InputFields;

const secretOutputs = { secretId: output(z.number().int(), "id", "Numeric id the server gave the secret.") };
const caveats = [
  "The value is write-only: the API never returns it. Pulumi keeps the declared value (encrypted) in state and sends it when it changes in the program; a value changed in the UI is not detected.",
  "A secret name may exist at repository, org and global level at once; pipelines use the repository one first, then the org one.",
  "Images are matched by the server's reference pattern, which refuses tags containing dots.",
];

export const RepositorySecret = defineSpec({
  kind: "RepositorySecret",
  doc: "A secret available to the pipelines of one repository.",
  caveats: [...caveats, "Needs push permission on the repository; without it the server answers 404, as if the repository did not exist."],
  inputs: { repositoryId: repositoryIdInput, ...secretFields },
  outputs: secretOutputs,
  id: (s) => `${s.repositoryId}/${s.name}`,
  idFormat: "<repositoryId>/<name>",
  describe: (s) => `repository secret ${quote(s.name)} of repository ${s.repositoryId}`,
  naturalKey: ["repositoryId", "name"],
  endpoints: {
    create: "POST /repos/{repositoryId}/secrets",
    read: "GET /repos/{repositoryId}/secrets/{name}",
    update: "PATCH /repos/{repositoryId}/secrets/{name}",
    delete: "DELETE /repos/{repositoryId}/secrets/{name}",
    find: "GET /repos/{repositoryId}/secrets/{name}",
  },
  list: {
    endpoint: "LIST /repos/{repositoryId}/secrets",
    scope: "repositoryId",
    rights: "repository push",
    noun: "repository secrets",
    name: { prefix: "secret", parts: (s, parent) => [parent("repositoryId"), String(s.name)] },
    set: { key: "name", plural: "secrets" },
  },
  example: {
    resources: [
      exampleRepository,
      {
        name: "deploy-token",
        kind: "RepositorySecret",
        inputs: {
          repositoryId: ref("repo", "repositoryId"),
          name: "deploy_token",
          value: configSecret("deployToken"),
          events: ["push", "tag"],
          images: ["woodpeckerci/plugin-git", "alpine:3"],
          note: "Used by the deploy step",
        },
      },
    ],
  },
});

export const OrgSecret = defineSpec({
  kind: "OrgSecret",
  doc: "A secret available to the pipelines of every repository of an organization.",
  caveats: [...caveats, "Needs org admin rights on the forge, or an instance admin token.", ...ORG_SCOPED_CAVEATS],
  inputs: { orgId: orgIdInput, ...secretFields },
  outputs: secretOutputs,
  id: (s) => `${s.orgId}/${s.name}`,
  idFormat: "<orgId>/<name>",
  describe: (s) => `org secret ${quote(s.name)} of organization ${s.orgId}`,
  naturalKey: ["orgId", "name"],
  endpoints: {
    create: "POST /orgs/{orgId}/secrets",
    read: "GET /orgs/{orgId}/secrets/{name}",
    update: "PATCH /orgs/{orgId}/secrets/{name}",
    delete: "DELETE /orgs/{orgId}/secrets/{name}",
    find: "GET /orgs/{orgId}/secrets/{name}",
  },
  list: {
    endpoint: "LIST /orgs/{orgId}/secrets",
    scope: "orgId",
    rights: "org admin",
    noun: "org secrets",
    name: { prefix: "org-secret", parts: (s, parent) => [parent("orgId"), String(s.name)] },
    set: { key: "name", plural: "secrets" },
  },
  guardWrite: confirmOrg,
  isGone: belongsToOrg,
  example: {
    resources: [
      ...exampleOrg,
      {
        name: "sonar-token",
        kind: "OrgSecret",
        inputs: { orgId: ref("org", "orgId"), name: "sonar_token", value: configSecret("sonarToken"), events: ["push", "pull_request"] },
      },
    ],
  },
});

export const GlobalSecret = defineSpec({
  kind: "GlobalSecret",
  doc: "A secret available to the pipelines of every repository on the server. Needs an instance admin token.",
  caveats: [...caveats, "Writing needs an instance admin token; any logged-in user can list global secrets (without values)."],
  inputs: secretFields,
  outputs: secretOutputs,
  id: (s) => String(s.name),
  idFormat: "<name>",
  describe: (s) => `global secret ${quote(s.name)}`,
  naturalKey: ["name"],
  endpoints: {
    create: "POST /secrets",
    read: "GET /secrets/{name}",
    update: "PATCH /secrets/{name}",
    delete: "DELETE /secrets/{name}",
    find: "GET /secrets/{name}",
  },
  list: {
    endpoint: "LIST /secrets",
    rights: "instance admin",
    listedBy: "any user",
    noun: "global secrets",
    name: { prefix: "global-secret", parts: (s) => [String(s.name)] },
    set: { key: "name", plural: "secrets" },
  },
  isGone: (object) => (object.org_id ?? 0) !== 0 || (object.repo_id ?? 0) !== 0,
  example: {
    resources: [
      {
        name: "npm-token",
        kind: "GlobalSecret",
        inputs: { name: "npm_token", value: configSecret("npmToken"), events: ["tag", "release"], images: ["node:22"] },
      },
    ],
  },
});
