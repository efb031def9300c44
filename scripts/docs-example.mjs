#!/usr/bin/env node
// Regenerates the example in docs/result-document.md from the CLI's real output (the orders the
// example already shows); tests/node/parity.test.mjs fails when the two differ.
// Run after scripts/build.sh: node scripts/docs-example.mjs
import {spawnSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const path = join(root, 'docs/result-document.md');
const doc = readFileSync(path, 'utf8');
const start = doc.indexOf('```json\n') + 8, end = doc.indexOf('\n```', start);
const shown = new Set(JSON.parse(doc.slice(start, end)).orders.map((o) => o.order_sn));
const cli = spawnSync(join(root, 'build/native/lanshou'),
  ['check', join(root, 'tests/fixtures/from-spreadsheet.tsv'), '--now', '2025-03-12T12:00:00+08:00'],
  {encoding: 'utf8'});
if (cli.status !== 0) throw new Error(cli.stderr);
const out = JSON.parse(cli.stdout);
out.orders = out.orders.filter((o) => shown.has(o.order_sn));
writeFileSync(path, doc.slice(0, start) + JSON.stringify(out, null, 2) + doc.slice(end));
