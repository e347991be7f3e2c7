/**
 * Woodpecker versions as `/version` reports them: a release ("3.17.0", "v3.17.0") or a development
 * build ("next-1a2b3c4d", "dev"), which is newer than every release.
 */

export type Version = [number, number, number];

/** The release as numbers, or undefined for a development build or an unreadable string. */
export function parseVersion(text: string): Version | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

/** Whether `version` is `minimum` or newer; development builds count as newest. */
export function versionAtLeast(version: string, minimum: string): boolean {
  const have = parseVersion(version);
  const want = parseVersion(minimum);
  if (!have || !want) return have === undefined;
  for (let i = 0; i < 3; i++) if (have[i] !== want[i]) return have[i]! > want[i]!;
  return true;
}

/**
 * The servers this provider supports: every v3 release up to the next major version. Fields a
 * release added are declared with `since` in the specs and refused (at check, and again before
 * any write) on an older server, so an older release only costs the fields it lacks. Later v3
 * releases keep the API (Woodpecker follows semantic versioning). Development builds count as
 * newest. The one place to change.
 */
export const SUPPORTED_SERVERS = { tested: "3.17.0", from: "3.0.0", before: "4.0.0" } as const;

/**
 * How each release is known: `tested` runs the whole suite against a real server; `emulated`
 * releases are played by the emulator's `version` option and run the conformance table there;
 * `read` releases' source (server/model, server/api, server/router/api.go at the tag) was read for
 * every field and route the provider uses, which is where the specs' `since` flags come from.
 */
export const SERVER_RELEASES = {
  tested: ["3.17.0"],
  emulated: ["3.0.0", "3.10.0", "3.13.0", "3.17.0", "3.18.0"],
  read: [
    "3.0.0",
    "3.1.0",
    "3.2.0",
    "3.3.0",
    "3.4.0",
    "3.5.0",
    "3.6.0",
    "3.7.0",
    "3.8.0",
    "3.9.0",
    "3.10.0",
    "3.11.0",
    "3.12.0",
    "3.13.0",
    "3.14.0",
    "3.15.0",
    "3.16.0",
    "3.17.0",
    "3.18.0",
  ],
} as const;

/** The one warning for a server outside SUPPORTED_SERVERS, or undefined when it is inside. */
export function unsupportedServerWarning(server: string, version: string): string | undefined {
  if (!parseVersion(version)) return undefined;
  const { tested, from, before } = SUPPORTED_SERVERS;
  const range = `v${from} and later v${parseVersion(from)![0]} releases; tested on v${tested}`;
  if (!versionAtLeast(version, from)) {
    return `the Woodpecker server ${server} is ${version}, older than this provider supports (${range}): requests may fail or fields be dropped by the server; upgrade the server`;
  }
  if (versionAtLeast(version, before)) {
    return `the Woodpecker server ${server} is ${version}, a major version this provider does not support yet (${range}): requests may fail in unexpected ways; check for a newer pulumi-woodpecker`;
  }
  return undefined;
}
