// The page's words are data (web/data/): every message the page's modules ask for exists in both
// languages with the same values in it, every data-i18n key of index.html has its English, and
// nothing in the tables is left unused.
// Run: node --test tests/node/page-messages.test.mjs
import assert from 'node:assert/strict';
import {readFileSync, readdirSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const web = join(root, 'web');
const read = (path) => readFileSync(path, 'utf8');
const messages = JSON.parse(read(join(web, 'data/messages.json')));
const staticEn = JSON.parse(read(join(web, 'data/static-en.json')));
const sources = (dir) => readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
  e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.js') ? [read(join(dir, e.name))] : []);
const code = sources(join(web, 'app')).join('\n');
const FORMATS = new Set(['num', 'orders', 'batches', 'encoding', 'sample', 'lines']);

test('every message is [Chinese, English] of one kind, with the same values in both', () => {
  for (const [key, pair] of Object.entries(messages)) {
    assert.ok(Array.isArray(pair) && pair.length === 2, key);
    assert.equal(typeof pair[0], typeof pair[1], key);
    if (typeof pair[0] !== 'string') continue;
    const holes = (s) => [...s.matchAll(/\{(\d)(?::(\w+))?\}/g)].map((m) => {
      assert.ok(!m[2] || FORMATS.has(m[2]), `${key}: unknown format ${m[2]}`);
      return m[1];
    }).sort().join();
    assert.equal(holes(pair[0]), holes(pair[1]), key);
  }
});

test('every message the page asks for exists, and every message is asked for', () => {
  const asked = new Set([...code.matchAll(/\bt\('(\w+)'/g), ...code.matchAll(/\[\s*'(\w+)'\s*[,\]]/g)].map((m) => m[1]));
  const missing = [...code.matchAll(/\bt\('(\w+)'/g)].map((m) => m[1]).filter((k) => !(k in messages));
  assert.deepEqual([...new Set(missing)], []);
  // keys reached another way: composed names and formats
  const indirect = new Set(['progressLines', 'brief', 'polite', 'full', 'bom', 'gbk', 'progressCheck', 'progressCompact']);
  const unused = Object.keys(messages).filter((k) => !asked.has(k) && !indirect.has(k) && !code.includes(`'${k}'`));
  assert.deepEqual(unused, []);
});

test('every data-i18n key of index.html has its English, and no English is left over', () => {
  const html = read(join(web, 'index.html'));
  const keys = new Set([...html.matchAll(/data-i18n="(\w+)"/g)].map((m) => m[1]));
  for (const m of html.matchAll(/data-i18n-attr="([^"]+)"/g)) for (const pair of m[1].split(',')) keys.add(pair.split('=')[1].trim());
  assert.deepEqual([...keys].filter((k) => typeof staticEn[k] !== 'string'), []);
  assert.deepEqual(Object.keys(staticEn).filter((k) => !keys.has(k)), []);
});
