import { afterAll, beforeAll, beforeEach } from "vitest";
import { declare, startHost, wrapSecret, type Host } from "./host.js";
import { EngineSteps } from "./engine.js";
import { EmulatorFixture } from "./emulator.js";
import type { Emulator } from "../../emulator/index.js";

export { CheckFailed, type Deployed } from "./engine.js";

/**
 * The engine's steps with inputs taken the most faithful way: each resource is declared with the
 * real SDK under setMocks, which gives the exact inputs and `__provider` the SDK sends.
 */
export class TestStack extends EngineSteps {
  private constructor(
    host: Host,
    readonly token: string,
  ) {
    super(host, async (kind, name, args) => {
      const declared = await declare((sdk) => new sdk[kind](name, args));
      const found = declared.find((d) => d.name === name);
      if (!found) throw new Error(`the SDK registered no ${kind} named ${name}`);
      return found.inputs;
    });
  }

  /** `config` adds or overrides stack config keys; `env` is added to the host's environment. */
  static async start(
    emu: EmulatorFixture | Emulator,
    as: "admin" | "user" = "admin",
    options: { config?: Record<string, unknown>; env?: NodeJS.ProcessEnv } = {},
  ): Promise<TestStack> {
    // A property read, not `in`: useStack hands out a forwarding Proxy that answers reads only.
    const emulator = (emu as EmulatorFixture).emulator ?? (emu as Emulator);
    const token = as === "admin" ? emulator.adminToken : emulator.userToken;
    const host = await startHost(undefined, options.env);
    await host.configure({ "woodpecker:server": emulator.url, "woodpecker:token": wrapSecret(token), "woodpecker:retries": "2", ...options.config });
    return new TestStack(host, token);
  }
}

/**
 * The usual test-file set-up: one emulator and one admin provider host for the file, the emulator
 * reset before each test. Both start in beforeAll, so what is returned forwards to them once started.
 */
export function useStack(): { emu: EmulatorFixture; stack: TestStack } {
  const fixture = {} as { emu: EmulatorFixture; stack: TestStack };
  beforeAll(async () => {
    fixture.emu = await EmulatorFixture.start();
    fixture.stack = await TestStack.start(fixture.emu);
  });
  afterAll(async () => {
    await fixture.stack?.close();
    await fixture.emu?.close();
  });
  beforeEach(() => fixture.emu.reset());
  return { emu: late(() => fixture.emu), stack: late(() => fixture.stack) };
}

/** Stands for an object that exists only later (after beforeAll). */
function late<T extends object>(get: () => T): T {
  return new Proxy({} as T, { get: (_, key) => Reflect.get(get(), key) });
}
