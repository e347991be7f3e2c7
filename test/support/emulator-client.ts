// Minimal HTTP helper for the emulator's own tests (and handy for other suites): raw answers,
// nothing interpreted, so tests can assert exact statuses, bodies and content types.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator/index.js";

export interface Answer {
  status: number;
  text: string;
  contentType: string;
  headers: Headers;
  json: any;
}

export interface Client {
  emu: Emulator;
  call(method: string, path: string, opts?: { token?: string | null; json?: unknown; body?: string; contentType?: string }): Promise<Answer>;
  admin(method: string, path: string, json?: unknown): Promise<Answer>;
  alice(method: string, path: string, json?: unknown): Promise<Answer>;
  reset(): Promise<void>;
  control(method: string, path: string, json?: unknown): Promise<any>;
}

export interface RawOptions {
  token?: string | null;
  json?: unknown;
  body?: string;
  contentType?: string;
}

/** One request as sent, its answer as received (redirects not followed, bodies not interpreted beyond JSON.parse). */
export async function rawCall(baseUrl: string, method: string, path: string, o: RawOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (o.token) headers.Authorization = `Bearer ${o.token}`;
  let body: string | undefined = o.body;
  if (o.json !== undefined) {
    body = JSON.stringify(o.json);
    headers["Content-Type"] = "application/json";
  }
  if (o.contentType !== undefined) headers["Content-Type"] = o.contentType;
  const res = await fetch(baseUrl + path, { method, headers, body, redirect: "manual" });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, contentType: res.headers.get("content-type") ?? "", headers: res.headers, json };
}

export async function testClient(opts: EmulatorOptions = {}): Promise<Client> {
  const emu = await startEmulator({ port: 0, quiet: true, ...opts });
  const call: Client["call"] = (method, path, o = {}) => rawCall(emu.url, method, path, o);
  return {
    emu,
    call,
    admin: (m, p, j) => call(m, p, { token: emu.adminToken, json: j }),
    alice: (m, p, j) => call(m, p, { token: emu.userToken, json: j }),
    reset: async () => {
      await fetch(`${emu.url}/__emulator/reset`, { method: "POST" });
    },
    control: async (m, p, j) => {
      const res = await fetch(`${emu.url}/__emulator/${p}`, {
        method: m,
        headers: j === undefined ? {} : { "Content-Type": "application/json" },
        body: j === undefined ? undefined : JSON.stringify(j),
      });
      return res.json();
    },
  };
}

/** The usual test-file set-up: one emulator for the file, reset before each test. */
export function useTestClient(): Client {
  let client: Client | undefined;
  beforeAll(async () => {
    client = await testClient();
  });
  afterAll(() => client?.emu.close());
  beforeEach(() => client!.reset());
  // The emulator starts in beforeAll; this stands for it from then on.
  return new Proxy({} as Client, { get: (_, key) => Reflect.get(client!, key) });
}
