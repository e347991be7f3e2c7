// Repo lists proxied to the forge (pinned: test/conformance/cases.ts, "branches and pull requests come from the forge"): the server asks the forge as
// the repo's owner and passes page/perPage on (server/api/repo.go GetRepoBranches, GetRepoPullRequests).
import type { App } from "../state.js";
import { mustPull } from "../auth.js";
import { Ctx, empty, json, paginate, text } from "../http.js";
import type { ForgeRepo } from "../forge.js";
import { setRepo } from "./repos.js";

export function registerForgeLists(app: App): void {
  const guards = [setRepo(app), mustPull];
  const ownerExists = (ctx: Ctx) => app.store.users.has(ctx.repo!.user_id);
  const forgeRepo = (ctx: Ctx): ForgeRepo | undefined => app.store.catalogue.repos.get(ctx.repo!.forge_remote_id);

  // Branch names in the forge's order; an empty page is `[]` (Go's make([]string, n)).
  app.on("GET", "/api/repos/:repo_id/branches", ...guards, (ctx) => {
    if (!ownerExists(ctx)) return empty(404); // GetUser(repo.UserID) → handleDBError
    const fr = forgeRepo(ctx);
    if (!fr) return text(500, "failed to load branches: 404 Not Found"); // the Gitea SDK's text for a 404
    return json(paginate(ctx, fr.branches));
  });

  // The catalogue models no pull requests: the forge answers an empty list of open ones.
  app.on("GET", "/api/repos/:repo_id/pull_requests", ...guards, (ctx) => {
    if (!ownerExists(ctx)) return empty(404);
    if (!forgeRepo(ctx)) return empty(500); // c.AbortWithError: status only
    return json([]);
  });
}
