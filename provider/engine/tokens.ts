/**
 * Type tokens, apart from the specs so the public declarations (sdk/) can name them without
 * importing the spec types (and with them zod, whose own declarations fail `tsc` under the
 * `pulumi new typescript` tsconfig).
 */

/** The dynamic provider's type token: what its resources register as and what state and policies see. */
export const typeToken = (kind: string) => `pulumi-nodejs:dynamic/woodpecker:${kind}`;

/** The Pulumi package the provider plugin (`pulumi-resource-woodpecker`) serves. */
export const PLUGIN_PACKAGE = "woodpecker";

/** The provider plugin's type token for a kind, as in schema.json: `woodpecker:index:<kind>`. */
export const pluginTypeToken = (kind: string) => `${PLUGIN_PACKAGE}:index:${kind}`;

/** The provider plugin's token for a function: `woodpecker:index:<name>`. */
export const functionToken = (name: string) => `${PLUGIN_PACKAGE}:index:${name}`;
