#!/usr/bin/env bash
# Reproducible-build check: builds the published artifacts twice, from two fresh clones of HEAD in different folders
# and at different times, and compares every jar byte for byte (`project.build.outputTimestamp` fixes the entry
# times; Kotlin and javac output is deterministic). Not part of `mvn verify` (two full builds take minutes).
# Usage: bash build-tools/reproducible-check.sh    (exit 0: identical; 1: the differing jars are listed)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
MODULES=iot-bom,iot-auth,iot-model,iot-core,iot-shadow,iot-jobs,iot-dataplane,iot-provisioning,iot-greengrass,iot-emulator
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for run in a b; do
  git clone -q . "$WORK/$run/repo"
  (cd "$WORK/$run/repo" && mvn -B -q -DskipTests -pl "$MODULES" -am package)
  (cd "$WORK/$run/repo" && find . -path '*/target/*.jar' -not -path '*/target/*/*' | sort | xargs sha256sum) > "$WORK/$run.sha"
  sleep 2
done
if diff "$WORK/a.sha" "$WORK/b.sha"; then
  echo "reproducible: $(wc -l < "$WORK/a.sha") jars identical in both builds"
else
  echo "NOT reproducible: the jars above differ" >&2
  exit 1
fi
