// The page fetches its whole module graph at once: index.html has a modulepreload for every
// module app.js imports, directly or not (and none for a module it does not import), so a new
// import cannot quietly bring back a level of the waterfall. The wasm preload names the build
// that pkg/browser.js loads where the engine has SIMD.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { root } from './helpers.mjs';

const www = join(root, 'www');
// www/pkg/ is served from pkg/ (scripts/start.mjs, scripts/site.mjs).
const onDisk = (path) => (path.startsWith('pkg/') ? join(root, path) : join(www, path));

function graph(entry) {
  const seen = new Set();
  const visit = (path) => {
    if (seen.has(path)) return;
    seen.add(path);
    const text = readFileSync(onDisk(path), 'utf8');
    for (const [, specifier] of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/gm)) {
      assert.ok(specifier.startsWith('.'), `${path} imports ${specifier}: the page has no bare imports`);
      visit(normalize(join(dirname(path), specifier)));
    }
  };
  visit(entry);
  seen.delete(entry);
  return seen;
}

const html = readFileSync(join(www, 'index.html'), 'utf8');
const links = (rel) =>
  [...html.matchAll(/<link\b[^>]*>/g)]
    .map(([tag]) => tag)
    .filter((tag) => new RegExp(`rel="${rel}"`).test(tag))
    .map((tag) => /href="([^"]+)"/.exec(tag)[1]);

test('index.html preloads exactly the modules app.js imports', () => {
  const imported = [...graph('app.js')].map((path) => relative('.', path)).sort();
  assert.ok(imported.includes('pkg/wasm/web/jwtmint.js') && imported.length > 5, 'the graph was read');
  assert.deepEqual([...links('modulepreload')].sort(), imported);
});

test('index.html preloads the SIMD wasm that pkg/browser.js fetches, as a CORS fetch', () => {
  const [wasm, ...more] = links('preload');
  assert.deepEqual(more, []);
  assert.equal(wasm, 'pkg/wasm/web/jwtmint_simd_bg.wasm');
  assert.match(readFileSync(join(root, 'pkg/browser.js'), 'utf8'), /\.\/wasm\/web\/jwtmint_simd_bg\.wasm/);
  const tag = [...html.matchAll(/<link\b[^>]*>/g)].map(([t]) => t).find((t) => t.includes(wasm));
  // A fetch() is a CORS request: without `crossorigin` the preload would not be used.
  assert.match(tag, /as="fetch"/);
  assert.match(tag, /\bcrossorigin\b/);
});
