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
