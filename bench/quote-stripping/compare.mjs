// Benchmark, not a test: runs npm reply parsers over the labeled reply corpus (shared/corpora/replies)
// and prints one JSON line per tool, in the shape ReplyCorpusBenchmark.java prints for ticketmail.
// Same loading, normalization, metrics and timing as the Java class.
//
//   node compare.mjs [CORPUS_DIR] [--details]
//
// --details prints every pair that is not an exact match (expected vs actual) to stderr.
import fs from 'node:fs';
import path from 'node:path';
import EmailReplyParser from 'email-reply-parser';
import planer from 'planer';

const WARMUP_MS = 3000;
const MEASURE_MS = 2000;

const tools = {
  'email-reply-parser': (text) => new EmailReplyParser().read(text).getVisibleText(),
  planer: (text) => planer.extractFrom(text, 'text/plain'),
};

function findCorpus() {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'shared', 'corpora', 'replies');
    if (fs.existsSync(candidate) && fs.statSync(candidate).isDirectory()) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`shared/corpora/replies not found above ${process.cwd()}`);
  }
}

/** UTF-8, or windows-1252 when the bytes are not valid UTF-8. */
function decode(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Every <name>.expected.txt with its <name>.txt, CRLF turned into LF. */
function load(corpus) {
  return fs.readdirSync(corpus, { recursive: true })
    .filter((f) => f.endsWith('.expected.txt'))
    .sort()
    .map((f) => ({
      name: f.replace(/\.expected\.txt$/, ''),
      input: decode(fs.readFileSync(path.join(corpus, f.replace(/\.expected\.txt$/, '.txt')))).replaceAll('\r\n', '\n'),
      expected: decode(fs.readFileSync(path.join(corpus, f))).replaceAll('\r\n', '\n'),
    }));
}

const normalize = (s) => s.replaceAll('\r\n', '\n').trim();

/** Levenshtein distance (UTF-16 units) divided by the longer length; 0 when both are empty. */
function normalizedEditDistance(a, b) {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      current[j] = Math.min(substitution, previous[j] + 1, current[j - 1] + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] / longer;
}

function pass(strip, pairs) {
  let length = 0;
  for (const p of pairs) length += strip(p.input).length;
  return length;
}

function measure(tool, strip, pairs, details) {
  let exact = 0;
  let distanceSum = 0;
  for (const p of pairs) {
    const actual = normalize(strip(p.input));
    const expected = normalize(p.expected);
    if (actual === expected) exact++;
    else if (details) process.stderr.write(`--- ${tool}: ${p.name}\n=== expected\n${expected}\n=== actual\n${actual}\n\n`);
    distanceSum += normalizedEditDistance(actual, expected);
  }

  let sink = 0;
  let start = performance.now();
  while (performance.now() - start < WARMUP_MS) sink += pass(strip, pairs);
  let passes = 0;
  let elapsed;
  start = process.hrtime.bigint();
  do {
    sink += pass(strip, pairs);
    passes++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  } while (elapsed * 1000 < MEASURE_MS);
  globalThis.blackhole = sink; // keeps the timed work observable

  const n = pairs.length;
  return {
    tool,
    messages: n,
    exact,
    exactRate: Number((exact / n).toFixed(4)),
    meanNormalizedEditDistance: Number((distanceSum / n).toFixed(4)),
    messagesPerSecond: Math.round((passes * n) / elapsed),
  };
}

const args = process.argv.slice(2);
const details = args.includes('--details');
const corpus = args.find((a) => a !== '--details') ?? findCorpus();
const pairs = load(corpus);
if (pairs.length === 0) throw new Error(`no <name>.txt / <name>.expected.txt pairs in ${corpus}`);
for (const [tool, strip] of Object.entries(tools)) {
  console.log(JSON.stringify(measure(tool, strip, pairs, details)));
}
