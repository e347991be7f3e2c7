/**
 * A spec's example program as data, free of any language: scripts/gen/render-example.ts writes it as
 * TypeScript, Python, Go and Pulumi YAML for the reference pages. Values are literals, a reference to
 * an output of another declared resource or function call (`ref`), or a secret from the stack's
 * config (`configSecret`).
 */

/** An output of a declared resource or function call, by its variable. */
export interface Ref {
  ref: string;
  field: string;
}

/** `config.requireSecret(key)` of the program's own config. */
export interface ConfigSecret {
  configSecret: string;
}

export type Value = string | number | boolean | Ref | ConfigSecret | Value[] | { [key: string]: Value };

export interface ExampleResource {
  /** The Pulumi logical name (and the resource's key in Pulumi YAML). */
  name: string;
  kind: string;
  /** The program's variable for it; default: the name in camelCase. */
  variable?: string;
  inputs: Record<string, Value>;
  /** Variables of resources this one waits for. */
  dependsOn?: string[];
  /** One line said above the declaration. */
  comment?: string;
}

export interface ExampleCall {
  variable: string;
  /** A function's name, e.g. `getPipelines`. */
  function: string;
  args?: Record<string, Value>;
  comment?: string;
}

export interface Example {
  resources?: ExampleResource[];
  calls?: ExampleCall[];
  /** Stack outputs, by name. */
  exports?: Record<string, Ref>;
}

export const ref = (variable: string, field: string): Ref => ({ ref: variable, field });
export const configSecret = (key: string): ConfigSecret => ({ configSecret: key });
export const isRef = (value: unknown): value is Ref => typeof value === "object" && value !== null && "ref" in value && "field" in value;
export const isConfigSecret = (value: unknown): value is ConfigSecret => typeof value === "object" && value !== null && "configSecret" in value;

/** `deploy-token` → `deployToken`. */
export const variableOf = (resource: ExampleResource): string =>
  resource.variable ?? resource.name.replace(/[-_.\s]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/^[A-Z]/, (c) => c.toLowerCase());

/**
 * The example of a `<Kind>Set`, from its member kind's: the member resource becomes one entry of the
 * set's map under its key, the resources it needs stay, and what referred to the member goes.
 */
export function setExample(member: Example, memberKind: string, collection: { key: string; scope?: string; plural: string }): Example {
  const resources = member.resources ?? [];
  const single = resources.find((r) => r.kind === memberKind);
  if (!single) throw new Error(`the example of ${memberKind} declares no ${memberKind}`);
  const { [collection.key]: key, ...entry } = single.inputs;
  if (typeof key !== "string") throw new Error(`the example of ${memberKind} gives ${collection.key} no literal string`);
  const scope = collection.scope ? { [collection.scope]: entry[collection.scope]! } : {};
  if (collection.scope) delete entry[collection.scope];
  const set: ExampleResource = {
    name: `${single.name}-set`,
    kind: `${memberKind}Set`,
    comment: `Exactly these ${collection.plural}: one added outside Pulumi is shown by preview as a deletion, and deleted by \`up\`.`,
    inputs: { ...scope, [collection.plural]: { [key]: entry } },
  };
  const gone = variableOf(single);
  const kept = Object.entries(member.exports ?? {}).filter(([, value]) => value.ref !== gone);
  return {
    ...member,
    resources: [...resources.filter((r) => r !== single).map((r): ExampleResource => ({ ...r, dependsOn: r.dependsOn?.filter((d) => d !== gone) })), set],
    exports: Object.fromEntries(kept),
  };
}
