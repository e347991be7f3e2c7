import { VERSION } from "./http.js";

/**
 * Which real server the emulator plays. By default the released v3.17.0 that users run; tests
 * switch to another real server's behaviour through `POST /__emulator/options` (each option is
 * a behaviour measured on, or read from, a real server: never a wish of the provider's).
 */
export interface ServerOptions {
  /** What `GET /version` reports. */
  version: string;
  /** Forges store and return `orgs`, as development builds after v3.17.0 do; v3.17.0 drops the field (§16). */
  forgeOrgs: boolean;
  /**
   * v3.17.0's race on inserting the org of an owner it has not seen (§16), on demand: while an
   * activation's org insert is "in flight" (this many ms after it), other activations of the same
   * owner answer 500 `Could not find or create organization <owner>.` and create nothing. 0: off.
   */
  orgInsertRaceMs: number;
}

export const RELEASED: Readonly<ServerOptions> = { version: VERSION, forgeOrgs: false, orgInsertRaceMs: 0 };

/** Options changed by a control request; refuses unknown keys and wrong types. */
export function applyOptions(current: ServerOptions, changes: Record<string, unknown>): ServerOptions {
  const next = { ...current };
  for (const [key, value] of Object.entries(changes ?? {})) {
    if (!(key in RELEASED)) throw new Error(`unknown option ${key}; options are ${Object.keys(RELEASED).join(", ")}`);
    const expected = typeof RELEASED[key as keyof ServerOptions];
    if (typeof value !== expected) throw new Error(`option ${key} must be a ${expected}`);
    (next as Record<string, unknown>)[key] = value;
  }
  return next;
}
