export * from "./resources.js";
export { typeToken } from "../provider/engine/spec.js";
