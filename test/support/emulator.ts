import { startEmulator, type Emulator } from "../../emulator/index.js";
import { WoodpeckerClient, type ClientOptions } from "../../provider/client/client.js";

export interface FaultRule {
  method?: string;
  path?: string;
  rate?: number;
  count?: number;
  latencyMs?: number;
  answerLatencyMs?: number;
  status?: number;
  body?: string;
  retryAfter?: number;
  drop?: "before" | "after";
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
}

/** One emulator per test file, reset between tests, with the control API at hand. */
export class EmulatorFixture {
  constructor(readonly emulator: Emulator) {}

  static async start(): Promise<EmulatorFixture> {
    return new EmulatorFixture(await startEmulator({ port: 0, quiet: true }));
  }

  get url() {
    return this.emulator.url;
  }

  /** A client with fast retries, so fault tests stay quick. */
  client(options: Partial<ClientOptions> & { as?: "admin" | "user" } = {}): WoodpeckerClient {
    const token = options.as === "user" ? this.emulator.userToken : this.emulator.adminToken;
    return new WoodpeckerClient({ server: this.url, token, backoffMs: 5, maxBackoffMs: 20, ...options });
  }

  async control<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await fetch(`${this.url}/__emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.text();
    if (answer.status >= 300) throw new Error(`emulator control ${method} ${path}: ${answer.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  reset = () => this.control("POST", "reset");
  faults = (rules: FaultRule[], seed?: number) => this.control("POST", "faults", { rules, seed });
  seed = (body: unknown) => this.control("POST", "seed", body);
  requests = () => this.control<LoggedRequest[]>("GET", "requests");
  clearRequests = () => this.control("DELETE", "requests");
  state = () => this.control("GET", "state");
  close = () => this.emulator.close();
}
