#!/usr/bin/env bash
# Builds the Azure DevOps extension (.vsix) from the committed task metadata and the release's archives:
#   src/Tasks/build-vsix.sh <archives folder> <output dir> [tfx] [required platforms, e.g. linux-x64,win-x64,portable]
# The archives folder holds graylane-<platform>.tar.gz as the GitHub release publishes them. They do not go into
# the .vsix: every task gets payload.json pinning their sizes and SHA-256 (stage-extension.js), and downloads the
# one its agent needs at run time (install-graylane.js). The .vsix must stay within MAX_VSIX_BYTES (the
# Marketplace refuses more than 25 MB, and uploads of about 19 MB were reported to fail).
set -euo pipefail
MAX_VSIX_BYTES=18000000
archives=$(cd "$1" && pwd); mkdir -p "$2"; out=$(cd "$2" && pwd)
tfx=${3:-tfx}
required=${4:-}
[[ "$tfx" == */* ]] && tfx=$(cd "$(dirname "$tfx")" && pwd)/$(basename "$tfx")
root=$(cd "$(dirname "$0")/../.." && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

node "$root/src/Tasks/stage-extension.js" "$archives" "$stage" "$required"

log=$(mktemp)
(cd "$stage" && "$tfx" extension create --manifest-globs vss-extension.json --output-path "$out" --no-prompt) 2>&1 | tee "$log"
if grep -qi 'warn' "$log"; then echo "build-vsix: tfx printed warnings (above); the Marketplace listing must have none"; exit 1; fi
rm -f "$log"
vsix=$(ls -t "$out"/*.vsix | head -1)
size=$(wc -c < "$vsix")
echo "vsix: $vsix is $size bytes (limit $MAX_VSIX_BYTES)"
if [ "$size" -gt "$MAX_VSIX_BYTES" ]; then echo "build-vsix: the .vsix is over $MAX_VSIX_BYTES bytes"; exit 1; fi
