// Public entry point: start an emulated Woodpecker CI v3 server on loopback.
import { createServer } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { AppServer } from "./app.js";
import { tokenOf } from "./seed.js";

export interface EmulatorOptions {
  port?: number;
  host?: string; // default "127.0.0.1"
  stateFile?: string; // optional JSON persistence: load at start if present, save after every mutating request
  quiet?: boolean;
  /** Serve HTTPS with this key and certificate (PEM), as a server behind TLS does; default plain HTTP. */
  tls?: { key: string; cert: string };
}

export interface Emulator {
  url: string; // e.g. "http://127.0.0.1:41234" (no trailing slash; https:// with `tls`)
  adminToken: string; // token of seeded "admin"
  userToken: string; // token of seeded "alice"
  close(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const app = new AppServer(opts.stateFile, opts.quiet ?? true);
  const handler: Parameters<typeof createServer>[1] = (req, res) => {
    app.handle(req, res).catch((err: unknown) => {
      if (!opts.quiet) console.error("emulator: internal error", err);
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
        res.end(String(err));
      }
    });
  };
  const server = opts.tls ? createTlsServer({ keepAliveTimeout: 65_000, ...opts.tls }, handler) : createServer({ keepAliveTimeout: 65_000 }, handler);
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `${opts.tls ? "https" : "http"}://${urlHost}:${port}`,
    // Tokens are read at call time so they stay valid across resets that keep the same hash.
    get adminToken() {
      return tokenOf(app.store, "admin");
    },
    get userToken() {
      return tokenOf(app.store, "alice");
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
