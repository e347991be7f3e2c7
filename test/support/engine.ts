import { stripSecrets, urnOf, type Host, type Props } from "./host";

/**
 * The Pulumi engine's steps for one resource, over the real dynamic-provider host: check → create,
 * or check → diff → update / replace / nothing; read for refresh; delete. Tests and the benchmark
 * drive the provider through this; they differ only in where the inputs come from (`register`).
 * No vitest and no ".js" imports here, so the benchmark can load it with ts-node.
 */

export interface Deployed {
  kind: string;
  name: string;
  urn: string;
  id: string;
  /** Inputs after check, as the engine stores them (secrets unwrapped). */
  inputs: Props;
  outputs: Props;
  /** What the last `up` did. */
  step: "create" | "update" | "replace" | "same";
}

export type CheckFailure = { property: string; reason: string };

export class CheckFailed extends Error {
  constructor(readonly failures: CheckFailure[]) {
    super(failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
  }
}

/** What the SDK registers for a resource: its raw inputs, `__provider` included, secrets possibly wrapped. */
export type Register = (kind: string, name: string, args: Props) => Promise<Props> | Props;

export class EngineSteps {
  constructor(
    readonly host: Host,
    private readonly register: Register,
  ) {}

  urn(kind: string, name: string): string {
    return urnOf(`pulumi-nodejs:dynamic/woodpecker:${kind}`, name);
  }

  /** The host's check answer as is. `unknowns` replaces inputs with values not known during preview. */
  async checkResult(kind: string, name: string, args: Props, olds: Props = {}, unknowns: Props = {}) {
    const news = { ...stripSecrets(await this.register(kind, name, args)), ...unknowns };
    return this.host.check(this.urn(kind, name), olds, news);
  }

  /** The checked inputs, or CheckFailed naming each refused field. */
  async check(kind: string, name: string, args: Props, olds: Props = {}, unknowns: Props = {}): Promise<Props> {
    const result = await this.checkResult(kind, name, args, olds, unknowns);
    if (result.failures.length) throw new CheckFailed(result.failures);
    return result.inputs!;
  }

  /** What check refuses in these arguments, field by field; [] when it accepts them. */
  async failures(kind: string, args: Props): Promise<CheckFailure[]> {
    return (await this.checkResult(kind, "check", args)).failures;
  }

  async up(kind: string, name: string, args: Props, previous?: Deployed): Promise<Deployed> {
    const urn = this.urn(kind, name);
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
