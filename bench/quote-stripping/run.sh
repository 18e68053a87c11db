#!/usr/bin/env bash
# Quote-stripping benchmark: ticketmail's QuoteStripper vs the npm packages email-reply-parser and planer
# on the labeled reply corpus. Installs what it needs (npm ci, Maven build), measures, prints a table.
#
#   bench/quote-stripping/run.sh [CORPUS_DIR] [--details]
#
# CORPUS_DIR defaults to the first shared/corpora/replies found above the repository root.
# --details prints every pair a tool does not match exactly (expected vs actual) to stderr.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

corpus=""
details=""
for arg in "$@"; do
  case "$arg" in
    --details) details="--details" ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) corpus="$arg" ;;
  esac
done
if [[ -z "$corpus" ]]; then
  dir="$root"
  while [[ "$dir" != / && ! -d "$dir/shared/corpora/replies" ]]; do dir="$(dirname "$dir")"; done
  corpus="$dir/shared/corpora/replies"
fi
[[ -d "$corpus" ]] || { echo "error: corpus directory not found: $corpus" >&2; exit 2; }
corpus="$(cd "$corpus" && pwd)"

for tool in node npm mvn; do
  command -v "$tool" >/dev/null || { echo "error: $tool is not on the PATH" >&2; exit 2; }
done
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

echo "Installing npm packages ..." >&2
(
  cd "$here"
  if [[ -f package-lock.json ]]; then
    npm ci --no-audit --no-fund --loglevel=error
  else
    npm install --no-audit --no-fund --loglevel=error
  fi
) >&2

echo "Building ticketmail (mailets and the modules it needs) ..." >&2
classpath_file="mailets/target/bench-classpath.txt"
(
  cd "$root"
  mvn -B -q -ntp -pl mailets -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt 2>&1 \
    | sed $'s/\e\\[[0-9;]*m//g'   # Maven 3.8 prints bare colour resets even with -B -q
) >&2

echo "Measuring ticketmail (about 5 s) ..." >&2
classpath="$root/mailets/target/test-classes:$root/mailets/target/classes:$(cat "$root/$classpath_file")"
java_result="$("$java" -cp "$classpath" org.ticketmail.quote.ReplyCorpusBenchmark "$corpus" ${details:+"$details"})"

echo "Measuring email-reply-parser and planer (about 10 s) ..." >&2
node_result="$(cd "$here" && node compare.mjs "$corpus" ${details:+"$details"})"

ticketmail_version="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$root/pom.xml" | head -n 1)"
git_state="$(git -C "$root" describe --always --dirty 2>/dev/null || echo "not a git checkout")"
java_version="$("$java" -version 2>&1 | head -n 1)"

printf '%s\n%s\n' "$java_result" "$node_result" | (
  cd "$here"
  CORPUS="$corpus" TICKETMAIL_VERSION="$ticketmail_version ($git_state)" JAVA_VERSION="$java_version" node -e '
const fs = require("node:fs");
const rows = fs.readFileSync(0, "utf8").trim().split("\n").map((line) => JSON.parse(line));
const version = (pkg) => require(`./node_modules/${pkg}/package.json`).version;
const base = rows.find((r) => r.tool === "ticketmail");
if (!base || rows.length !== 3) throw new Error("expected results for 3 tools, got: " + JSON.stringify(rows));
if (rows.some((r) => r.messages !== base.messages)) throw new Error("the tools read different numbers of messages");

console.log(`Corpus:   ${process.env.CORPUS} (${base.messages} pairs)`);
console.log(`Versions: ticketmail ${process.env.TICKETMAIL_VERSION}, default quote rules; ` +
  `email-reply-parser ${version("email-reply-parser")}; planer ${version("planer")}`);
console.log(`Runtimes: ${process.env.JAVA_VERSION}; node ${process.version}`);
console.log();
const table = [["tool", "exact matches", "mean norm. edit distance", "messages/s", "speed"]];
for (const r of rows) {
  const ratio = base.messagesPerSecond / r.messagesPerSecond;
  const speed = r === base ? "" : ratio >= 1
    ? `ticketmail is ${ratio.toFixed(1)}x faster` : `ticketmail is ${(1 / ratio).toFixed(1)}x slower`;
  table.push([r.tool, `${r.exact}/${r.messages} (${(100 * r.exactRate).toFixed(1)}%)`,
    r.meanNormalizedEditDistance.toFixed(4), String(r.messagesPerSecond), speed]);
}
const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
const line = (row) => row.map((cell, c) => (c === 0 || c === 4 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ").trimEnd();
console.log(line(table[0]));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
table.slice(1).forEach((row) => console.log(line(row)));
'
)
