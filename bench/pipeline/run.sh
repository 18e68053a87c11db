#!/usr/bin/env bash
# Pipeline benchmark: mails/s and SMTP accept latency of ticketmail's pipeline against a bare James
# relay, both measured in one process on this machine (GreenMail is the relay). Prints figures only.
#
#   bench/pipeline/run.sh [MAILS] [CLIENTS]      (defaults: 1000 mails, 8 SMTP clients)
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
  org.ticketmail.assembly.PipelineBenchmark "$@"
