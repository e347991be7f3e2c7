import { z } from "zod";
import { WoodpeckerError } from "../client/errors.js";
import { defineSpec, input, output, type ApiObject, type Context, type State } from "../engine/spec.js";
import { nonEmpty } from "../validation.js";
import { quote } from "./common.js";
import { ref } from "../engine/example.js";
import { exampleOrg } from "./example-parts.js";

type ApiOrg = ApiObject & { id?: number; name: string; is_user: boolean; forge_id?: number };

/**
 * An organization that must already exist: the API cannot create orgs; they appear when a user
 * logs in or a repository of theirs is activated (pinned: test/conformance/cases.ts, "orgs have no create route").
 */
export const Org = defineSpec({
  kind: "Org",
  doc: "Declares an existing Woodpecker organization, looked up by name, so that its id can scope org secrets, registries and agents.",
  caveats: [
    "The API cannot create organizations: they appear when a user logs in or one of the org's repositories is activated. Creating this resource only looks the org up.",
    "Destroy leaves the org on the server unless deleteOnDestroy is true. Deleting an org also deletes its secrets and repositories, and leaves its registries and agents orphaned on the server.",
    "The server treats an unknown org id as an empty org with id 0 (a delete would then wipe every repository and global secret), so the provider confirms the id and name before it deletes.",
  ],
  inputs: {
    name: input(nonEmpty("name"), "Organization name on the forge (case-insensitive).", { replace: true, importFrom: "name" }),
    deleteOnDestroy: input(z.boolean().default(false), "Delete the org, its secrets and its repositories on the server when the resource is destroyed."),
  },
  outputs: {
    orgId: output(z.number().int(), "id", "Numeric id of the org; OrgSecret, OrgRegistry and OrgAgent take it as orgId."),
    isUser: output(z.boolean(), "is_user", "Whether this is a user's personal org."),
    forgeId: output(z.number().int(), "forge_id", "Forge the org lives on."),
  },
  id: (s) => String(s.orgId),
  idFormat: "<orgId>",
  describe: (s) => `organization ${quote(s.name)}`,
  naturalKey: ["name"],
  // GET /orgs (admins only) leaves out users' personal orgs; others see the orgs of their repositories.
  list: {
    endpoint: "LIST /orgs",
    rights: "org admin",
    listedBy: "instance admin",
    noun: "organizations",
    name: { prefix: "org", parts: (s) => [String(s.name)] },
    referencedAs: "orgId",
    label: (org) => `organization ${quote(org.name)}`,
    selectBy: { option: "org", key: "name" },
    within: { input: "repositoryId", key: "org_id" },
    personal: { key: "org_id", users: "LIST /users", label: (login) => `the personal organization of ${quote(login)}` },
  },
  endpoints: { read: "GET /orgs/{orgId}", find: "GET /orgs/lookup/{name}" },
  // The read confirms the name, which an import ID does not carry.
  importLookup: "GET /orgs/{orgId}",
  // A missing id comes back as the empty org 0 (no id) for admins.
  isGone: (org, s) => !org.id || (s.orgId !== undefined && org.id !== s.orgId),
  keepOnDestroyUnless: "deleteOnDestroy",
  // The API cannot create orgs (create looks one up), a missing id answers 403 to non-admins (read
  // tells gone from forbidden), and DELETE of a missing id acts on org 0 (delete confirms first).
  quirks: { create: lookUpOrg, read: currentOrg, delete: deleteConfirmedOrg },
  example: {
    resources: exampleOrg,
    exports: { orgId: ref("org", "orgId") },
  },
});

async function lookUpOrg(ctx: Context, inputs: State): Promise<ApiOrg> {
  const object = ctx.spec.describe(inputs);
  try {
    const org = await ctx.client.get<ApiOrg>(`/orgs/lookup/${encodeURIComponent(String(inputs.name))}`, { object });
    if (org?.id) return org;
  } catch (error) {
    if (!(error instanceof WoodpeckerError) || error.reason !== "not-found") throw error;
  }
  throw new WoodpeckerError(
    "not-found",
    { method: "GET", path: `/api/orgs/lookup/${inputs.name}`, object },
    "no such organization on the server. The API cannot create orgs: they appear when a member logs in to Woodpecker or when one of the org's repositories is activated (declare a Repository of it and make this Org depend on it)",
  );
}

/**
 * The org as the server has it now, or undefined when it is gone. A missing id answers 200 with
 * the empty org 0 to admins but 403 to everyone else (pinned: test/conformance/cases.ts, "a missing org id reads like org 0"),
 * so a 403 is checked against the lookup by name: gone there (or another id under the name) means gone.
 */
async function currentOrg(ctx: Context, state: State): Promise<ApiOrg | undefined> {
  const object = ctx.spec.describe(state);
  const absent = (error: unknown) => {
    if (error instanceof WoodpeckerError && error.reason === "not-found") return undefined;
    throw error;
  };
  let org: ApiOrg | undefined;
  try {
    // A 404 here goes to the engine, which asks the org's scope before it counts the org as gone.
    org = await ctx.client.get<ApiOrg>(`/orgs/${Number(state.orgId)}`, { object });
  } catch (error) {
    if (!(error instanceof WoodpeckerError) || error.reason !== "forbidden") throw error;
    const named = await ctx.client.get<ApiOrg>(`/orgs/lookup/${encodeURIComponent(String(state.name))}`, { object }).catch(absent);
    if (named?.id === state.orgId) throw error; // it exists: the token's user may not read it
    return undefined;
  }
  const confirmed = org?.id === state.orgId && String(org?.name).toLowerCase() === String(state.name).toLowerCase();
  return confirmed ? org : undefined;
}

/** Never DELETE an id the server does not know: it would first delete every secret of "org 0". */
async function deleteConfirmedOrg(ctx: Context, state: State): Promise<void> {
  if (await currentOrg(ctx, state)) await ctx.client.delete(`/orgs/${Number(state.orgId)}`, { object: ctx.spec.describe(state) });
}
