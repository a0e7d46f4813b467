// The package in real browsers: imported with no bundler from a static server, and through a
// Vite build and a webpack build of a tiny app. Each page signs an RS256 and an HS256 token in
// Chromium; node:crypto verifies them here.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, copyFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../scripts/serve.mjs';
import { launch } from './browser.mjs';
import { readKey, root } from '../js/helpers.mjs';

const privatePem = readKey('rsa2048.pem');
const publicPem = readKey('rsa2048.pub.pem');
const SECRET = 'browser-secret-browser-secret-32';
const { context, requests } = await launch();
after(() => context.close());

// The app: the same code for every way of loading the package.
const appCode = (specifier) => `
import init, { sign, verify, importKey, JwtMintError } from '${specifier}';
await init();
const key = importKey(${JSON.stringify(privatePem)});
const rs = sign({ sub: 'browser' }, key, { alg: 'RS256', kid: 'primary', expiresIn: '1h' });
const hs = sign({ sub: 'browser' }, ${JSON.stringify(SECRET)}, { alg: 'HS256' });
let code = null;
try { importKey('-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----'); } catch (error) { code = error instanceof JwtMintError && error.code; }
document.body.dataset.result = JSON.stringify({ rs, hs, code, verified: verify(rs, key).payload.sub });
`;

function verifyWithNode(token, alg) {
  const [header, payload, signature] = token.split('.');
  const input = Buffer.from(`${header}.${payload}`);
  if (alg === 'HS256') return crypto.createHmac('sha256', SECRET).update(input).digest('base64url') === signature;
  return crypto.verify('sha256', input, publicPem, Buffer.from(signature, 'base64url'));
}

// Makes the page look like an engine without wasm SIMD: WebAssembly.validate refuses the
// package's small probe module, so init() must fetch the scalar build.
const HIDE_SIMD = `{
  const validate = WebAssembly.validate;
  WebAssembly.validate = (bytes) => bytes.byteLength >= 64 && validate(bytes);
}`;

async function resultOf(url, { hideSimd = false, wasmFetched = [] } = {}) {
  const page = await context.newPage();
  if (hideSimd) await page.addInitScript(HIDE_SIMD);
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.wasm')) wasmFetched.push(path.slice(path.lastIndexOf('/') + 1));
  });
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  await page.goto(url);
  await page
    .waitForFunction(() => document.body?.dataset.result, null, { timeout: 20_000 })
    .catch(() => {
      throw new Error(`${url} produced no result: ${problems.join('; ')}`);
    });
  const result = JSON.parse(await page.evaluate(() => document.body.dataset.result));
  await page.close();
  return result;
}

function check(result, how) {
  assert.ok(verifyWithNode(result.rs, 'RS256'), `${how}: RS256`);
  assert.ok(verifyWithNode(result.hs, 'HS256'), `${how}: HS256`);
  assert.equal(result.code, 'KEY_PARSE', how);
  assert.equal(result.verified, 'browser', how);
}

const html = (script) =>
  `<!doctype html><meta charset="utf-8"><title>app</title><body><script type="module" src="${script}"></script></body>`;

test('no bundler: <script type="module"> importing the package from a static server', async () => {
  const site = mkdtempSync(join(tmpdir(), 'jwtmint-plain-'));
  writeFileSync(join(site, 'index.html'), html('./app.js'));
  writeFileSync(join(site, 'app.js'), appCode('/pkg/browser.js'));
  const server = await serve({ routes: { '/': site, '/pkg/': `${root}pkg` } });
  try {
    const url = `http://127.0.0.1:${server.address().port}/`;
    const fetched = [];
    check(await resultOf(url, { wasmFetched: fetched }), 'plain ES modules');
    assert.deepEqual(fetched, ['jwtmint_simd_bg.wasm'], 'Chromium has wasm SIMD: the SIMD build is loaded');
    const fallback = [];
    check(await resultOf(url, { hideSimd: true, wasmFetched: fallback }), 'plain ES modules without wasm SIMD');
    assert.deepEqual(fallback, ['jwtmint_bg.wasm'], 'without wasm SIMD the scalar build is loaded');
  } finally {
    server.close();
  }
});

// One app project with the packed package installed, built by both bundlers.
const app = mkdtempSync(join(tmpdir(), 'jwtmint-bundled-'));
const [packed] = JSON.parse(
  execFileSync('npm', ['pack', '--json', '--pack-destination', app], { cwd: `${root}pkg`, encoding: 'utf8' }),
);
writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'bundled-app', private: true, type: 'module' }));
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', join(app, packed.filename)], {
  cwd: app,
  stdio: 'pipe',
});
writeFileSync(join(app, 'main.js'), appCode('jwtmint'));

async function serveAndCheck(dir, how) {
  const server = await serve({ routes: { '/': dir } });
  try {
    check(await resultOf(`http://127.0.0.1:${server.address().port}/`), how);
  } finally {
    server.close();
  }
}

test('Vite build of an app that imports jwtmint works in Chromium', async () => {
  writeFileSync(join(app, 'index.html'), html('./main.js'));
  writeFileSync(
    join(app, 'vite.config.mjs'),
    'export default { build: { target: "es2022", outDir: "dist-vite" }, logLevel: "error" };\n',
  );
  execFileSync(process.execPath, [`${root}node_modules/vite/bin/vite.js`, 'build'], { cwd: app, stdio: 'pipe' });
  const assets = readdirSync(join(app, 'dist-vite/assets'));
  assert.equal(
    assets.filter((file) => file.endsWith('.wasm')).length,
    2,
    `Vite emitted both builds of the wasm: ${assets.join(', ')}`,
  );
  await serveAndCheck(join(app, 'dist-vite'), 'Vite');
});

test('webpack build of an app that imports jwtmint works in Chromium', async () => {
  const out = join(app, 'dist-webpack');
  execFileSync(
    process.execPath,
    [
      `${root}node_modules/webpack-cli/bin/cli.js`,
      '--entry',
      './main.js',
      '--mode',
      'production',
      '--target',
      'web',
      '--output-path',
      out,
      '--output-filename',
      'main.js',
    ],
    { cwd: app, stdio: 'pipe' },
  );
  assert.equal(
    readdirSync(out).filter((file) => file.endsWith('.wasm')).length,
    2,
    `webpack emitted both builds of the wasm: ${readdirSync(out).join(', ')}`,
  );
  writeFileSync(join(out, 'index.html'), html('./main.js'));
  await serveAndCheck(out, 'webpack');
});

test('no page made a request beyond its own origin', () => {
  const foreign = requests.filter((url) => !url.startsWith('http://127.0.0.1:'));
  assert.deepEqual(foreign, []);
  assert.ok(requests.length >= 6);
});
