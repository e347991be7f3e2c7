import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * What package.json promises a user: which exports are public, and that the program's own
 * @pulumi/pulumi is the one the package uses (a peer in a range, tested at both ends: the newest by the
 * whole suite, the lower bound by `npm run test:oldest`), and @pulumi/policy only for the policy pack.
 */

const root = path.resolve(__dirname, "..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));

describe("package.json", () => {
  it("says of every export whether it is public; ./provider is internal", () => {
    expect(Object.keys(pkg.exportsVisibility).sort()).toEqual(Object.keys(pkg.exports).sort());
    expect(pkg.exportsVisibility["./provider"]).toMatch(/^internal: required by the dynamic provider code serialized/);
    for (const key of [".", "./plugin", "./emulator"]) expect(pkg.exportsVisibility[key], key).toMatch(/^public/);
  });

  it("takes @pulumi/pulumi from the program (a peer range holding the pinned development version), never its own copy", () => {
    expect(pkg.dependencies["@pulumi/pulumi"]).toBeUndefined();
    expect(pkg.peerDependencies["@pulumi/pulumi"]).toBe(">=3.141.0 <4.0.0");
    expect(pkg.devDependencies["@pulumi/pulumi"]).toMatch(/^3\.248\.\d+$/);
    expect(readFileSync(path.join(root, "scripts/pulumi-oldest.sh"), "utf8")).toContain("peerDependencies");
  });

  it("asks for @pulumi/policy only as an optional peer, for the policy pack", () => {
    expect(pkg.dependencies["@pulumi/policy"]).toBeUndefined();
    expect(pkg.peerDependencies["@pulumi/policy"]).toMatch(/^\^1\./);
    expect(pkg.peerDependenciesMeta["@pulumi/policy"]).toEqual({ optional: true });
  });
});
