/**
 * The platforms a release has plugin archives for, named as the CLI asks for them
 * (`pulumi-resource-<name>-v<version>-<os>-<arch>.tar.gz`, os and arch in Go's spelling).
 */
export const OSES = ["linux", "darwin", "windows"] as const;
export const ARCHES = ["amd64", "arm64"] as const;
export const DEFAULT_TARGETS = ["linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64", "windows-amd64"];

export interface Target {
  os: (typeof OSES)[number];
  arch: (typeof ARCHES)[number];
}

/** Parses `<os>-<arch>` names; an os or arch the CLI does not download for is an error. */
export function parseTargets(names: string[]): Target[] {
  return names.map((name) => {
    const [os, arch, ...rest] = name.split("-");
    if (rest.length || !OSES.includes(os as Target["os"]) || !ARCHES.includes(arch as Target["arch"]))
      throw new Error(
        `release: unknown platform "${name}": the Pulumi CLI downloads plugins for <os>-<arch> with os in ${OSES.join(", ")} and arch in ${ARCHES.join(", ")}`,
      );
    return { os, arch } as Target;
  });
}

export const archiveName = (version: string, t: Target) => `pulumi-resource-woodpecker-v${version}-${t.os}-${t.arch}.tar.gz`;
