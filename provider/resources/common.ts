import { z } from "zod";
import { input, type Context, type State } from "../engine/spec.js";
import { WoodpeckerError } from "../client/errors.js";

/** Inputs shared by every resource. */
export const adoptInput = {
  adopt: input(
    z.boolean().optional(),
    "Take over an object that already exists on the server (found by its natural key) instead of failing, and bring it to the declared state. Dynamic providers cannot be `pulumi import`ed; this is the way in.",
  ),
};

export const id = z.number().int().positive();
export const repositoryIdInput = input(id, "Numeric id of the repository (the `repositoryId` output of a Repository).", { replace: true });
export const orgIdInput = input(id, "Numeric id of the organization (the `orgId` output of an Org).", { replace: true });

export const quote = (value: unknown) => JSON.stringify(value ?? "");

/**
 * The server answers a nonexistent org id as if it were an org with id 0 (API-BEHAVIOR.md §7.2):
 * a write to `/orgs/<missing>/secrets` lands at global level. So org-scoped creates confirm the
 * org first, and org-scoped reads reject objects of another org.
 */
export async function confirmOrg(ctx: Context, inputs: State): Promise<void> {
  const what = `organization ${inputs.orgId}`;
  let org: { id?: number } | undefined;
  try {
    // Errors name the object being created, not only the org, so a failed check says what it was for.
    org = await ctx.client.get<{ id?: number }>(`/orgs/${Number(inputs.orgId)}`, { object: ctx.spec.describe(inputs) });
  } catch (error) {
    if (!(error instanceof WoodpeckerError) || error.reason !== "not-found") throw error;
  }
  if (!org?.id || org.id !== inputs.orgId) {
    throw new WoodpeckerError("not-found", { method: "GET", path: `/api/orgs/${inputs.orgId}`, object: `${ctx.spec.describe(inputs)}` },
      `${what} does not exist on the server; use the orgId output of an Org resource (the server would otherwise write this at global level)`);
  }
}

/** What org-scoped resources share because of how the server treats org ids (§7.2). */
export const ORG_SCOPED_CAVEATS = [
  "Create first confirms that the org exists (one extra request): for an org id it does not know, the server would write the object at global level.",
  "For an org id it does not know, the server answers 403 to tokens that are not instance admins; so once the org is deleted outside Pulumi, a refresh with such a token fails with 403 instead of dropping the resource. Refresh with an admin token, or remove it with `pulumi state delete`.",
];

export const belongsToOrg = (object: Record<string, unknown>, state: State) => object.org_id !== state.orgId;
