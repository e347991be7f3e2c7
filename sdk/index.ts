export * from "./resources.js";
export * from "./functions.js";
export * from "./types.js";
export { typeToken } from "../provider/engine/tokens.js";
