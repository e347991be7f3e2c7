/**
 * `pulumi-woodpecker/plugin`: the classes of the provider plugin `pulumi-resource-woodpecker`
 * (resources `woodpecker:index:<Kind>`, functions `woodpecker:index:<name>`, an explicit `Provider`).
 * The dynamic provider's classes are `pulumi-woodpecker`; both are built from the same specs.
 */
export * from "./resources.js";
export * from "./functions.js";
export { Provider, type ProviderArgs } from "./provider.js";
export * from "../types.js";
export { functionToken, pluginTypeToken } from "../../provider/engine/tokens.js";
export { PACKAGE_VERSION } from "./version.js";
