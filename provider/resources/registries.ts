import { z } from "zod";
import { defineSpec, input, output, type InputFields } from "../engine/spec.js";
import { nonEmpty, registryAddress } from "../validation.js";
import { adoptInput, belongsToOrg, confirmOrg, ORG_SCOPED_CAVEATS, orgIdInput, quote, repositoryIdInput } from "./common.js";
import { configSecret, ref } from "../engine/example.js";
import { exampleOrg, exampleRepository } from "./example-parts.js";

/**
 * Container registry credentials at three levels
 * (pinned: test/conformance/cases.ts, "repo registry POST and PATCH echo the request", "validation status codes differ by level").
 */
const credentials = {
  username: input(nonEmpty("username"), "User name for the registry.", { api: "username" }),
  password: input(z.string().min(1, "password must not be empty"), "Password or token for the registry. Write-only: the server never returns it.", {
    api: "password",
    secret: true,
    writeOnly: true,
  }),
  ...adoptInput,
} satisfies InputFields;

const address = (replace: boolean) =>
  input(
    registryAddress,
    `Registry host as images name it, e.g. docker.io, ghcr.io or localhost:5000.${replace ? " Immutable on the server: a change replaces the registry." : " Can be changed in place."}`,
    { api: "address", replace },
  );

const registryOutputs = { registryId: output(z.number().int(), "id", "Numeric id the server gave the registry.") };
const caveats = [
  "The password is write-only: Pulumi keeps the declared value (encrypted) in state and sends it when it changes in the program; a password changed in the UI is not detected.",
];

export const RepositoryRegistry = defineSpec({
  kind: "RepositoryRegistry",
  doc: "Credentials one repository's pipelines use to pull images from a container registry.",
  caveats: [
    ...caveats,
    "The server answers create and update with the request it received rather than the stored registry, so the provider reads the registry back after each write (one extra request).",
    "The address cannot be changed on the server: a change replaces the registry.",
  ],
  inputs: { repositoryId: repositoryIdInput, address: address(true), ...credentials },
  outputs: registryOutputs,
  id: (s) => `${s.repositoryId}/${s.address}`,
  idFormat: "<repositoryId>/<address>",
  describe: (s) => `registry ${quote(s.address)} of repository ${s.repositoryId}`,
  naturalKey: ["repositoryId", "address"],
  endpoints: {
    create: "POST /repos/{repositoryId}/registries",
    read: "GET /repos/{repositoryId}/registries/{address}",
    update: "PATCH /repos/{repositoryId}/registries/{address}",
    delete: "DELETE /repos/{repositoryId}/registries/{address}",
    find: "GET /repos/{repositoryId}/registries/{address}",
  },
  list: {
    endpoint: "LIST /repos/{repositoryId}/registries",
    scope: "repositoryId",
    rights: "repository push",
    noun: "repository registries",
    name: { prefix: "registry", parts: (s, parent) => [parent("repositoryId"), String(s.address)] },
    set: { key: "address", plural: "registries" },
  },
  // Create and update answer with the request body (in.Copy()), not the stored registry: no id.
  quirks: { rereadAfterWrite: true },
  example: {
    resources: [
      exampleRepository,
      {
        name: "ghcr",
        kind: "RepositoryRegistry",
        inputs: { repositoryId: ref("repo", "repositoryId"), address: "ghcr.io", username: "acme-bot", password: configSecret("ghcrToken") },
      },
    ],
  },
});

export const OrgRegistry = defineSpec({
  kind: "OrgRegistry",
  doc: "Credentials the pipelines of every repository of an organization use to pull images.",
  caveats: [...caveats, "Deleting the organization on the server leaves its registries behind (orphaned).", ...ORG_SCOPED_CAVEATS],
  inputs: { orgId: orgIdInput, address: address(false), ...credentials },
  outputs: registryOutputs,
  id: (s) => `${s.orgId}/${s.registryId}`,
  idFormat: "<orgId>/<registryId>",
  describe: (s) => `org registry ${quote(s.address)} of organization ${s.orgId}`,
  naturalKey: ["orgId", "address"],
  endpoints: {
    create: "POST /orgs/{orgId}/registries",
    read: "GET /orgs/{orgId}/registries/{address}",
    update: "PATCH /orgs/{orgId}/registries/{address}",
    delete: "DELETE /orgs/{orgId}/registries/{address}",
    find: "GET /orgs/{orgId}/registries/{address}",
  },
  list: {
    endpoint: "LIST /orgs/{orgId}/registries",
    scope: "orgId",
    rights: "org admin",
    noun: "org registries",
    name: { prefix: "org-registry", parts: (s, parent) => [parent("orgId"), String(s.address)] },
    set: { key: "address", plural: "registries" },
  },
  // The ID holds the registry's numeric id; the read is by address.
  importLookup: "LIST /orgs/{orgId}/registries",
  guardWrite: confirmOrg,
  isGone: belongsToOrg,
  example: {
    resources: [
      ...exampleOrg,
      {
        name: "docker-hub",
        kind: "OrgRegistry",
        inputs: { orgId: ref("org", "orgId"), address: "docker.io", username: "acme", password: configSecret("dockerHubToken") },
      },
    ],
  },
});

export const GlobalRegistry = defineSpec({
  kind: "GlobalRegistry",
  doc: "Credentials every pipeline on the server uses to pull images. Needs an instance admin token.",
  caveats: [...caveats, "Entries from the server's WOODPECKER_DOCKER_CONFIG file are read-only and cannot be adopted."],
  inputs: { address: address(false), ...credentials },
  outputs: registryOutputs,
  id: (s) => String(s.registryId),
  idFormat: "<registryId>",
  describe: (s) => `global registry ${quote(s.address)}`,
  naturalKey: ["address"],
  endpoints: {
    create: "POST /registries",
    read: "GET /registries/{address}",
    update: "PATCH /registries/{address}",
    delete: "DELETE /registries/{address}",
    find: "GET /registries/{address}",
  },
  list: {
    endpoint: "LIST /registries",
    rights: "instance admin",
    listedBy: "any user",
    noun: "global registries",
    name: { prefix: "global-registry", parts: (s) => [String(s.address)] },
    set: { key: "address", plural: "registries" },
  },
  importLookup: "LIST /registries",
  isGone: (object) => object.readonly === true || (object.org_id ?? 0) !== 0 || (object.repo_id ?? 0) !== 0,
  example: {
    resources: [
      {
        name: "mirror",
        kind: "GlobalRegistry",
        inputs: { address: "registry.example.com:5000", username: "ci", password: configSecret("mirrorPassword") },
      },
    ],
  },
});
