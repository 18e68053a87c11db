#!/usr/bin/env bash
# Runs a benchmark's main class from the assembly's test classes, after building what it needs:
#   bench/java-main.sh CLASS [ARGS...]      (used by bench/pipeline/run.sh and bench/crash/run.sh)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
main="$1"
shift
echo "Building ticketmail (assembly and the modules it needs) ..." >&2
mvn -B -q -ntp -pl assembly -am -DskipTests install >&2
mvn -B -q -ntp -pl assembly test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt >&2
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" -Xmx512m -Dlogback.configurationFile="$root/conf/logback.xml" \
  -cp "assembly/target/test-classes:assembly/target/classes:$(cat assembly/target/bench-classpath.txt)" \
  "$main" "$@"
