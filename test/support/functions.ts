// Test support for the function suites: an emulator, an admin client for setup, the request log,
// and the environment the functions read their configuration from (WOODPECKER_SERVER / _TOKEN).
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { WoodpeckerClient } from "../../provider/client/client.js";

export interface LogEntry {
  method: string;
  path: string;
  query: string;
  status: number;
}

export interface Harness {
  emu: Emulator;
  /** A client with the admin token, for setting up objects (not the code under test). */
  admin(): WoodpeckerClient;
  /** Points the functions' configuration (environment) at the emulator with this token ("" for none). */
  use(token: "admin" | "alice" | "anonymous" | string): void;
  reset(): Promise<void>;
  seed(body: unknown): Promise<any>;
  requests(): Promise<LogEntry[]>;
  clearRequests(): Promise<void>;
  /** Activates a forge repository as admin and returns its Woodpecker id. */
  activate(forgeRemoteId: string): Promise<number>;
  close(): Promise<void>;
}

export async function harness(): Promise<Harness> {
  const emu = await startEmulator({ quiet: true });
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${emu.url}/__emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`emulator control ${path}: ${JSON.stringify(json)}`);
    return json;
  };
  // Tokens change at every reset (users get new hashes), so clients are made on demand.
  const admin = () => new WoodpeckerClient({ server: emu.url, token: emu.adminToken, retries: 0 });
  const h: Harness = {
    emu,
    admin,
    use(token) {
      process.env.WOODPECKER_SERVER = emu.url;
      process.env.WOODPECKER_TOKEN = token === "admin" ? emu.adminToken : token === "alice" ? emu.userToken : token === "anonymous" ? "" : token;
    },
    reset: async () => {
      await control("POST", "reset");
    },
    seed: (body) => control("POST", "seed", body),
    requests: () => control("GET", "requests"),
    clearRequests: async () => {
      await control("DELETE", "requests");
    },
    activate: async (forgeRemoteId) => {
      const client = admin();
      try {
        const repo = await client.post<{ id: number }>(`/repos?forge_remote_id=${forgeRemoteId}`, undefined);
        return repo.id;
      } finally {
        await client.close();
      }
    },
    close: () => emu.close(),
  };
  return h;
}

/** The value of an Output (for tests). */
export function valueOf<T>(output: { apply<U>(fn: (t: T) => U): unknown }): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}
