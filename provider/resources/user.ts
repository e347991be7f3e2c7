import { z } from "zod";
import { WoodpeckerError } from "../client/errors.js";
import { defineSpec, input, output, type ApiObject, type Context, type State } from "../engine/spec.js";
import { adoptInput, quote } from "./common.js";

/** A Woodpecker user (pinned: test/conformance/cases.ts, "user PATCH finds the user by the body's forge_remote_id"). Needs an instance admin token. */
export const User = defineSpec({
  kind: "User",
  doc: "A user account on the server, typically created ahead of the person's first login. Needs an instance admin token.",
  caveats: [
    "The server ignores `admin` on create; the provider follows the create with an update when admin is true.",
    "The server's update replaces login, email, avatar and admin together and finds the user by forge id and forge remote id, so the provider always sends the whole user, and reads the user first: the forge remote id changes at the first login, and a stale one could update another user.",
    "Destroy leaves the user on the server unless deleteOnDestroy is true: deleting a user also deletes the secrets and repositories of their personal org.",
    'Users created through the API have forge remote id "0" until they first log in, so the server refuses a second such user on the same forge (HTTP 500) until the first has logged in.',
  ],
  inputs: {
    login: input(
      z
        .string()
        .min(1, { message: "login must not be empty", abort: true })
        .max(250, "login must be at most 250 characters")
        .regex(/^[a-zA-Z0-9._-]+$/, "login may contain only letters, digits, '.', '_' and '-'"),
      "Login name as on the forge.",
      // Before v3.12.0 PatchUser finds the user by the path's login and never changes it (server/api/users.go at v3.11.0).
      { api: "login", changeableSince: "3.12.0" },
    ),
    email: input(z.string().default(""), "E-mail address.", { api: "email" }),
    avatarUrl: input(z.string().default(""), "Avatar image URL.", { api: "avatar_url" }),
    admin: input(z.boolean().default(false), "Instance admin.", { api: "admin", setByUpdate: true, absentAs: false }),
    forgeId: input(z.number().int().positive().default(1), "Forge the user logs in through.", { api: "forge_id", replace: true, since: "3.12.0" }),
    deleteOnDestroy: input(z.boolean().default(false), "Delete the user (and their personal org's secrets and repositories) when the resource is destroyed."),
    ...adoptInput,
  },
  outputs: {
    userId: output(z.number().int(), "id", "Numeric id of the user."),
    forgeRemoteId: output(z.string(), "forge_remote_id", 'The forge\'s id of the user; "0" until the first login.'),
    orgId: output(z.number().int(), "org_id", "Id of the user's personal org."),
  },
  id: (s) => String(s.userId),
  idFormat: "<userId>",
  describe: (s) => `user ${quote(s.login)}`,
  naturalKey: ["forgeId", "login"],
  list: {
    endpoint: "LIST /users",
    rights: "instance admin",
    noun: "users",
    name: { prefix: "user", parts: (s) => [String(s.login), ...(s.forgeId === 1 ? [] : [`forge${s.forgeId}`])] },
  },
  endpoints: {
    create: "POST /users",
    read: "GET /users/{login}?forge_id={forgeId}",
    update: "PATCH /users/{login}",
    delete: "DELETE /users/{login}?forge_id={forgeId}",
    find: "GET /users/{login}?forge_id={forgeId}",
  },
  // The ID is the numeric user id; the read is by login and forge.
  importLookup: "LIST /users",
  fullReplacePatch: true,
  // A PATCH that matches no (forge id, forge remote id) answers 200 with an id-0 user; one that
  // matches another user answers with that user's id.
  isGone: (user, s) => !user.id || (s.userId !== undefined && s.userId !== null && user.id !== s.userId),
  keepOnDestroyUnless: "deleteOnDestroy",
  quirks: {
    // The server finds the user to update by these, not by the login in the path; the remote id
    // changes from "0" at the user's first login, and a stale "0" would update another user.
    readBeforeUpdate: true,
    patchExtras: (s) => ({ forge_id: s.forgeId, forge_remote_id: s.forgeRemoteId }),
    explainCreateFailure: explainDuplicate,
  },
  example: {
    resources: [{ name: "jane", kind: "User", inputs: { login: "jane", email: "jane@example.com", admin: false } }],
  },
});

/**
 * The server also answers "duplicate" when the login is free but another API-created user on the
 * forge has not logged in yet (both would have forge remote id "0"), where the engine's adopt hint
 * would mislead (pinned: test/conformance/cases.ts, "users created through the API have forge_remote_id"). A real duplicate is left to the engine.
 */
async function explainDuplicate(ctx: Context, inputs: State, error: WoodpeckerError): Promise<WoodpeckerError | undefined> {
  if (error.reason !== "exists") return undefined;
  const object = ctx.spec.describe(inputs);
  const query = { forge_id: String(inputs.forgeId) };
  const existing = await ctx.client.get(`/users/${encodeURIComponent(String(inputs.login))}`, { object, query }).catch((lookup) => {
    if (lookup instanceof WoodpeckerError && lookup.reason === "not-found") return undefined;
    throw lookup;
  });
  if (existing) return undefined;
  const users = await ctx.client.list<ApiObject>("/users", { object }).catch(() => [] as ApiObject[]);
  const waiting = users.filter((user) => (user.forge_id ?? 1) === inputs.forgeId && user.forge_remote_id === "0").map((user) => quote(user.login));
  return new WoodpeckerError(
    "server",
    { method: error.method, path: error.path, status: error.status, body: error.body, object },
    `the server allows only one user per forge that has not logged in yet: users created through the API get forge remote id "0" until their first login, and that id must be unique per forge. ${waiting.length ? `${waiting.join(", ")} must log in first` : "The user created before must log in first"}, then run \`pulumi up\` again`,
  );
}
