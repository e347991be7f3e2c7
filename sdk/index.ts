export * from "./resources.js";
export * from "./functions.js";
export { typeToken } from "../provider/engine/spec.js";
