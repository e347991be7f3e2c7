#!/usr/bin/env bash
# The package at the oldest @pulumi/pulumi of its supported range (package.json peerDependencies): a copy
# of the checkout in a temporary folder whose node_modules has that version in place of the pinned one
# (its own dependencies nested under it), built with it and run on a focused subset: the dynamic
# provider through the SDK's real host, the functions, the plugin's classes, protocol and start-up imports,
# and the source position both faces' classes leave to the SDK (which finds it by a different rule in older releases).
#
#   bash scripts/pulumi-oldest.sh [version] [vitest options]   (default: the range's lower bound; `npm run test:oldest`, run by .ci/run)
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RANGE="$(node -p 'require(process.argv[1]).peerDependencies["@pulumi/pulumi"]' "$REPO_ROOT/package.json")"
# A first argument that is not an option is the version; the rest goes to vitest.
if [[ $# -gt 0 && $1 != -* ]]; then
  VERSION="$1"
  shift
else
  VERSION="$(echo "$RANGE" | sed -E 's/^>=([0-9.]+).*/\1/')"
fi
WORK="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-oldest-XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
echo "pulumi-oldest: @pulumi/pulumi $VERSION (range $RANGE) in $WORK" >&2

mkdir -p "$WORK/sdk" "$WORK/repo"
(cd "$WORK/sdk" && echo '{"private":true}' >package.json && npm install --no-audit --no-fund --silent "@pulumi/pulumi@$VERSION")
tar -C "$REPO_ROOT" --exclude=./node_modules --exclude=./dist --exclude=./.venv --exclude=./sdk/python --exclude=./sdk/go -cf - . | tar -C "$WORK/repo" -xf -
cp -al "$REPO_ROOT/node_modules" "$WORK/repo/node_modules"
rm -rf "$WORK/repo/node_modules/@pulumi/pulumi"
mv "$WORK/sdk/node_modules/@pulumi/pulumi" "$WORK/repo/node_modules/@pulumi/pulumi"
mkdir -p "$WORK/repo/node_modules/@pulumi/pulumi/node_modules"
for dep in "$WORK/sdk/node_modules"/* "$WORK/sdk/node_modules"/@*/*; do
  [[ -e "$dep" && "$(basename "$dep")" != .* && "$dep" != */@pulumi ]] || continue
  rel="${dep#"$WORK/sdk/node_modules/"}"
  [[ "$rel" == @* && "$rel" != */* ]] && continue
  mkdir -p "$(dirname "$WORK/repo/node_modules/@pulumi/pulumi/node_modules/$rel")"
  mv "$dep" "$WORK/repo/node_modules/@pulumi/pulumi/node_modules/$rel"
done

cd "$WORK/repo"
got="$(node -p 'require("@pulumi/pulumi/package.json").version')"
[[ "$got" == "$VERSION" ]] || { echo "pulumi-oldest: resolved @pulumi/pulumi $got, not $VERSION" >&2; exit 1; }
npx tsc -p tsconfig.json
npx tsc -p tsconfig.test.json
# (test/plugin/handshake.test.ts is not among them: the engine's Handshake RPC is newer than the range's
# lower bound, whose protocol has no message for it.)
exec npx vitest run test/engine/host.test.ts test/plugin/lifecycle.test.ts test/plugin/protocol.test.ts test/plugin/startup.test.ts sdk/plugin/plugin.test.ts provider/functions/example.test.ts test/source-position.test.ts "$@"
