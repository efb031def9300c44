// Issue 17's size target, as scripts/bench.sh measures it (gzip -9 of the file): the one-file
// offline page a merchant downloads stays at most 250,000 bytes with embind and nlohmann/json in
// (issue 8 had 200,000 before either was). Sizes are exact for a given
// build, so this cannot flake; it fails when a change makes the page outgrow the target.
// Run: node --test tests/node/size.test.mjs   (after scripts/build.sh)
import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {gzipSync} from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const offline = join(root, 'build/site/lanshou-offline.html');
const TARGET = 250000;

test(`lanshou-offline.html is at most ${TARGET} bytes gzip -9`, {skip: !existsSync(offline) && 'build/site is not built'}, () => {
  const gzip = gzipSync(readFileSync(offline), {level: 9}).length;
  assert.ok(gzip <= TARGET, `lanshou-offline.html is ${gzip} bytes gzip -9, over the ${TARGET} of issue 8`);
});
