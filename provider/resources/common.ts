import { z } from "zod";
import { input, type Context, type State } from "../engine/spec.js";
import { WoodpeckerError } from "../client/errors.js";

/** Inputs shared by every resource. */
export const adoptInput = {
  adopt: input(
    z.boolean().optional(),
    "Take over an object that already exists on the server (found by its natural key) instead of failing, and bring it to the declared state. Dynamic providers cannot be `pulumi import`ed; this is the way in. Read only when creating: adding or removing it later changes nothing.",
    { createOnly: true },
  ),
};

export const id = z.number().int().positive();
export const repositoryIdInput = input(id, "Numeric id of the repository (the `repositoryId` output of a Repository).", { replace: true });
export const orgIdInput = input(id, "Numeric id of the organization (the `orgId` output of an Org).", { replace: true });

export const quote = (value: unknown) => JSON.stringify(value ?? "");

/**
 * The server answers a nonexistent org id as if it were the empty org 0: on v3.17.0 a create,
 * PATCH or DELETE under `/orgs/<missing>/secrets|registries` lands on the GLOBAL object of that name
 * (pinned: test/conformance/cases.ts, "a missing org id reads like org 0", "v3.17.0: under a missing org id"). So every org-scoped write confirms the org first; the engine
 * runs this before create, update and delete (a not-found makes the delete a no-op).
 */
export async function confirmOrg(ctx: Context, state: State): Promise<void> {
  let org: { id?: number } | undefined;
  try {
    // Errors name the object being written, not only the org, so a failed check says what it was for.
    org = await ctx.client.get<{ id?: number }>(`/orgs/${Number(state.orgId)}`, { object: ctx.spec.describe(state) });
  } catch (error) {
    if (!(error instanceof WoodpeckerError) || error.reason !== "not-found") throw error;
  }
  if (!org?.id || org.id !== state.orgId) {
    throw new WoodpeckerError(
      "not-found",
      { method: "GET", path: `/api/orgs/${state.orgId}`, object: ctx.spec.describe(state) },
      `organization ${state.orgId} does not exist on the server (deleted outside Pulumi, or a wrong id), and the server would apply this write to the global level instead, so nothing was sent. Take orgId from an Org resource's output; if the org was deleted, run \`pulumi refresh\` to drop its resources from the state`,
    );
  }
}

/** What org-scoped resources share because of how the server treats org ids (see confirmOrg). */
export const ORG_SCOPED_CAVEATS = [
  "Create, update and delete first confirm that the org exists (one extra request each): for an org id it does not know, the server would create, change or delete the global object of the same name instead. Once the org is gone, refresh drops the resource, destroy removes it from the state without touching the server, and an update fails saying the org no longer exists.",
  "For an org id it does not know, the server answers 403 to tokens that are not instance admins; so once the org is deleted outside Pulumi, a refresh with such a token fails with 403 instead of dropping the resource. Refresh with an admin token, or remove it with `pulumi state delete`.",
];

export const belongsToOrg = (object: Record<string, unknown>, state: State) => object.org_id !== state.orgId;
