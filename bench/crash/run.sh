#!/usr/bin/env bash
# Crash test: the appliance in a child JVM is killed with SIGKILL at random moments while customers
# write, and started again; prints accepted, recorded, distributed, acknowledged, lost, duplicated.
# Exits 1 when a mail that got a 250 was lost.
#
#   bench/crash/run.sh [KILLS] [CLIENTS] [SEED]      (defaults: 10 kills, 4 SMTP clients, a random seed)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
echo "Building ticketmail (assembly and the modules it needs) ..." >&2
mvn -B -q -ntp -pl assembly -am -DskipTests install >&2
mvn -B -q -ntp -pl assembly test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt >&2
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" -Xmx512m -Dlogback.configurationFile="$root/conf/logback.xml" \
  -cp "assembly/target/test-classes:assembly/target/classes:$(cat assembly/target/bench-classpath.txt)" \
  org.ticketmail.assembly.CrashBenchmark "$@"
