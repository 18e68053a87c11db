#!/usr/bin/env bash
# Mix benchmark: the real appliance (Derby, persistent queues) in a child JVM with a 512 MiB heap, fed a help-desk
# mix (new tickets, customer replies with quoted history, employee replies, internal notes, commands) by SMTP
# clients, against a bare James relay in the same run; a counting SMTP sink is the relay. Prints mails/s,
# p50/p95/p99 from SMTP accept to the last copy at the relay, server CPU and heap, the ratio, and the same at a
# fixed offered load. Prints figures only; about 15 minutes on 2 cores.
#
#   bench/mix/run.sh [MAILS] [CLIENTS]      (defaults: 1500 mails, 8 SMTP clients)
#   BENCH_JAVA_OPTS="-Dmix.rate=50 -Dmix.seconds=60 -Dmix.seed=42" bench/mix/run.sh
#   BENCH_JAVA_OPTS="-Dmix.jfr=/tmp/mix.jfr -Dmix.syscalls=true" bench/mix/run.sh   (profile ticketmail's closed loop)
set -euo pipefail
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/java-main.sh" org.ticketmail.assembly.MixBenchmark "$@"
