import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { functions } from "./index.js";
import { FunctionArgumentError, parseArgs } from "./runner.js";
import { fromApi, metaOf, secretField, shapeOf, type FunctionSpec } from "./spec.js";

const all = Object.entries(functions) as [string, FunctionSpec][];

/** Every object field under a schema, with its dotted path. */
function fields(schema: z.ZodType, prefix: string): [string, z.ZodType][] {
  const shape = shapeOf(schema);
  if (!shape) return [];
  return Object.entries(shape).flatMap(([key, field]) => [[`${prefix}.${key}`, field] as [string, z.ZodType], ...fields(field, `${prefix}.${key}`)]);
}

describe("function specs", () => {
  it("are named as exported, with a doc", () => {
    for (const [key, spec] of all) {
      expect(spec.name).toBe(key);
      expect(spec.name).toMatch(/^get[A-Z]/);
      expect(spec.doc.length).toBeGreaterThan(10);
    }
  });

  it("document every argument and every result field (for schema.json and the reference docs)", () => {
    const undocumented: string[] = [];
    for (const [name, spec] of all) {
      for (const [key, arg] of Object.entries(spec.args)) if (!arg.doc?.trim()) undocumented.push(`${name}(${key})`);
      for (const [path, field] of fields(spec.result, name)) if (!metaOf(field).description?.trim()) undocumented.push(path);
    }
    expect(undocumented).toEqual([]);
  });

  it("convert to JSON Schema as the generator will (input view), secrets marked", () => {
    for (const [, spec] of all) {
      const json = z.toJSONSchema(spec.result, { io: "input", unrepresentable: "any" }) as { properties: Record<string, unknown> };
      expect(json.properties).toBeTypeOf("object");
    }
    const agents = z.toJSONSchema(functions.getAgents.result, { io: "input", unrepresentable: "any" }) as any;
    expect(agents.properties.agents.items.properties.token).toMatchObject({ type: "string", secret: true });
  });
});

describe("fromApi", () => {
  const schema = z.object({
    repoId: z.number(),
    cloneUrlSsh: z.string(),
    variables: z.record(z.string(), z.string()).default({}),
    images: z.array(z.string()).default([]),
    nested: z.object({ isWarning: z.boolean() }).optional(),
    keep: z.string().nullable(),
  });

  it("maps snake_case keys from the schema, keeps record keys, drops undeclared keys, reads null as absent", () => {
    const raw = {
      repo_id: 3,
      clone_url_ssh: "git@x",
      variables: { MY_VAR: "1", some_key: "2" },
      images: null,
      nested: { is_warning: true },
      keep: null,
      value: "write-only",
    };
    const converted = fromApi(schema, raw);
    expect(converted).toEqual({ repoId: 3, cloneUrlSsh: "git@x", variables: { MY_VAR: "1", some_key: "2" }, nested: { isWarning: true }, keep: null });
    expect(schema.parse(converted)).toEqual({
      repoId: 3,
      cloneUrlSsh: "git@x",
      variables: { MY_VAR: "1", some_key: "2" },
      images: [],
      nested: { isWarning: true },
      keep: null,
    });
  });

  it("takes camelCase keys a run function built itself", () => {
    expect(fromApi(schema, { repoId: 1, cloneUrlSsh: "a", keep: "k" })).toEqual({ repoId: 1, cloneUrlSsh: "a", keep: "k" });
  });

  it("secretField yields a secret Output", async () => {
    const token = secretField(z.string(), "doc").parse("abc");
    expect(pulumi.Output.isInstance(token)).toBe(true);
    expect(await pulumi.isSecret(token)).toBe(true);
  });
});

describe("argument validation", () => {
  it("names nested paths and every problem at once", () => {
    let error: unknown;
    try {
      parseArgs(functions.getPipelines, { repositoryId: -1, event: ["push", "nope"], limit: "10" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FunctionArgumentError);
    const problems = (error as FunctionArgumentError).problems.map((p) => p.property);
    expect(problems).toEqual(["repositoryId", "event[1]", "limit"]);
  });

  it("applies defaults and normalises one event to a list", () => {
    expect(parseArgs(functions.getPipelines, { fullName: "acme/api", event: "push" })).toEqual({ fullName: "acme/api", event: ["push"], limit: 50 });
    expect(parseArgs(functions.getUser, { login: "bob" })).toEqual({ login: "bob", forgeId: 1 });
    expect(parseArgs(functions.getAgents, undefined)).toEqual({});
  });
});
