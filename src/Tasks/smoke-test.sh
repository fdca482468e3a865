#!/usr/bin/env bash
# Runs the shipped artifacts as their hosts do, against the local cluster (sandbox):
#   src/Tasks/smoke-test.sh <native graylane binary> <.vsix> <graylane with the local cluster> <release archives folder>
# 1. the native binary as the container action runs it: GITHUB_ACTIONS=true, INPUT_* variables, the step
#    as the only argument, outputs read back from $GITHUB_OUTPUT (deploy-gray, shift-traffic, promote);
# 2. a task taken out of the .vsix, through node index.js as the agent runs it: it installs the native build
#    its payload.json pins from the release archives (a mirror folder, GRAYLANE_DOWNLOAD_URL) into the tool cache,
#    TF_BUILD=True, camelCase INPUT_* variables, outputs read back from ##vso[task.setvariable] (rollback).
set -euo pipefail
native=$1; vsix=$2; sandbox_cli=$3; release=$(cd "$4" && pwd)
work=$(mktemp -d)
cleanup() { [ -n "${sandbox_pid:-}" ] && kill "$sandbox_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

cat > "$work/app.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default, labels: {app: web, version: v1}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web, version: v1}}
  template:
    metadata: {labels: {app: web, version: v1}}
    spec: {containers: [{name: web, image: "web:1"}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  selector: {app: web, version: v1}
  ports: [{port: 80}]
YAML
"$sandbox_cli" sandbox --port 0 --write-kubeconfig "$work/kubeconfig" --apply "$work/app.yaml" --pod-ready-delay 100ms \
  > "$work/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 100); do [ -s "$work/kubeconfig" ] && break; sleep 0.1; done
[ -s "$work/kubeconfig" ] || { cat "$work/sandbox.log"; echo "smoke: the sandbox did not start"; exit 1; }

# Like the runner starting the container action: only INPUT_* and the GitHub variables, the step as args.
github_step() {
  local step=$1; shift
  : > "$work/output"
  env -i PATH="$PATH" HOME="$work" GITHUB_ACTIONS=true GITHUB_OUTPUT="$work/output" GITHUB_STEP_SUMMARY="$work/summary" \
    INPUT_KUBECONFIG="$work/kubeconfig" "$@" "$native" "$step" > "$work/$step.log" 2>&1 \
    || { cat "$work/$step.log"; echo "smoke: $step (GitHub action contract) failed"; exit 1; }
}
output() { awk -v n="$1" 'index($0, n "<<") == 1 {getline; print; exit}' "$work/output"; }

github_step deploy-gray INPUT_SERVICE=web INPUT_IMAGE=web:2 INPUT_VERSION=v2 INPUT_TIMEOUT=30s
[ "$(output gray-workload)" = "web-v2" ] || { cat "$work/output"; echo "smoke: deploy-gray output gray-workload is not web-v2"; exit 1; }
github_step shift-traffic INPUT_APP=web INPUT_WEIGHT=100
[ "$(output gray-weight)" = "100" ] || { cat "$work/output"; echo "smoke: shift-traffic output gray-weight is not 100"; exit 1; }
github_step promote INPUT_APP=web INPUT_SCALE-DOWN-DELAY=0
[ "$(output version)" = "v2" ] || { cat "$work/output"; echo "smoke: promote output version is not v2"; exit 1; }

# The Azure task exactly as packaged: unzip the .vsix, run the task's index.js with node.
mkdir -p "$work/vsix" && (cd "$work/vsix" && unzip -q "$vsix")
task="$work/vsix/src/Tasks/RollbackV1"
env -i PATH="$PATH" HOME="$work" TF_BUILD=True AGENT_TEMPDIRECTORY="$work" AGENT_TOOLSDIRECTORY="$work/tools" GRAYLANE_DOWNLOAD_URL="$release" \
  INPUT_KUBECONFIG="$work/kubeconfig" INPUT_APP=web INPUT_REASON="smoke test" INPUT_TIMEOUT=30s \
  node "$task/index.js" > "$work/rollback.log" 2>&1 \
  || { cat "$work/rollback.log"; echo "smoke: rollback (Azure task) failed"; exit 1; }
grep -q '^##vso\[task.setvariable variable=version;isOutput=true\]v1$' "$work/rollback.log" \
  || { cat "$work/rollback.log"; echo "smoke: the Azure task did not set output version=v1"; exit 1; }
grep -q 'SHA-256 verified' "$work/rollback.log" && cmp -s "$native" "$(ls -d "$work"/tools/graylane/*/linux-x64)/graylane" \
  || { cat "$work/rollback.log"; echo "smoke: the Azure task did not install the pinned native build"; exit 1; }
grep -q '^##vso\[task.complete result=Succeeded;\]' "$work/rollback.log" \
  || { cat "$work/rollback.log"; echo "smoke: the Azure task did not complete"; exit 1; }
echo "smoke: native binary ran deploy-gray, shift-traffic, promote as the container action; the .vsix's rollback task installed it and ran through node"
