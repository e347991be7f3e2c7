// The README and docs as they ship: every relative link in a packed Markdown file must resolve to a
// file in the tarball (`npm pack --dry-run` lists them); anything else links to the repository URL.
// And no source map in the tarball points at sources that are not in it.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../scripts/link-package";

const packed: string[] = (
  JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: repoRoot, encoding: "utf8" }))[0].files as Array<{ path: string }>
).map((f) => f.path);
const shipped = new Set(packed);

/** Relative link targets of a Markdown file (links and images), without #anchors. */
function relativeLinks(markdown: string): string[] {
  const links = [...markdown.replace(/```[\s\S]*?```/g, "").matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  return links.filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l) && !l.startsWith("#")).map((l) => decodeURIComponent(l.split("#")[0]!));
}

describe("the packed package", () => {
  it("ships README.md and the docs", () => {
    expect(shipped.has("README.md")).toBe(true);
    expect(packed.filter((f) => f.startsWith("docs/")).length).toBeGreaterThan(10);
  });

  it("every relative link in a packed Markdown file resolves inside the tarball", () => {
    const broken: string[] = [];
    for (const file of packed.filter((f) => f.endsWith(".md"))) {
      for (const link of relativeLinks(readFileSync(path.join(repoRoot, file), "utf8"))) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), link)).replace(/\/$/, "");
        if (!shipped.has(target) && !packed.some((f) => f.startsWith(`${target}/`))) broken.push(`${file} → ${link}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("ships no source maps (they would point at TypeScript sources that are not packed)", () => {
    expect(packed.filter((f) => f.endsWith(".map"))).toEqual([]);
  });

  it("package.json says where the project lives and what it needs", () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    for (const field of ["repository", "homepage", "bugs", "license", "keywords", "engines"]) expect(pkg[field], field).toBeTruthy();
  });
});
