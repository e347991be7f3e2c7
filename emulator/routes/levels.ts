// Secrets and registries exist at repo, org and global level with one implementation each; a
// Level says how to find the scope and which guards protect it (server/api/*secret.go, *registry.go).
import type { App } from "../state.js";
import { mustAdmin, mustOrgMember, mustPull, mustPush, mustUser } from "../auth.js";
import { Ctx, Step } from "../http.js";
import { goQuoteRune } from "../validate.js";
import { setRepo } from "./repos.js";
import { setOrg } from "./orgs.js";

export type LevelKind = "repo" | "org" | "global";

export interface Level {
  kind: LevelKind;
  /** route prefix, e.g. "/api/repos/:repo_id" or "" for global */
  prefix: string;
  read: Step[];
  write: Step[];
  /** ids for new rows */
  owner(ctx: Ctx): { org_id: number; repo_id: number };
  /**
   * How reads select rows. Repo level: repo_id = id. Org level: org_id = id ONLY (so the org-id-0
   * trap sees every repo and global row: pinned: test/conformance/cases.ts, "a missing org id reads like org 0"). Global: org_id = 0 and repo_id = 0.
   */
  match(ctx: Ctx): { org_id?: number; repo_id?: number };
  /** Go's %q of the org id used in org-level messages, e.g. '\x01'. */
  qid(ctx: Ctx): string;
}

export function levels(app: App): Record<LevelKind, Level> {
  const repo = setRepo(app);
  const org = setOrg(app);
  // guards read app.store lazily because reset replaces the store
  const orgGuard: Step = (ctx) => mustOrgMember(app.store, true)(ctx);
  return {
    repo: {
      kind: "repo",
      prefix: "/api/repos/:repo_id",
      read: [repo, mustPull, mustPush],
      write: [repo, mustPull, mustPush],
      owner: (ctx) => ({ org_id: 0, repo_id: ctx.repo!.id }),
      match: (ctx) => ({ repo_id: ctx.repo!.id }),
      qid: () => "",
    },
    org: {
      kind: "org",
      prefix: "/api/orgs/:org_id",
      read: [org, orgGuard],
      write: [org, orgGuard],
      owner: (ctx) => ({ org_id: ctx.org!.id, repo_id: 0 }),
      match: (ctx) => ({ org_id: ctx.org!.id }),
      qid: (ctx) => goQuoteRune(ctx.org!.id),
    },
    global: {
      kind: "global",
      prefix: "",
      read: [mustUser],
      write: [mustAdmin],
      owner: () => ({ org_id: 0, repo_id: 0 }),
      match: () => ({ org_id: 0, repo_id: 0 }),
      qid: () => "",
    },
  };
}
