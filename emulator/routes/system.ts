// GET /version and /healthz live at the root, not under /api (pinned: test/conformance/cases.ts, "/version and /healthz are at the root").
import { generateKeyPairSync } from "node:crypto";
import type { App } from "../state.js";
import { mustAdmin } from "../auth.js";
import { bind, empty, json, str, text } from "../http.js";

const LOG_LEVELS = new Set(["trace", "debug", "info", "warn", "error", "fatal", "panic", "disabled", ""]);

export function registerSystem(app: App): void {
  app.on("GET", "/version", () => json({ source: "https://github.com/woodpecker-ci/woodpecker", version: app.options.version }));
  app.on("GET", "/healthz", () => empty(204));

  // The server's ed25519 key for signing extension requests, as PKIX PEM (server/api/signature_public_key.go).
  // One per emulator process; the release keeps its key in the database.
  const publicKey = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }).toString();
  app.on("GET", "/api/signature/public-key", () => text(200, publicKey));

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
