#!/usr/bin/env bash
# Generate the Python SDK (pulumi_woodpecker) from schema.json with Pulumi's own code generator
# (scripts/sdkgen, built once into ~/.cache/pulumi-woodpecker):
#
#   bash scripts/python/gen-sdk.sh [out-dir]     (default sdk/python; `npm run gen` runs it)
#
# `pulumi package gen-sdk --language python` would make the same calls inside the Python language host,
# but the only host buildable here (sdk/v3 v3.68.0, see scripts/e2e/build-python-host.sh) predates that.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec bash "$REPO_ROOT/scripts/sdkgen/run.sh" python "$REPO_ROOT/schema.json" "${1:-$REPO_ROOT/sdk/python}"
