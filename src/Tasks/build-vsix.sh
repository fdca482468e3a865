#!/usr/bin/env bash
# Builds the Azure DevOps extension (.vsix) from the committed task metadata and two builds of graylane:
#   src/Tasks/build-vsix.sh <linux-x64 AOT publish dir> <framework-dependent publish dir> <output dir> [tfx]
# It stages a copy of the manifest and the task folders (the committed tree stays free of binaries),
# puts run-graylane.js and both builds into every task folder (the agent downloads each task alone)
set -euo pipefail
native=$(cd "$1" && pwd); portable=$(cd "$2" && pwd); mkdir -p "$3"; out=$(cd "$3" && pwd)
tfx=${4:-tfx}
[[ "$tfx" == */* ]] && tfx=$(cd "$(dirname "$tfx")" && pwd)/$(basename "$tfx")
root=$(cd "$(dirname "$0")/../.." && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

cp "$root/vss-extension.json" "$stage/"
mkdir -p "$stage/src/Tasks"
cp -r "$root/src/Tasks/images" "$root/src/Tasks/overview.md" "$stage/src/Tasks/"
for task in "$root"/src/Tasks/*V[0-9]*/; do
  name=$(basename "$task")
  dest="$stage/src/Tasks/$name"
  mkdir -p "$dest/bin/linux-x64" "$dest/bin/portable"
  cp "$task/task.json" "$task/index.js" "$root/src/Tasks/run-graylane.js" "$dest/"
  cp "$native/graylane" "$dest/bin/linux-x64/graylane"
  chmod 755 "$dest/bin/linux-x64/graylane"
  # Only what the runtime loads: no symbols, no apphost (the handler starts it with `dotnet graylane.dll`).
  (cd "$portable" && find . -maxdepth 1 \( -name '*.dll' -o -name '*.json' \) -exec cp {} "$dest/bin/portable/" \;)
done
(cd "$stage" && "$tfx" extension create --manifest-globs vss-extension.json --output-path "$out" --no-prompt)
ls -l "$out"/*.vsix
