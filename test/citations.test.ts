import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CASES } from "./conformance/cases.js";

/**
 * Every reference in the repository can be followed by a reader who has only the repository. Server
 * facts cite the conformance case that pins them by the start of its name, on one line, several names
 * separated by commas: `(pinned: test/conformance/cases.ts, "perPage is capped at 50")`. Nothing cites
 * a document or folder outside the repository (the notes the project was started from, or numbered
 * sections of them).
 */

const root = path.resolve(__dirname, "..");
const SKIP = new Set(["node_modules", "dist", ".git", ".venv", "__pycache__"]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return files(file);
    return [file];
  });
}

// Spelled in pieces, so this file does not cite what it forbids.
const OUTSIDE: [RegExp, string][] = [
  [new RegExp(["API", "BEHAVIOR"].join("-")), "the behaviour notes outside the repository"],
  [new RegExp(String.raw`(?:\.\./)+${"shared"}/`), "a folder beside the repository"],
  [new RegExp(String.raw`\b${"shared"}/(?:woodpecker|e2e|pulumi|hooks)/`), "the shared notes outside the repository"],
  [new RegExp(String.raw`/${"work"}/`), "a path on the machine the project was written on"],
  [new RegExp(String.raw`\u00a7\s*\d`), "a numbered section of a document outside the repository"],
];

const CITATION = ["pinned:", "test/conformance/cases.ts"].join(" ");
const QUOTED = /^, \\?"([^"\\]+)\\?"/;

/** What is wrong with a text's references, one line per problem (`line: why`). */
export function problems(text: string, caseNames: readonly string[]): string[] {
  const found: string[] = [];
  text.split("\n").forEach((line, index) => {
    const at = `${index + 1}`;
    for (const [pattern, what] of OUTSIDE) if (pattern.test(line)) found.push(`${at}: cites ${what}: ${line.trim()}`);
    for (let start = line.indexOf(CITATION); start >= 0; start = line.indexOf(CITATION, start + 1)) {
      let rest = line.slice(start + CITATION.length);
      let names = 0;
      for (let m = QUOTED.exec(rest); m; m = QUOTED.exec(rest)) {
        names++;
        const name = m[1]!;
        if (!caseNames.some((c) => c.startsWith(name))) found.push(`${at}: no conformance case is named "${name}…"`);
        rest = rest.slice(m[0].length);
      }
      if (names === 0) found.push(`${at}: a citation of the conformance cases names no case on its line`);
    }
  });
  return found;
}

const NAMES = CASES.map((c) => c.name);

describe("references", () => {
  const scanned = files(root).filter((file) => {
    const bytes = readFileSync(file);
    return bytes.length < 4_000_000 && !bytes.includes(0);
  });

  it("scans the repository's text files, shipped, test and generated alike", () => {
    const rel = scanned.map((file) => path.relative(root, file));
    expect(rel).toEqual(
      expect.arrayContaining(["ARCHITECTURE.md", "emulator/DIVERGENCES.md", "provider/resources/org.ts", "test/conformance/cases.ts", "schema.json"]),
    );
    expect(rel.some((file) => file.startsWith("docs/"))).toBe(true);
    expect(rel.some((file) => file.startsWith("node_modules/") || file.startsWith("dist/"))).toBe(false);
  });

  it("cite only the repository, and every cited conformance case exists", () => {
    const bad = scanned.flatMap((file) => problems(readFileSync(file, "utf8"), NAMES).map((p) => `${path.relative(root, file)}:${p}`));
    expect(bad).toEqual([]);
  });

  it("code cites the conformance cases", () => {
    const citing = scanned.filter((file) => readFileSync(file, "utf8").includes(CITATION));
    expect(citing.length).toBeGreaterThan(20);
  });

  it("the check sees what it forbids", () => {
    const doc = ["API", "BEHAVIOR"].join("-");
    expect(problems(`// see ${doc}.md`, NAMES)).toHaveLength(1);
    expect(problems(`// as measured (\u00a716)`, NAMES)).toHaveLength(1);
    expect(problems(`// read ../../${"shared"}/woodpecker/x.md`, NAMES)).toHaveLength(2);
    expect(problems(`import { x } from "../shared.js";`, NAMES)).toEqual([]);
    expect(problems(`// (${CITATION}, "perPage is capped at 50", "no such case")`, NAMES)).toEqual(['1: no conformance case is named "no such case…"']);
    expect(problems(`why: "x (${CITATION}, \\"perPage is capped at 50\\")"`, NAMES)).toEqual([]);
    expect(problems(`// (${CITATION},\n// "perPage is capped at 50")`, NAMES)).toEqual(["1: a citation of the conformance cases names no case on its line"]);
  });
});
