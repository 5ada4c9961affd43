#!/usr/bin/env bash
# R8 check of the consumer rules shipped in the SDK jars (see build-tools/ANDROID.md). Not part of `mvn verify`.
# Shrinks and dexes (min API 26) a library-consumer "app" made of every Android SDK module and its runtime
# dependencies, keeping the SDK's whole public API, with the consumer rules found in the jars, the way the Android
# Gradle plugin applies them (META-INF/com.android.tools/r8*/ if a jar has it, else META-INF/proguard/).
# Usage (after `mvn install -DskipTests`): bash build-tools/r8-check.sh  [MAVEN_REPO=/path/to/m2]
# Limitation: without the Android SDK here, the library is the JDK (--lib $JAVA_HOME), not android.jar; the
# Android API itself is checked by animal-sniffer in `mvn verify`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
R8_VERSION=8.5.35
REPO_ARG=()
[ -n "${MAVEN_REPO:-}" ] && REPO_ARG=(-Dmaven.repo.local="$MAVEN_REPO")
REPO=${MAVEN_REPO:-$HOME/.m2/repository}
MODULES=iot-auth,iot-model,iot-core,iot-shadow,iot-jobs,iot-dataplane,iot-provisioning,iot-greengrass
mvn -B -q "${REPO_ARG[@]}" dependency:get -Dartifact=com.android.tools:r8:$R8_VERSION -Dtransitive=false
mvn -B -q "${REPO_ARG[@]}" -pl "$MODULES" dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile=target/r8-classpath.txt
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
{ for m in ${MODULES//,/ }; do ls "$m"/target/"$m"-*.jar | grep -v -- '-sources\|-javadoc'; tr ':' '\n' < "$m/target/r8-classpath.txt"; done; } \
  | grep -v '/dev/iotsdk/' | grep '\.jar$' | sort -u > "$WORK/program.txt"
# consumer rules, as AGP picks them
i=0
while read -r jar; do
  if unzip -l "$jar" 'META-INF/com.android.tools/r8*' >/dev/null 2>&1; then pattern='META-INF/com.android.tools/r8*/*.pro'
  else pattern='META-INF/proguard/*.pro'; fi
  for entry in $(unzip -Z1 "$jar" 2>/dev/null | grep -E "^${pattern//\*/[^/]*}$" || true); do
    i=$((i + 1)); unzip -p "$jar" "$entry" > "$WORK/rules-$i.pro"; echo "rules: $(basename "$jar")!$entry"
  done
done < "$WORK/program.txt"
cat > "$WORK/app.pro" <<'RULES'
# the app: uses the whole public SDK API
-keep public class dev.iotsdk.** { public protected *; }
# Android framework classes some dependencies reference (present on a device via android.jar, absent from the JDK)
-dontwarn android.**
-dontwarn dalvik.**
-dontwarn org.codehaus.mojo.animal_sniffer.**
RULES
ARGS=()
for f in "$WORK"/rules-*.pro "$WORK/app.pro"; do ARGS+=(--pg-conf "$f"); done
mkdir -p "$WORK/out"
java -cp "$REPO/com/android/tools/r8/$R8_VERSION/r8-$R8_VERSION.jar" com.android.tools.r8.R8 --release --min-api 26 \
  --lib "${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}" --output "$WORK/out" \
  "${ARGS[@]}" $(cat "$WORK/program.txt")
echo "R8 OK: $(ls -l "$WORK"/out/*.dex | wc -l) dex file(s), $(du -ch "$WORK"/out/*.dex | tail -1 | cut -f1)"
