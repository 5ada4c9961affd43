#!/usr/bin/env bash
# R8 check of the consumer rules shipped in the SDK jars (see build-tools/ANDROID.md). Not part of the default build.
# Builds the SDK modules, shrinks build-tools/r8-app (an Android-style consumer app using every SDK module) with R8
# 9.1 in release/full mode at min API 26 against Robolectric's android-all (API 26) + the JDK, with only the app's
# entry point and the consumer rules found in the jars (picked as the Android Gradle plugin picks them), dexes the
# result with D8, then runs the shrunk class files on the JVM against the emulator (ShrunkAppTest).
# Fails on any R8/D8 warning not explained in build-tools/r8-app/explained-warnings.txt.
# Report: build-tools/r8-app/target/r8/report/ (summary.txt, consumer-rules.txt, configuration.txt, usage.txt, mapping.txt).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -B -Pr8 -pl build-tools/r8-app -am verify -Dtest=ShrunkAppTest -Dsurefire.failIfNoSpecifiedTests=false "$@"
cat build-tools/r8-app/target/r8/report/summary.txt
