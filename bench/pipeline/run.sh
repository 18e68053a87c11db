#!/usr/bin/env bash
# Pipeline benchmark: mails/s and SMTP accept latency of ticketmail's pipeline against a bare James
# relay, both measured in one process on this machine (GreenMail is the relay). Prints figures only.
#
#   bench/pipeline/run.sh [MAILS] [CLIENTS]      (defaults: 1000 mails, 8 SMTP clients)
set -euo pipefail
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/java-main.sh" org.ticketmail.assembly.PipelineBenchmark "$@"
