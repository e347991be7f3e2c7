// The conformance table (test/conformance/cases.ts) against the emulator. The same table runs against
// the real server in test/e2e/real-server.conformance.test.ts.
import { afterAll, beforeAll, describe, it } from "vitest";
import { Api, CASES, ConformanceTarget } from "./cases.js";
import { emulatorTarget } from "./emulator-target.js";

// Releases the emulator plays (the tested v3.17.0, v3.18.0 and older v3 releases); cases with
// release-specific answers read the target's /version.
for (const version of ["3.0.0", "3.10.0", "3.13.0", "3.17.0", "3.18.0"]) {
  describe(`conformance: emulator playing ${version}`, () => {
    let target: ConformanceTarget;
    let api: Api;
    beforeAll(async () => {
      target = await emulatorTarget(version);
      api = new Api(target);
    });
    afterAll(() => target?.close());
    for (const c of CASES) it(c.name, () => c.run(api));
  });
}
