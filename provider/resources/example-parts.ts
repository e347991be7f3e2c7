import type { ExampleResource } from "../engine/example.js";

/** Declarations the examples of several kinds start from. */

/** A repository of the org `acme`, activated on the server by its create. */
export const exampleRepository: ExampleResource = { name: "api", kind: "Repository", variable: "repo", inputs: { fullName: "acme/api" } };

/**
 * The org `acme`, after its repository: the server creates an org only when one of its repositories
 * is activated, and the Org only looks it up (pinned: test/conformance/cases.ts, "orgs have no create route").
 */
export const exampleOrg: ExampleResource[] = [
  exampleRepository,
  {
    name: "acme",
    kind: "Org",
    variable: "org",
    inputs: { name: "acme" },
    dependsOn: ["repo"],
    comment: "The server creates the org when its first repository is activated: look it up after the Repository.",
  },
];
