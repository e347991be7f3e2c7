// GET /version and /healthz live at the root, not under /api (§1.1, §2).
import type { App } from "../app.js";
import { mustAdmin } from "../auth.js";
import { bind, empty, json, str } from "../http.js";

const LOG_LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal", "panic", "disabled", ""]);

export function registerSystem(app: App): void {
  app.on("GET", "/version", () => json({ source: "https://github.com/woodpecker-ci/woodpecker", version: app.version }));
  app.on("GET", "/healthz", () => empty(204));

  let level = "info";
  app.on("GET", "/api/log-level", mustAdmin, () => json({ "log-level": level }));
  app.on("POST", "/api/log-level", mustAdmin, (ctx) => {
    const b = bind(ctx, { goType: "logLevel", fields: { "log-level": "string" } });
    if (!b.ok) return empty(400);
    const l = str(b.value["log-level"]);
    if (!LOG_LEVELS.has(l) && !/^-?\d+$/.test(l)) return empty(400);
    level = l;
    return json({ "log-level": l });
  });
}
