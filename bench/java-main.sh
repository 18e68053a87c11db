#!/usr/bin/env bash
# Runs a benchmark's main class from the assembly's test classes, after building what it needs:
#   bench/java-main.sh CLASS [ARGS...]      (used by bench/pipeline/run.sh, bench/crash/run.sh, bench/mix/run.sh)
# MAVEN_REPO_LOCAL=DIR builds against that local Maven repository instead of ~/.m2/repository (a build of its
# own while others build on the default one); BENCH_JAVA_OPTS adds options to the benchmark's JVM (-Dmix.rate=50).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
main="$1"
shift
echo "Building ticketmail (assembly and the modules it needs) ..." >&2
repo=(${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL})
mvn -B -q -ntp "${repo[@]}" -pl assembly -am -DskipTests install >&2
mvn -B -q -ntp "${repo[@]}" -pl assembly test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt >&2
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
exec "$java" -Xmx512m ${BENCH_JAVA_OPTS:-} -Dlogback.configurationFile="$root/conf/logback.xml" \
  -cp "assembly/target/test-classes:assembly/target/classes:$(cat assembly/target/bench-classpath.txt)" \
  "$main" "$@"
