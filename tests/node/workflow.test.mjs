// The GitHub Pages workflow cannot run here, so this reads it as GitHub would and checks what it
// would do: when it runs, with which rights, and that every command it runs is one of the
// project's own scripts, the same ones CI (.ci/run) runs, so there is no second build recipe.
// It also checks that the built site only uses relative URLs, so it works under a sub-path
// (https://USER.github.io/lanshou/).
import assert from 'node:assert/strict';
import {existsSync, readFileSync, readdirSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {describe, test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {parse} from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const file = join(root, '.github/workflows/pages.yml');
const workflow = parse(readFileSync(file, 'utf8'), {strict: true, uniqueKeys: true});
const jobs = Object.entries(workflow.jobs ?? {});
const steps = jobs.flatMap(([, job]) => job.steps ?? []);
const runs = steps.filter((s) => 'run' in s).map((s) => s.run.trim());
const uses = (action) => steps.filter((s) => typeof s.uses === 'string' && s.uses.split('@')[0] === action);

describe('.github/workflows/pages.yml', () => {
  test('parses as YAML, strictly, without duplicate keys', () => {
    assert.equal(typeof workflow, 'object');
    assert.ok(jobs.length > 0);
  });

  test('runs on a push to main (and by hand), nothing else', () => {
    // YAML 1.1 readers turn a bare `on` into true; the yaml package reads YAML 1.2, where it stays "on".
    assert.deepEqual(Object.keys(workflow.on).sort(), ['push', 'workflow_dispatch']);
    assert.deepEqual(workflow.on.push, {branches: ['main']});
  });

  test('asks for exactly the rights Pages needs', () => {
    assert.deepEqual(workflow.permissions, {contents: 'read', pages: 'write', 'id-token': 'write'});
    for (const [name, job] of jobs) assert.equal(job.permissions, undefined, `${name} widens the permissions`);
  });

  test('deploys one at a time, without cancelling a deployment under way', () => {
    assert.deepEqual(workflow.concurrency, {group: 'pages', 'cancel-in-progress': false});
  });

  test('every run: step is a script of this repository, and the script exists', () => {
    assert.ok(runs.length > 0);
    for (const run of runs) {
      const m = /^bash (scripts\/[\w-]+\.sh)$/.exec(run);
      assert.ok(m, `"${run}" is not one of the project's scripts: put it in scripts/ so CI and Pages share it`);
      assert.ok(existsSync(join(root, m[1])), `${m[1]} does not exist`);
    }
  });

  test('installs, tests and packages with the same scripts as CI and the README', () => {
    assert.deepEqual(runs, ['bash scripts/setup.sh', 'bash scripts/test.sh', 'bash scripts/package.sh']);
    assert.match(readFileSync(join(root, '.ci/run'), 'utf8'), /^exec bash scripts\/test\.sh$/m);
    assert.match(readFileSync(join(root, 'README.md'), 'utf8'), /scripts\/test\.sh/);
    // setup.sh expects Debian 12 as root: the build job runs in that container.
    const build = workflow.jobs.build;
    assert.equal(build.container, 'debian:12');
    assert.ok(build['runs-on']);
  });

  test('package.sh builds with build.sh and makes the three artefacts', () => {
    const script = readFileSync(join(root, 'scripts/package.sh'), 'utf8');
    assert.match(script, /^bash scripts\/build\.sh$/m);
    assert.match(script, /scripts\/build-extension\.mjs/);
    for (const artefact of ['build/site', 'lanshou-offline.html', 'build/lanshou-extension.zip']) {
      assert.ok(script.includes(artefact), `package.sh does not mention ${artefact}`);
    }
  });

  test('uploads build/site with upload-pages-artifact and deploys it with deploy-pages', () => {
    const upload = uses('actions/upload-pages-artifact');
    assert.equal(upload.length, 1);
    assert.deepEqual(upload[0].with, {path: 'build/site'});
    const [deployName, deploy] = jobs.find(([, job]) => job.steps.some((s) => s.uses?.startsWith('actions/deploy-pages@')));
    const [buildName, build] = jobs.find(([, job]) => job.steps.includes(upload[0]));
    assert.notEqual(deployName, buildName);
    assert.equal(deploy.needs, buildName);
    assert.equal(deploy.environment.name, 'github-pages');
    const step = deploy.steps.find((s) => s.uses?.startsWith('actions/deploy-pages@'));
    assert.equal(deploy.environment.url, `\${{ steps.${step.id}.outputs.page_url }}`);
    // The upload comes after the tests and the packaging.
    const order = build.steps.map((s) => s.run ?? s.uses);
    assert.ok(order.indexOf('bash scripts/test.sh') < order.indexOf(upload[0].uses));
    assert.ok(order.indexOf('bash scripts/package.sh') < order.indexOf(upload[0].uses));
  });

  test('every action is GitHub\'s own, pinned to a major version', () => {
    for (const step of steps.filter((s) => s.uses)) {
      assert.match(step.uses, /^actions\/[\w-]+@v\d+$/, step.uses);
    }
  });
});

describe('the site under a sub-path (https://USER.github.io/lanshou/)', () => {
  const site = join(root, 'build/site');

  test('index.html refers to its files by relative URLs only', () => {
    const html = readFileSync(join(site, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/\b(?:src|href|action)\s*=\s*["']([^"']*)["']/g)].map((m) => m[1]);
    assert.ok(refs.length > 0);
    for (const ref of refs) {
      assert.ok(!ref.startsWith('/'), `${ref} is absolute: it breaks under /lanshou/`);
      assert.ok(!/^https?:/i.test(ref), `${ref} leaves the site`);
    }
    for (const ref of refs.filter((r) => !/^(data:|#|mailto:)/.test(r) && r)) {
      assert.ok(existsSync(join(site, ref.split(/[?#]/)[0])), `${ref} is not in build/site`);
    }
  });

  test('the scripts register, fetch and link nothing by an absolute path', () => {
    for (const name of readdirSync(site).filter((f) => /\.(js|html|webmanifest|json)$/.test(f) && f !== 'worker-source.js' && f !== 'lanshou-offline.html')) {
      const text = readFileSync(join(site, name), 'utf8');
      assert.doesNotMatch(text, /serviceWorker\.register\(\s*['"]\//, `${name}: a service worker registered at /`);
      assert.doesNotMatch(text, /["'](start_url|scope)["']\s*:\s*["']\//, `${name}: a root start_url or scope`);
      assert.doesNotMatch(text, /\b(?:fetch|importScripts)\(\s*['"]\//, `${name}: fetches from /`);
    }
  });
});
