#!/usr/bin/env bash
# Crash test: the appliance in a child JVM is killed with SIGKILL at random moments while customers
# write, and started again; prints accepted, recorded, distributed, acknowledged, lost, duplicated.
# Exits 1 when a mail that got a 250 was lost.
#
#   bench/crash/run.sh [KILLS] [CLIENTS] [SEED]      (defaults: 10 kills, 4 SMTP clients, a random seed)
set -euo pipefail
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/java-main.sh" org.ticketmail.assembly.CrashBenchmark "$@"
