// wink_peer.js - the peer in the newsx benchmark: wink-nlp with
// wink-eng-lite-web-model over the same corpus as bench-core.
//
// Usage: node wink_peer.js CORPUS_DIR [ROUNDS]
//
// Loads CORPUS_DIR/corpus.jsonl (the envelopes bench-corpus wrote) and keeps
// each article's text; times the model load (startup), then, on one thread,
// reads every text with nlp.readDoc() and takes out what a newsx record
// carries that wink can give: entities, sentences and tokens. Words are the
// corpus words from corpus.stats (the same count bench-core divides by).
// Prints "key value" lines like bench-core (startup_ms, peak_rss_kb,
// articles, text_mb, words, wink_tokens, wink_entities, single_s,
// single_articles_s, single_mb_s, single_words_s, single_cpu_s,
// single_words_cpu_s). CPU time is the whole process's (user + system, so
// V8's garbage collector threads count against wink).
'use strict';

const fs = require('fs');
const path = require('path');

function main() {
  const dir = process.argv[2];
  const rounds = Number(process.argv[3] || 1);
  if (!dir || !(rounds >= 1)) {
    process.stderr.write('usage: node wink_peer.js CORPUS_DIR [ROUNDS]\n');
    process.exit(2);
  }
  const stats = {};
  for (const line of fs.readFileSync(path.join(dir, 'corpus.stats'), 'utf8').split('\n')) {
    const [k, v] = line.split(' ');
    if (k) stats[k] = Number(v);
  }
  const texts = [];
  for (const line of fs.readFileSync(path.join(dir, 'corpus.jsonl'), 'utf8').split('\n')) {
    if (line) texts.push(JSON.parse(line).text);
  }

  const t0 = process.hrtime.bigint();
  const winkNLP = require('wink-nlp');
  const model = require('wink-eng-lite-web-model');
  const nlp = winkNLP(model);
  const its = nlp.its;
  const startupMs = Number(process.hrtime.bigint() - t0) / 1e6;

  // Warm-up, as bench-core does.
  for (let i = 0; i < Math.min(500, texts.length); i++) nlp.readDoc(texts[i]).entities().out();

  let tokens = 0;
  let entities = 0;
  const c0 = process.cpuUsage();
  const s0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (const text of texts) {
      const doc = nlp.readDoc(text);
      entities += doc.entities().out(its.detail).length;
      doc.sentences().out(its.span);
      tokens += doc.tokens().out(its.type).length;
    }
  }
  const single = Number(process.hrtime.bigint() - s0) / 1e9;
  const cu = process.cpuUsage(c0);
  const singleCpu = (cu.user + cu.system) / 1e6;

  const articles = texts.length * rounds;
  const mb = (stats.text_bytes / 1e6) * rounds;
  const words = stats.words * rounds;
  const out = [
    ['startup_ms', startupMs.toFixed(1)],
    ['peak_rss_kb', process.resourceUsage().maxRSS],
    ['articles', articles],
    ['text_mb', mb.toFixed(2)],
    ['words', words],
    ['wink_tokens', tokens],
    ['wink_entities', entities],
    ['single_s', single.toFixed(3)],
    ['single_articles_s', (articles / single).toFixed(0)],
    ['single_mb_s', (mb / single).toFixed(2)],
    ['single_words_s', (words / single).toFixed(0)],
    ['single_cpu_s', singleCpu.toFixed(3)],
    ['single_words_cpu_s', (words / singleCpu).toFixed(0)],
  ];
  process.stdout.write(out.map(([k, v]) => `${k} ${v}\n`).join(''));
  process.stderr.write(
    `wink_peer: startup ${startupMs.toFixed(1)} ms; ${articles} articles; ` +
      `${(words / single).toFixed(0)} words/s (${(mb / single).toFixed(2)} MB/s)\n`,
  );
}

main();
