// The specs' `list` descriptions hold together: every kind has one, scoped endpoints take their
// scope, what other kinds refer to is an output, and the inventory's order puts parents first.
import { describe, expect, it } from "vitest";
import { collectionOf, joined, listed, nounPhrase, nounWithin, parentsFirst } from "../../provider/engine/listings.js";
import type { ResourceSpec } from "../../provider/engine/spec.js";
import { setSpecs, specs } from "../../provider/resources/index.js";

const all = Object.values(specs) as ResourceSpec[];

describe("the specs' list descriptions", () => {
  it("every kind is listed, scoped endpoints name their scope, and a referenced kind has the output it is referred to by", () => {
    expect(listed(all).map(({ spec }) => spec.kind)).toEqual(Object.keys(specs));
    for (const { spec, list } of listed(all)) {
      expect(list.endpoint, spec.kind).toMatch(/^(LIST|GET) \//);
      if (list.scope) {
        expect(list.endpoint, spec.kind).toContain(`{${list.scope}}`);
        expect(Object.keys(spec.inputs), spec.kind).toContain(list.scope);
      }
      if (list.referencedAs) expect(Object.keys(spec.outputs), spec.kind).toContain(list.referencedAs);
      if (list.set) expect(Object.keys(spec.inputs), spec.kind).toContain(list.set.key);
      expect(Boolean(list.selectBy), spec.kind).toBe(Boolean(list.label));
    }
  });

  it("set kinds are exactly those whose listing has a set, and a set lists its scope through the same endpoint", () => {
    expect(Object.keys(setSpecs)).toEqual(all.filter((spec) => spec.list?.set).map((spec) => `${spec.kind}Set`));
    for (const spec of all.filter((s) => s.list?.set))
      expect(collectionOf(spec)).toEqual({ key: spec.list!.set!.key, scope: spec.list!.scope, list: spec.list!.endpoint, plural: spec.list!.set!.plural });
    expect(collectionOf(specs.Repository as ResourceSpec)).toBeUndefined();
  });

  it("parents first: a kind comes after every kind it refers to or lives under", () => {
    const order = parentsFirst(listed(all));
    expect(order).toHaveLength(all.length);
    const index = (input: string) => order.findIndex(({ list }) => list.referencedAs === input);
    order.forEach(({ spec, list }, at) => {
      for (const input of Object.keys(spec.inputs))
        if (index(input) >= 0 && list.referencedAs !== input) expect(index(input), `${spec.kind}.${input}`).toBeLessThan(at);
    });
    // A reversed input order gives the same guarantee.
    const reversed = parentsFirst(listed([...all].reverse()));
    reversed.forEach(({ spec, list }, at) => {
      for (const input of Object.keys(spec.inputs)) {
        const parent = reversed.findIndex((item) => item.list.referencedAs === input);
        if (parent >= 0 && list.referencedAs !== input) expect(parent, `${spec.kind}.${input}`).toBeLessThan(at);
      }
    });
  });

  it("nouns read as sentences", () => {
    expect(joined(["a"])).toBe("a");
    expect(joined(["a", "b", "c"])).toBe("a, b and c");
    expect(nounWithin(specs.RepositorySecret.list!)).toBe("secrets");
    expect(nounWithin(specs.GlobalSecret.list!)).toBe("global secrets");
    const global = [specs.Forge, specs.User, specs.GlobalSecret, specs.GlobalRegistry, specs.Agent].map((spec) => spec.list!);
    // Neighbours sharing a first word and who may read them are written once.
    expect(nounPhrase(global)).toBe("forges, users, global secrets and registries, global agents");
  });
});
