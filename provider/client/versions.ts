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
 * The servers this provider supports: the v3 line from the release it is tested against (v3.17.0,
 * through the emulator and a real server) up to the next major version. Later v3 releases keep the
 * API (Woodpecker follows semantic versioning); older v3 releases lack fields and fixes the
 * provider relies on. Development builds count as newest and are accepted. The one place to change.
 */
export const SUPPORTED_SERVERS = { tested: "3.17.0", from: "3.17.0", before: "4.0.0" } as const;

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
