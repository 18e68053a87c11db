#!/usr/bin/env bash
# Quote-stripping benchmark: ticketmail's QuoteStripper vs the npm packages email-reply-parser and planer
# on labeled reply corpora. Installs what it needs (npm ci, Maven build), measures, prints one table per corpus.
#
#   bench/quote-stripping/run.sh [CORPUS_DIR] [--details]
#
# Without CORPUS_DIR: the tuning corpus (the first shared/corpora/replies found above the repository root)
# and the held-out corpus bench/quote-stripping/eval. With CORPUS_DIR: that corpus only.
# --details prints every pair a tool does not match exactly (expected vs actual) to stderr; without CORPUS_DIR
# only for the tuning corpus, so that the held-out texts are not shown while rules are being written.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

corpus=""
details=""
for arg in "$@"; do
  case "$arg" in
    --details) details="--details" ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) corpus="$arg" ;;
  esac
done
# Each corpus is "label|directory|details flag".
corpora=()
if [[ -z "$corpus" ]]; then
  dir="$root"
  while [[ "$dir" != / && ! -d "$dir/shared/corpora/replies" ]]; do dir="$(dirname "$dir")"; done
  corpora+=("tuning corpus (shared/corpora/replies)|$dir/shared/corpora/replies|$details")
  corpora+=("held-out corpus (bench/quote-stripping/eval)|$here/eval|")
else
  corpora+=("corpus|$corpus|$details")
fi
for entry in "${corpora[@]}"; do
  IFS='|' read -r _ dir _ <<<"$entry"
  [[ -d "$dir" ]] || { echo "error: corpus directory not found: $dir" >&2; exit 2; }
done

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

ticketmail_version="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$root/pom.xml" | head -n 1)"
git_state="$(git -C "$root" describe --always --dirty 2>/dev/null || echo "not a git checkout")"
java_version="$("$java" -version 2>&1 | head -n 1)"
classpath="$root/mailets/target/test-classes:$root/mailets/target/classes:$(cat "$root/$classpath_file")"

first=1
for entry in "${corpora[@]}"; do
  IFS='|' read -r label corpus corpus_details <<<"$entry"
  corpus="$(cd "$corpus" && pwd)"

  echo "Measuring ticketmail on the $label (about 5 s) ..." >&2
  java_result="$("$java" -cp "$classpath" org.ticketmail.quote.ReplyCorpusBenchmark "$corpus" ${corpus_details:+"$corpus_details"})"

  echo "Measuring email-reply-parser and planer on the $label (about 10 s) ..." >&2
  node_result="$(cd "$here" && node compare.mjs "$corpus" ${corpus_details:+"$corpus_details"})"

  [[ $first == 1 ]] || echo
  printf '%s\n%s\n' "$java_result" "$node_result" | (
    cd "$here"
    LABEL="$label" CORPUS="$corpus" FIRST="$first" TICKETMAIL_VERSION="$ticketmail_version ($git_state)" \
      JAVA_VERSION="$java_version" node -e '
const fs = require("node:fs");
const rows = fs.readFileSync(0, "utf8").trim().split("\n").map((line) => JSON.parse(line));
const version = (pkg) => require(`./node_modules/${pkg}/package.json`).version;
const base = rows.find((r) => r.tool === "ticketmail");
if (!base || rows.length !== 3) throw new Error("expected results for 3 tools, got: " + JSON.stringify(rows));
if (rows.some((r) => r.messages !== base.messages)) throw new Error("the tools read different numbers of messages");

if (process.env.FIRST === "1") {
  console.log(`Versions: ticketmail ${process.env.TICKETMAIL_VERSION}, default quote rules; ` +
    `email-reply-parser ${version("email-reply-parser")}; planer ${version("planer")}`);
  console.log(`Runtimes: ${process.env.JAVA_VERSION}; node ${process.version}`);
  console.log();
}
console.log(`${process.env.LABEL}: ${process.env.CORPUS} (${base.messages} pairs)`);
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
  first=0
done
