// What the routes and the control API see of the emulator: its state and how to register a route.
// The request pipeline (app.ts) implements it; keeping the type here means app.ts → routes/ is the
// only direction of import between them.
import type { FaultSet } from "./faults.js";
import type { Step } from "./http.js";
import type { Behaviour, ServerOptions } from "./options.js";
import type { Store } from "./store.js";

export interface LogEntry {
  method: string;
  path: string;
  query: string;
  status: number;
  ms: number;
  fault?: string;
}

export interface App {
  store: Store;
  log: LogEntry[];
  faults: FaultSet;
  options: ServerOptions;
  /** What the release in `options.version` does differently (options.ts). */
  readonly behaviour: Behaviour;
  /** Owners whose org insert is still "in flight", for the orgInsertRaceMs option: lower-case name → until (ms). */
  orgInserts: Map<string, number>;
  /** Registers a route as a chain of steps (guards first, handler last), like gin handler chains. */
  on(method: string | string[], path: string, ...steps: Step[]): void;
  reset(): void;
  persist(): void;
}
