import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectionOf } from "../provider/engine/listings.js";
import { allSpecs } from "../provider/resources/index.js";
import { repoRoot } from "./support/host.js";
import { MINIMAL_ARGS } from "./support/minimal-args.js";

/**
 * Where a resource was declared, as the SDK tells the engine (RegisterResourceRequest's sourcePosition,
 * and from newer SDKs its stackTrace): the SDK takes a fixed number of constructor frames above
 * pulumi.CustomResource to be the class's, so one frame of ours too many records our own line. A program
 * outside the repository (plain CommonJS, so its lines are its own) declares every kind of both faces
 * of the compiled package (`npm run build` first) under the SDK's mocks, one per line.
 */

const load = createRequire(path.join(repoRoot, "package.json"));
const pulumi = load("@pulumi/pulumi");
const kinds = Object.keys(allSpecs);
const faces = { dynamic: "dist/sdk/index.js", plugin: "dist/sdk/plugin/index.js" } as const;

/** Minimal arguments of a kind; a set kind gets its single kind's scope and an empty map. */
function argsOf(kind: string): Record<string, unknown> {
  const spec = allSpecs[kind]!;
  if (!spec.members) return MINIMAL_ARGS[kind]!;
  const { scope, plural } = collectionOf(spec.members)!;
  return { ...(scope ? { [scope]: 1 } : {}), [plural]: {} };
}

interface Registered {
  position?: { uri: string; line: number };
  /** Undefined where the SDK sends no stack trace. */
  trace?: string[];
  /** Whether the SDK's protocol has a stack trace field (older SDKs' has none). */
  traceField: boolean;
}

const dir = mkdtempSync(path.join(tmpdir(), "source-position-"));
const program = path.join(dir, "program.js");
/** `<face>:<kind>` → the program's line that declares it. */
const lines = new Map<string, number>();
const registered = new Map<string, Registered>();

beforeAll(async () => {
  const text = ["module.exports = function declareEverything(sdks) {"];
  for (const face of Object.keys(faces)) {
    for (const kind of kinds) {
      lines.set(`${face}:${kind}`, text.length + 1);
      text.push(`  new sdks.${face}.${kind}(${JSON.stringify(`${face}-${kind}`)}, ${JSON.stringify(argsOf(kind))});`);
    }
  }
  text.push("};", "");
  writeFileSync(program, text.join("\n"));

  await pulumi.runtime.setMocks({ newResource: (a: { name: string }) => ({ id: `${a.name}-id`, state: {} }), call: () => ({}) }, "p", "s", false);
  const monitor = pulumi.runtime.getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, cb: unknown) => {
    const position = req.getSourceposition();
    const trace = req.getStacktrace?.()?.getFramesList();
    registered.set(req.getName(), {
      position: position && { uri: position.getUri(), line: position.getLine() },
      trace: trace?.map((frame: any) => frame.getPc()?.getUri() ?? ""),
      traceField: typeof req.getStacktrace === "function",
    });
    return register(req, cb);
  };
  const sdks = Object.fromEntries(Object.entries(faces).map(([face, file]) => [face, load(path.join(repoRoot, file))]));
  load(program)(sdks);
  for (let i = 0; i < 300 && registered.size < lines.size; i++) await new Promise((r) => setTimeout(r, 10));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ours = (uri: string) => ["dist/", "sdk/", "provider/"].some((folder) => uri.startsWith(pathToFileURL(path.join(repoRoot, folder)).href));

describe.each(Object.keys(faces))("the %s face", (face) => {
  it.each(kinds)("%s records the line of the program that declares it", (kind) => {
    const found = registered.get(`${face}-${kind}`);
    expect(found, "registered").toBeDefined();
    expect(found!.position).toEqual({ uri: pathToFileURL(program).href, line: lines.get(`${face}:${kind}`) });
  });

  it("sends a stack trace that starts at the program and has none of our frames", () => {
    for (const kind of kinds) {
      const { trace, position } = registered.get(`${face}-${kind}`)!;
      expect((trace ?? []).filter(ours), kind).toEqual([]);
      if (trace) expect(trace[0], kind).toBe(position!.uri);
    }
  });
});

it("registers every declaration, each with a stack trace where the SDK's protocol has the field (so the test above checks them)", () => {
  expect(registered.size).toBe(lines.size);
  for (const [name, { trace, traceField }] of registered) expect(trace !== undefined, name).toBe(traceField);
});
