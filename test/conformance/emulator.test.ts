// The conformance table (test/conformance/cases.ts) against the emulator. The same table runs against
// the real server in test/e2e/real-server.conformance.test.ts.
import { afterAll, beforeAll, describe, it } from "vitest";
import { Api, CASES, ConformanceTarget } from "./cases.js";
import { emulatorTarget } from "./emulator-target.js";

describe("conformance: emulator", () => {
  let target: ConformanceTarget;
  let api: Api;
  beforeAll(async () => {
    target = await emulatorTarget();
    api = new Api(target);
  });
  afterAll(() => target?.close());
  for (const c of CASES) it(c.name, () => c.run(api));
});
