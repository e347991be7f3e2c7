// The emulator as a conformance target: a fresh emulator whose forge catalogue gets the FIXTURE's
// org and repositories through the control API (the only place the table's adapter may use it).
import { startEmulator } from "../../emulator/index.js";
import { FORGE_URL } from "../../emulator/forge.js";
import { ConformanceTarget, FIXTURE, fixtureRepos } from "./cases.js";

/** `version`: the release the emulator plays (its `version` option); default v3.17.0. */
export async function emulatorTarget(version?: string): Promise<ConformanceTarget> {
  const emu = await startEmulator({ port: 0, quiet: true });
  if (version) {
    const set = await fetch(`${emu.url}/__emulator/options`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ version }),
    });
    if (set.status !== 200) throw new Error(`emulator options: ${set.status} ${await set.text()}`);
  }
  const adminLogin = "admin";
  const userLogin = "alice";
  const seed = {
    forgeOrgs: [{ name: FIXTURE.org, admins: [adminLogin], members: [userLogin] }],
    forgeRepos: [
      ...fixtureRepos().map((r) => ({
        owner: FIXTURE.org,
        name: r.name,
        remoteId: String(r.remoteId),
        branches: [...FIXTURE.branches],
        admins: [adminLogin],
        pushers: [userLogin],
      })),
      { owner: adminLogin, name: FIXTURE.hidden.name, remoteId: String(FIXTURE.hidden.remoteId), private: true },
    ],
  };
  const res = await fetch(`${emu.url}/__emulator/seed`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(seed),
  });
  if (res.status !== 200) throw new Error(`emulator seed: ${res.status} ${await res.text()}`);
  return {
    name: `emulator playing ${version ?? "3.17.0"}`,
    url: emu.url,
    adminToken: emu.adminToken,
    userToken: emu.userToken,
    adminLogin,
    userLogin,
    forgeUrl: FORGE_URL,
    close: () => emu.close(),
  };
}
