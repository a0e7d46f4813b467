// The static build (dist/site/, `npm run build`) as a static host serves it: a plain file server
// that sends files as they are under the sub-path /tools/jwt/, with no headers of its own, so
// the page's meta tag is its only CSP. The page mints a token node:crypto verifies, the element
// works, nothing is asked for outside /tools/jwt/, and the CSP blocks inline script and eval.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { launch, openPage, parts, waitForToken } from './browser.mjs';
import { root } from '../js/helpers.mjs';
import { metaPolicy } from '../../scripts/site.mjs';

const SITE = join(root, 'dist', 'site');
const BASE = '/tools/jwt/';
const SECRET = 'vl-SECRET-abcdefghijklmnopqrstuvwxyz012345';
const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

// A script of the page's origin that tries eval: the CSP (no 'unsafe-eval') must stop it.
const PROBE = `${BASE}csp-probe.js`;
const PROBE_SCRIPT = `try { window.evalRan = eval('"eval ran"'); } catch (error) { window.evalRan = error.name; }`;

/** What a static host does: a path under BASE is a file of the site (a directory, its index.html). */
function staticHost(asked, hosts) {
  return createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://host').pathname);
    asked.push(path);
    hosts.add(request.headers.host);
    if (path === PROBE) return response.writeHead(200, { 'content-type': 'text/javascript' }).end(PROBE_SCRIPT);
    if (!path.startsWith(BASE) || path.split('/').includes('..')) return response.writeHead(404).end();
    let file = join(SITE, path.slice(BASE.length));
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
}

const session = { asked: [], hosts: new Set() };
before(async () => {
  assert.ok(existsSync(join(SITE, 'index.html')), 'dist/site/ is missing: run `npm run build` first');
  session.server = staticHost(session.asked, session.hosts);
  await new Promise((resolve) => session.server.listen(0, '127.0.0.1', resolve));
  session.origin = `http://127.0.0.1:${session.server.address().port}`;
  Object.assign(session, await launch());
});
after(async () => {
  await session.context?.close();
  session.server?.close();
});

test('the static site under /tools/jwt/ mints a token node:crypto verifies, asking for nothing outside it', async () => {
  const { page, errors } = await openPage(session.context, `${session.origin}${BASE}`);
  await page.selectOption('#preset', 'visual-layer');
  await page.fill('#field-api_key', 'vl-key');
  await page.fill('#field-api_secret', SECRET);
  await page.fill('#field-dataset_id', 'ds-1');
  const token = await waitForToken(page);
  const [header, payload, signature] = parts(token);
  assert.equal(header.alg, 'HS256');
  assert.equal(header.kid, 'vl-key');
  assert.equal(payload.exp - payload.iat, 600);
  const input = token.split('.').slice(0, 2).join('.');
  assert.equal(crypto.createHmac('sha256', SECRET).update(input).digest('base64url'), signature);
  // The engine came over the wire as wasm, from the site's own pkg/.
  const wasm = session.requests.filter((url) => url.endsWith('.wasm'));
  assert.ok(wasm.length >= 1, 'the page loaded a .wasm');
  assert.ok(
    wasm.every((url) => url.startsWith(`${session.origin}${BASE}pkg/wasm/web/`)),
    wasm.join(' '),
  );

  // The element in its example host page, from the same sub-path.
  const host = await session.context.newPage();
  host.on('pageerror', (error) => errors.push(error.message));
  await host.goto(`${session.origin}${BASE}embed.html`);
  await host.locator('jwt-mint #jm-private_key').waitFor();
  assert.equal(await host.locator('jwt-mint #jm-host').inputValue(), 'mycompany.innovationlabs.teradata.com');
  await host.close();

  assert.deepEqual(errors, []);
  const outside = session.requests.filter((url) => !url.startsWith(`${session.origin}${BASE}`) && url !== 'data:,');
  assert.deepEqual(outside, [], 'the browser asked for nothing outside /tools/jwt/');
  assert.ok(session.asked.length > 5);
  assert.deepEqual(
    session.asked.filter((path) => !path.startsWith(BASE)),
    [],
    'the server was asked for nothing outside /tools/jwt/',
  );
  await page.close();
});

test("the page's CSP meta tag is the server's policy and blocks inline script and eval", async () => {
  const { page } = await openPage(session.context, `${session.origin}${BASE}index.html`);
  const policy = await page.evaluate(
    () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
  );
  assert.equal(policy?.replace(/\s+/g, ' '), metaPolicy());
  assert.match(metaPolicy(), /default-src 'none'; script-src 'self' 'wasm-unsafe-eval';/);
  const outcome = await page.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (event) => violations.push(event.effectiveDirective));
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true;';
    document.head.append(script);
    const probe = document.createElement('script');
    probe.src = 'csp-probe.js';
    const loaded = new Promise((resolve) => probe.addEventListener('load', resolve));
    document.head.append(probe);
    await loaded;
    // Another origin (localhost is not 127.0.0.1): connect-src 'self' refuses it.
    const elsewhere = `http://localhost:${location.port}${location.pathname}`;
    const fetched = await fetch(elsewhere).then(
      () => 'fetched',
      (error) => error.name,
    );
    const style = document.createElement('style');
    style.textContent = 'body { outline: 7px solid red; }';
    document.head.append(style);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return {
      inlineRan: window.inlineRan === true,
      evalRan: window.evalRan,
      fetched,
      styled: getComputedStyle(document.body).outlineWidth === '7px',
      violations,
    };
  });
  assert.equal(outcome.inlineRan, false, 'an injected inline script did not run');
  assert.equal(outcome.evalRan, 'EvalError', 'eval is refused');
  assert.equal(outcome.fetched, 'TypeError', 'a fetch to another origin is refused');
  assert.equal(outcome.styled, false, 'an injected inline style did not apply');
  assert.ok(outcome.violations.includes('script-src-elem'), outcome.violations.join(' '));
  assert.ok(outcome.violations.includes('style-src-elem'), outcome.violations.join(' '));
  assert.ok(outcome.violations.includes('connect-src'), outcome.violations.join(' '));
  assert.ok(!session.hosts.has(`localhost:${new URL(session.origin).port}`), 'the refused fetch never left the tab');
  await page.close();
});

test('each text and wasm file has .br and .gz copies with its exact bytes', () => {
  for (const file of ['index.html', 'app.js', 'style.css', 'pkg/browser.js', 'pkg/wasm/web/jwtmint_simd_bg.wasm']) {
    const bytes = readFileSync(join(SITE, file));
    assert.ok(brotliDecompressSync(readFileSync(join(SITE, `${file}.br`))).equals(bytes), `${file}.br`);
    assert.ok(gunzipSync(readFileSync(join(SITE, `${file}.gz`))).equals(bytes), `${file}.gz`);
  }
});
