import { afterAll, beforeAll, beforeEach } from "vitest";
import { declare, startHost, stripSecrets, urnOf, wrapSecret, type Host, type Props } from "./host.js";
import { EmulatorFixture } from "./emulator.js";

/**
 * A miniature Pulumi engine for tests: declares resources with the real SDK (under setMocks, to
 * get the exact inputs and `__provider` the SDK sends), then runs the engine's step logic
 * (check → create, or diff → update / replace / nothing; refresh; destroy) against the real
 * dynamic-provider host, which talks HTTP to the emulator.
 */

export interface Deployed {
  kind: string;
  name: string;
  urn: string;
  id: string;
  /** Inputs after check, as the engine stores them (secrets unwrapped here). */
  inputs: Props;
  outputs: Props;
  /** What the last `up` did. */
  step: "create" | "update" | "replace" | "same";
}

export class CheckFailed extends Error {
  constructor(readonly failures: { property: string; reason: string }[]) {
    super(failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
  }
}

export class TestStack {
  private constructor(readonly host: Host, readonly token: string) {}

  static async start(emu: EmulatorFixture, as: "admin" | "user" = "admin"): Promise<TestStack> {
    const token = as === "admin" ? emu.emulator.adminToken : emu.emulator.userToken;
    const host = await startHost();
    await host.configure({ "woodpecker:server": emu.url, "woodpecker:token": wrapSecret(token), "woodpecker:retries": "2" });
    return new TestStack(host, token);
  }

  /** The SDK's registration of one resource: type token and raw inputs (secrets wrapped, `__provider` included). */
  async declare(kind: string, name: string, args: Props): Promise<{ type: string; inputs: Props }> {
    const declared = await declare((sdk) => new sdk[kind](name, args));
    const found = declared.find((d) => d.name === name);
    if (!found) throw new Error(`the SDK registered no ${kind} named ${name}`);
    return found;
  }

  /** `unknowns` replaces inputs with values not known during preview, as the engine sends them. */
  async check(kind: string, name: string, args: Props, olds: Props = {}, unknowns: Props = {}): Promise<Props> {
    const { type, inputs } = await this.declare(kind, name, args);
    const result = await this.host.check(urnOf(type, name), olds, { ...stripSecrets(inputs), ...unknowns });
    if (result.failures.length) throw new CheckFailed(result.failures);
    return result.inputs!;
  }

  /** What check refuses in these arguments, field by field; [] when it accepts them. */
  async failures(kind: string, args: Props): Promise<CheckFailed["failures"]> {
    try {
      await this.check(kind, "check", args);
      return [];
    } catch (error) {
      if (error instanceof CheckFailed) return error.failures;
      throw error;
    }
  }

  async up(kind: string, name: string, args: Props, previous?: Deployed): Promise<Deployed> {
    const { type } = await this.declare(kind, name, args);
    const urn = urnOf(type, name);
    const inputs = await this.check(kind, name, args, previous?.inputs);
    if (!previous) {
      const created = await this.host.create(urn, inputs);
      return { kind, name, urn, id: created.id, inputs, outputs: created.props, step: "create" };
    }
    const diff = await this.host.diff(urn, previous.id, previous.outputs, inputs);
    if (diff.changes === "NONE") return { ...previous, inputs, step: "same" };
    if (diff.replaces.length) {
      if (diff.deleteBeforeReplace) await this.host.delete(urn, previous.id, previous.outputs);
      const created = await this.host.create(urn, inputs);
      if (!diff.deleteBeforeReplace) await this.host.delete(urn, previous.id, previous.outputs);
      return { kind, name, urn, id: created.id, inputs, outputs: created.props, step: "replace" };
    }
    const outputs = await this.host.update(urn, previous.id, previous.outputs, inputs);
    return { ...previous, inputs, outputs, step: "update" };
  }

  async diff(deployed: Deployed, args: Props) {
    const inputs = await this.check(deployed.kind, deployed.name, args, deployed.inputs);
    return this.host.diff(deployed.urn, deployed.id, deployed.outputs, inputs);
  }

  /** Refresh: undefined when the provider reports the object gone. */
  async refresh(deployed: Deployed): Promise<Deployed | undefined> {
    const read = await this.host.read(deployed.urn, deployed.id, deployed.outputs);
    return read.id ? { ...deployed, id: read.id, outputs: read.props } : undefined;
  }

  async destroy(deployed: Deployed): Promise<void> {
    await this.host.delete(deployed.urn, deployed.id, deployed.outputs);
  }

  close() {
    return this.host.close();
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
