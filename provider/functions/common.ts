import { z } from "zod";
import type { WoodpeckerClient } from "../client/client.js";
import { WoodpeckerError, type ErrorReason } from "../client/errors.js";
import { expandPath } from "../client/paths.js";
import type { ApiObject } from "../engine/spec.js";
import { input } from "./spec.js";

export const id = z.number().int().positive();
export const fullName = z.string().regex(/^[^/\s]+(\/[^/\s]+)+$/, "expected owner/name");
export const quote = (value: unknown) => JSON.stringify(value ?? "");

/** Either argument picks the repository. */
export const repositoryArgs = {
  repositoryId: input(id.optional(), "Numeric id of the repository (the `repositoryId` output of a Repository). Give this or fullName."),
  fullName: input(
    fullName.optional(),
    "Full name of the repository, owner/name (case-insensitive; old names after a rename are followed). Give this or repositoryId.",
  ),
};

export const orgArgs = {
  orgId: input(id.optional(), "Numeric id of the organization (the `orgId` output of an Org). Give this or orgName."),
  orgName: input(
    z.string().trim().min(1, "orgName must not be empty").optional(),
    "Name of the organization on the forge (case-insensitive). Give this or orgId.",
  ),
};

/** Cross-field rule: exactly one of two arguments. */
export function exactlyOne(args: Record<string, unknown>, a: string, b: string): { property: string; reason: string }[] {
  const given = [a, b].filter((key) => args[key] !== undefined);
  if (given.length === 1) return [];
  return [{ property: a, reason: given.length ? `give ${a} or ${b}, not both` : `${a} or ${b} is required` }];
}

/** Re-raises a client error of the given reason with a more precise cause (and optionally another object name). */
export async function explain<T>(request: Promise<T>, reason: ErrorReason, hint: string, object?: string): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (!(error instanceof WoodpeckerError) || error.reason !== reason) throw error;
    throw new WoodpeckerError(reason, { method: error.method, path: error.path, status: error.status, body: error.body, object: object ?? error.object }, hint);
  }
}

/**
 * The server answers 404 both for a missing repository and for one the token's user lacks the
 * permission for (pinned: test/conformance/cases.ts, "a token whose user cannot see a repository"): `subject` is "it" for the repository itself, "the repository" for its lists.
 */
export function repoHint(subject: "it" | "the repository", needs: "pull" | "push"): string {
  const lacks =
    needs === "pull" ? "may not read it (a private repository without pull permission" : "lacks push permission on it (secrets, registries and crons need push";
  return `${subject} does not exist, or the token's user ${lacks}; the server answers 404 for both)`;
}

export interface RepositoryRef {
  id: number;
  /** For messages: `repository "acme/api"` or `repository 7`. */
  label: string;
}

export function repositoryLabel(args: { repositoryId?: number; fullName?: string }): string {
  return args.fullName !== undefined ? `repository ${quote(args.fullName)}` : `repository ${args.repositoryId}`;
}

/** The repository's API object, by id or by full name (one GET either way). */
export async function readRepository(client: WoodpeckerClient, args: { repositoryId?: number; fullName?: string }): Promise<ApiObject & { id: number }> {
  const label = repositoryLabel(args);
  const path = args.fullName !== undefined ? expandPath("/repos/lookup/{+fullName}", { fullName: args.fullName }) : `/repos/${args.repositoryId}`;
  return explain(client.get<ApiObject & { id: number }>(path, { object: label }), "not-found", repoHint("it", "pull"));
}

/** The repository id: as given, or looked up from the full name (no request when the id is given). */
export async function repositoryRef(client: WoodpeckerClient, args: { repositoryId?: number; fullName?: string }): Promise<RepositoryRef> {
  const label = repositoryLabel(args);
  if (args.repositoryId !== undefined) return { id: args.repositoryId, label };
  const repo = await readRepository(client, args);
  return { id: repo.id, label };
}

/**
 * The organization's API object, confirmed to exist. The server answers an unknown org id as an
 * empty org 0 with no id, and lists "its" secrets as every repository and global secret
 * (pinned: test/conformance/cases.ts, "a missing org id reads like org 0"): so an answer without the asked id is not found, and org lists confirm the org first.
 */
export async function readOrg(client: WoodpeckerClient, args: { orgId?: number; orgName?: string }): Promise<ApiObject & { id: number }> {
  const byName = args.orgName !== undefined;
  const label = byName ? `organization ${quote(args.orgName)}` : `organization ${args.orgId}`;
  const path = byName ? expandPath("/orgs/lookup/{name}", { name: args.orgName }) : `/orgs/${args.orgId}`;
  const missing = byName
    ? "no such organization on the token's user's forge (private orgs are found only by instance admins and their own user). Orgs appear when a member logs in or one of their repositories is activated"
    : "no organization has this id (the server answers a missing id with an empty org 0, which is treated as not found)";
  const org = await explain(client.get<ApiObject & { id?: number; name?: string }>(path, { object: label }), "not-found", missing);
  const matches = byName ? Boolean(org?.id) : org?.id === args.orgId;
  if (!matches) throw new WoodpeckerError("not-found", { method: "GET", path: `/api${path}`, object: label }, missing);
  return org as ApiObject & { id: number };
}
