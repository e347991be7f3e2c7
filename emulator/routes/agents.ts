// Global agents (server/api/agent.go): admin only; the token is returned on create, GET, list and PATCH
// (pinned: test/conformance/cases.ts, "agents: the token is returned").
import { randomBytes } from "node:crypto";
import type { App } from "../state.js";
import { mustAdmin } from "../auth.js";
import { Ctx, Reply, Schema, bind, bool, empty, json, paginate, parseID, str, text } from "../http.js";
import { Agent, base32, nowSec } from "../store.js";
import { agentView } from "../views.js";

export const AGENT: Schema = {
  goType: "Agent",
  fields: {
    id: "int",
    created: "int",
    updated: "int",
    name: "string",
    owner_id: "int",
    token: "string",
    last_contact: "int",
    last_work: "int",
    platform: "string",
    backend: "string",
    capacity: "int",
    version: "string",
    no_schedule: "bool",
    custom_labels: "map",
    org_id: "int",
  },
};

/** Ordered by id, paginated, null when empty (pinned: test/conformance/cases.ts, "empty lists: null for repo secrets"). */
export function agentList(ctx: Ctx, list: Agent[]): Reply {
  const page = paginate(
    ctx,
    list.sort((a, b) => a.id - b.id),
  );
  return json(page.length ? page.map(agentView) : null);
}

export function newAgent(app: App, v: Record<string, unknown>, ownerId: number, orgId: number): unknown {
  const now = nowSec();
  const a: Agent = {
    id: app.store.nextId("agent"),
    created: now,
    updated: now,
    name: str(v.name),
    owner_id: ownerId,
    token: base32(randomBytes(32)), // 56 chars with padding, server-generated
    last_contact: 0,
    last_work: 0,
    platform: "",
    backend: "",
    capacity: 0,
    version: "",
    no_schedule: bool(v.no_schedule),
    custom_labels: null,
    org_id: orgId,
  };
  app.store.agents.set(a.id, a);
  return agentView(a);
}

/** Full replacement of name and no_schedule; everything else in the body is ignored. */
export function patchAgent(a: Agent, v: Record<string, unknown>): unknown {
  a.name = str(v.name);
  a.no_schedule = bool(v.no_schedule);
  a.updated = nowSec();
  return agentView(a);
}

export function registerAgents(app: App): void {
  app.on("GET", "/api/agents", mustAdmin, (ctx) => agentList(ctx, [...app.store.agents.values()]));

  app.on("POST", "/api/agents", mustAdmin, (ctx) => {
    const b = bind(ctx, AGENT);
    if (!b.ok) return text(400, b.error);
    return json(newAgent(app, b.value, ctx.user!.id, -1)); // org_id -1 = global
  });

  app.on("GET", "/api/agents/:agent_id", mustAdmin, (ctx) => {
    const id = parseID(ctx.params.agent_id);
    if (id === null) return empty(400);
    const a = app.store.agents.get(id);
    return a ? json(agentView(a)) : empty(404);
  });

  app.on("GET", "/api/agents/:agent_id/tasks", mustAdmin, (ctx) => {
    const id = parseID(ctx.params.agent_id);
    if (id === null) return empty(400);
    return app.store.agents.has(id) ? json(null) : empty(404);
  });

  app.on("PATCH", "/api/agents/:agent_id", mustAdmin, (ctx) => {
    const b = bind(ctx, AGENT);
    if (!b.ok) return empty(400);
    const id = parseID(ctx.params.agent_id);
    if (id === null) return empty(400);
    const a = app.store.agents.get(id);
    if (!a) return empty(404);
    return json(patchAgent(a, b.value));
  });

  app.on("DELETE", "/api/agents/:agent_id", mustAdmin, (ctx) => {
    const id = parseID(ctx.params.agent_id);
    if (id === null) return empty(400);
    if (!app.store.agents.delete(id)) return empty(404);
    return empty(204);
  });
}
