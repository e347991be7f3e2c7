// Organizations (server/api/org.go) and org agents (server/api/agent.go).
import type { App } from "../state.js";
import { mustAdmin, mustOrgMember, orgPermFor } from "../auth.js";
import { Ctx, Step, bind, empty, json, paginate, parseID, text } from "../http.js";
import { Org } from "../store.js";
import { orgView } from "../views.js";
import { AGENT, agentList, newAgent, patchAgent } from "./agents.js";

/**
 * SetOrg (session/org.go; pinned: test/conformance/cases.ts, "a missing org id reads like org 0"): a malformed id is 400; a MISSING id is not 404 — the real server continues with an
 * empty org {id:0, name:""} (OrgGet returns a non-nil empty struct with the not-found error).
 */
export function setOrg(app: App): Step {
  return (ctx: Ctx) => {
    const id = parseID(ctx.params.org_id);
    if (id === null) return text(400, "Invalid organization ID");
    const org = app.store.orgs.get(id);
    ctx.org = org ?? ({ id: 0, forge_id: 0, name: "", is_user: false, private: false } as Org);
    return undefined;
  };
}

export function registerOrgs(app: App): void {
  const org = setOrg(app);
  const member: Step = (ctx) => mustOrgMember(app.store, false)(ctx);
  const orgAdmin: Step = (ctx) => mustOrgMember(app.store, true)(ctx);

  app.on("GET", "/api/orgs", mustAdmin, (ctx) => {
    const list = [...app.store.orgs.values()].filter((o) => !o.is_user).sort((a, b) => a.id - b.id);
    const page = paginate(ctx, list);
    return json(page.length ? page.map(orgView) : null);
  });

  app.on("GET", "/api/orgs/lookup/*", (ctx) => {
    const user = ctx.user;
    // Anonymous callers make the real handler dereference a nil user: a panic → 500 (emulator/DIVERGENCES.md).
    if (!user) return empty(500);
    const name = (ctx.params["*"] ?? "").replace(/^\/+/, "");
    const o = app.store.orgByName(name, user.forge_id);
    if (!o) return empty(404);
    if (o.private && !user.admin) {
      if (o.name !== user.login) return empty(404);
    }
    return json(orgView(o));
  });

  app.on("GET", "/api/orgs/:org_id/permissions", org, (ctx) => json(orgPermFor(app.store, ctx.user, ctx.org!)));
  app.on("GET", "/api/orgs/:org_id", org, member, (ctx) => json(orgView(ctx.org!)));

  // MustOrgMember(true) then MustAdmin. A missing id (org 0) first wipes every secret with
  // org_id 0, then answers 404 — reproduced so tests can prove clients never send it (datastore/org.go orgDelete).
  app.on("DELETE", "/api/orgs/:org_id", org, orgAdmin, mustAdmin, (ctx) => {
    const o = ctx.org!;
    if (o.id === 0) {
      app.store.traps.orgZeroDeletes++;
      app.store.deleteOrg(0);
      return empty(404);
    }
    app.store.deleteOrg(o.id, app.behaviour.deletesAllPipelines);
    return empty(204);
  });

  // Org agents. There is deliberately no GET /api/orgs/{id}/agents/{agent_id} (server/router/api.go).
  app.on("GET", "/api/orgs/:org_id/agents", org, orgAdmin, (ctx) =>
    agentList(
      ctx,
      [...app.store.agents.values()].filter((a) => a.org_id === ctx.org!.id),
    ),
  );

  app.on("POST", "/api/orgs/:org_id/agents", org, orgAdmin, (ctx) => {
    const orgId = parseID(ctx.params.org_id);
    if (orgId === null) return text(400, "Invalid organization ID");
    const b = bind(ctx, AGENT);
    if (!b.ok) return text(400, b.error);
    return json(newAgent(app, b.value, ctx.user!.id, orgId));
  });

  app.on("PATCH", "/api/orgs/:org_id/agents/:agent_id", org, orgAdmin, (ctx) => {
    const id = parseID(ctx.params.agent_id);
    if (id === null) return text(400, "Invalid agent ID");
    const a = app.store.agents.get(id);
    if (!a || a.org_id !== ctx.org!.id) return text(404, "Agent not found");
    const b = bind(ctx, AGENT);
    if (!b.ok) return text(400, b.error);
    return json(patchAgent(a, b.value));
  });

  app.on("DELETE", "/api/orgs/:org_id/agents/:agent_id", org, orgAdmin, (ctx) => {
    const id = parseID(ctx.params.agent_id);
    if (id === null) return text(400, "Invalid agent ID");
    const a = app.store.agents.get(id);
    if (!a || a.org_id !== ctx.org!.id) return text(404, "Agent not found");
    app.store.agents.delete(id);
    return empty(204);
  });
}
