import { z } from "zod";
import { WoodpeckerError } from "../client/errors.js";
import { defineSpec, input, output, type ApiObject, type InputFields, type State } from "../engine/spec.js";
import { nonEmpty } from "../validation.js";
import { adoptInput, belongsToOrg, confirmOrg, ORG_SCOPED_CAVEATS, orgIdInput, quote } from "./common.js";
import { ref } from "../engine/example.js";
import { exampleOrg } from "./example-parts.js";

/**
 * Agents registered on the server. PATCH replaces both fields, so both are always sent
 * (pinned: test/conformance/cases.ts, "agents: the token is returned", "org agents: created with the org's id").
 */
const agentFields = {
  name: input(
    nonEmpty("name"),
    "Agent name. The server does not keep names unique; the provider does: a create refuses a name already used in its scope (global, or the org) unless `adopt: true`.",
    { api: "name" },
  ),
  noSchedule: input(z.boolean().default(false), "Stop scheduling new work on the agent.", { api: "no_schedule" }),
  ...adoptInput,
} satisfies InputFields;

const agentOutputs = {
  agentId: output(z.number().int(), "id", "Numeric id of the agent."),
  token: output(
    z.string(),
    "token",
    "Token the agent connects with (WOODPECKER_AGENT_SECRET). Returned by the server on every read; kept as a Pulumi secret.",
    { secret: true },
  ),
  platform: output(z.string(), "platform", "Reported by the agent when it connects."),
  backend: output(z.string(), "backend", "Reported by the agent when it connects."),
  capacity: output(z.number().int(), "capacity", "Parallel workflows, reported by the agent."),
  version: output(z.string(), "version", "Agent version, reported by the agent."),
  customLabels: output(z.record(z.string(), z.string()).nullable(), "custom_labels", "Labels the agent reports; read-only through the API."),
  lastContact: output(z.number().int(), "last_contact", "Unix time the agent last contacted the server."),
};

const caveats = [
  "The server generates the token; it cannot be chosen or rotated through the API. It is an output kept as a Pulumi secret.",
  "Platform, backend, capacity, version and labels are reported by the agent itself: outputs only.",
];

/** Adopting by name needs exactly one match, since names may repeat. */
function pickByName(agents: ApiObject[], s: State, inScope: (agent: ApiObject) => boolean): ApiObject | undefined {
  if (s.agentId !== undefined && s.agentId !== null) return agents.find((agent) => agent.id === s.agentId);
  const named = agents.filter((agent) => agent.name === s.name && inScope(agent));
  if (named.length > 1) {
    throw new WoodpeckerError(
      "exists",
      { method: "GET", path: "agents", object: `agent ${quote(s.name)}` },
      `${named.length} agents share this name (ids ${named.map((a) => a.id).join(", ")}); rename all but one before adopting`,
    );
  }
  return named[0];
}

export const Agent = defineSpec({
  kind: "Agent",
  doc: "A global agent that runs pipelines of every repository. Needs an instance admin token.",
  caveats,
  inputs: agentFields,
  outputs: agentOutputs,
  id: (s) => String(s.agentId),
  idFormat: "<agentId>",
  describe: (s) => `agent ${quote(s.name)}`,
  naturalKey: ["name"],
  // The list holds org agents too: otherKindOf tells them apart.
  list: { endpoint: "LIST /agents", rights: "instance admin", noun: "global agents", name: { prefix: "agent", parts: (s) => [String(s.name)] } },
  endpoints: {
    create: "POST /agents",
    read: "GET /agents/{agentId}",
    update: "PATCH /agents/{agentId}",
    delete: "DELETE /agents/{agentId}",
    find: "LIST /agents",
  },
  pickFromList: (agents, s) => pickByName(agents, s, (agent) => agent.org_id === -1),
  refuseDuplicates: true,
  fullReplacePatch: true,
  // GET /agents/{id} answers org agents too: importing one as Agent would record the wrong scope.
  quirks: { otherKindOf: (agent) => (agent.org_id === -1 ? undefined : { kind: "OrgAgent", id: `${agent.org_id}/${agent.id}` }) },
  example: {
    resources: [{ name: "shared", kind: "Agent", variable: "agent", inputs: { name: "shared-amd64" } }],
    exports: { agentToken: ref("agent", "token") },
  },
});

export const OrgAgent = defineSpec({
  kind: "OrgAgent",
  doc: "An agent that runs only the pipelines of one organization's repositories.",
  caveats: [
    ...caveats,
    "The server has no single-agent read for org agents: the provider reads the org's agent list.",
    "Deleting the organization on the server leaves its agents behind (orphaned).",
    "The server offers org agents only when WOODPECKER_DISABLE_USER_AGENT_REGISTRATION is off.",
    ...ORG_SCOPED_CAVEATS,
  ],
  inputs: { orgId: orgIdInput, ...agentFields },
  outputs: agentOutputs,
  id: (s) => `${s.orgId}/${s.agentId}`,
  idFormat: "<orgId>/<agentId>",
  describe: (s) => `agent ${quote(s.name)} of organization ${s.orgId}`,
  naturalKey: ["orgId", "name"],
  list: {
    endpoint: "LIST /orgs/{orgId}/agents",
    scope: "orgId",
    rights: "org admin",
    noun: "org agents",
    name: { prefix: "org-agent", parts: (s, parent) => [parent("orgId"), String(s.name)] },
  },
  endpoints: {
    create: "POST /orgs/{orgId}/agents",
    read: "LIST /orgs/{orgId}/agents",
    update: "PATCH /orgs/{orgId}/agents/{agentId}",
    delete: "DELETE /orgs/{orgId}/agents/{agentId}",
    find: "LIST /orgs/{orgId}/agents",
  },
  pickFromList: (agents, s) => pickByName(agents, s, () => true),
  guardWrite: confirmOrg,
  isGone: belongsToOrg,
  refuseDuplicates: true,
  fullReplacePatch: true,
  example: {
    resources: [...exampleOrg, { name: "builder", kind: "OrgAgent", variable: "agent", inputs: { orgId: ref("org", "orgId"), name: "acme-builder" } }],
    // Give this to the agent as WOODPECKER_AGENT_SECRET; it stays a Pulumi secret.
    exports: { agentToken: ref("agent", "token") },
  },
});
