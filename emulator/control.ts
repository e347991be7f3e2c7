// Test control API under /__emulator/: never logged, never faulted, no auth.
import type { App } from "./state.js";
import { Reply, json } from "./http.js";
import { applyOptions } from "./options.js";
import { applySeed } from "./seed.js";

function parse(body: Buffer): any {
  const raw = body.toString("utf8").trim();
  return raw ? JSON.parse(raw) : {};
}

export function handleControl(app: App, method: string, path: string, body: Buffer): Reply {
  const route = `${method} ${path.replace(/\/+$/, "")}`;
  try {
    switch (route) {
      case "POST /__emulator/reset":
        app.reset();
        return json({ ok: true });
      case "POST /__emulator/seed": {
        const out = applySeed(app.store, parse(body));
        app.persist();
        return json(out);
      }
      case "GET /__emulator/requests":
        return json(app.log);
      case "DELETE /__emulator/requests":
        app.log = [];
        return json({ ok: true });
      case "POST /__emulator/faults": {
        const b = parse(body);
        app.faults.set(b.rules ?? [], b.seed);
        return json({ ok: true, rules: app.faults.snapshot() });
      }
      case "GET /__emulator/faults":
        return json(app.faults.snapshot());
      case "DELETE /__emulator/faults":
        app.faults.clear();
        return json({ ok: true });
      case "POST /__emulator/options":
        app.options = applyOptions(app.options, parse(body));
        return json(app.options);
      case "GET /__emulator/options":
        return json(app.options);
      case "GET /__emulator/traps":
        return json({ ...app.store.traps });
      case "GET /__emulator/state":
        return json(stateDump(app));
      default:
        return json({ error: `unknown control route ${route}` }, 404);
    }
  } catch (e) {
    return json({ error: (e as Error).message }, 400);
  }
}

function stateDump(app: App): unknown {
  const s = app.store;
  return {
    counts: {
      users: s.users.size,
      orgs: s.orgs.size,
      repos: s.repos.size,
      secrets: s.secrets.size,
      registries: s.registries.size,
      crons: s.crons.size,
      agents: s.agents.size,
      forges: s.forges.size,
      pipelines: s.pipelines.size,
    },
    traps: s.traps,
    ...(s.toJSON() as object),
  };
}
