// The `npm start` server (scripts/start.mjs over scripts/serve.mjs), started the way npm start
// starts it, on a free loopback port: any web page can make a browser send it a request, so
// whatever a request holds it gets a 4xx and the server goes on serving the page. It sends text
// and wasm compressed as the request asks, and answers a revalidation with a 304.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { readFileSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { root } from './helpers.mjs';

const start = fileURLToPath(new URL('../../scripts/start.mjs', import.meta.url));

/** Starts `node scripts/start.mjs --port 0`; resolves to the child and the port it printed. */
function startServer() {
  const child = spawn(process.execPath, [start, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const port = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)?.[1];
      if (port) resolve({ child, port: Number(port) });
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening: ${out}`)));
  });
}

/** Sends `head` as the request line and headers, byte for byte; resolves to the raw answer. */
function send(port, head) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => (answer += chunk));
    // The server may close while a too-long request is still being written.
    socket.on('error', (error) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? null : reject(error)));
    socket.on('close', () => resolve(answer));
    socket.write(`${head}\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`, 'latin1');
  });
}

const statusOf = (answer) => Number(/^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1]);

test('npm start answers hostile requests with 4xx and keeps serving', async () => {
  const { child, port } = await startServer();
  let exited = null;
  child.once('exit', (code, signal) => (exited = { code, signal }));
  try {
    const expect = async (head, status) => {
      const answer = await send(port, head);
      assert.equal(statusOf(answer), status, `${head.slice(0, 80)} -> ${answer.slice(0, 200)}`);
      assert.equal(exited, null, `the server exited after ${head.slice(0, 80)}`);
      // Every answer of ours, errors too, carries the page's security headers (431 is Node's).
      if (status !== 431) assert.match(answer, /\r\ncontent-security-policy: /i, `${head.slice(0, 80)}: CSP`);
      return answer;
    };
    const page = await expect('GET / HTTP/1.1', 200);
    assert.match(page, /content-type: text\/html/i);
    assert.match(page, /<jwt-mint|<html/i);
    for (const target of [
      '/%E0%A4%A', // a truncated UTF-8 sequence: decodeURIComponent throws
      '/%zz',
      '/%C0%AE%C0%AE/', // overlong UTF-8 for "..", not UTF-8 at all
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      '/..%2f..%2f..%2fetc%2fpasswd',
      '/pkg/..%2f..%2fCargo.toml',
      '/pkg/%2e%2e/Cargo.toml',
      '/./index.html',
      '/..\\..\\Cargo.toml',
      '/%5c..%5c..%5cCargo.toml',
      '/index.html%00.js',
      '/%00',
      '//etc/passwd',
      '*',
      'http://127.0.0.1/%E0%A4%A',
    ]) {
      await expect(`GET ${target} HTTP/1.1`, 400);
    }
    // The absolute form names a path like the origin form.
    await expect('GET http://127.0.0.1/ HTTP/1.1', 200);
    for (const target of ['/nothing-here', '/pkg/', '/pkg', `/${'a'.repeat(8000)}`]) {
      await expect(`GET ${target} HTTP/1.1`, 404);
    }
    // Longer than Node's header limit: Node itself answers.
    await expect(`GET /${'a'.repeat(70000)} HTTP/1.1`, 431);
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      const answer = await expect(`${method} / HTTP/1.1`, 405);
      assert.match(answer, /\r\nallow: GET, HEAD\r\n/i);
    }
    const head = await expect('HEAD / HTTP/1.1', 200);
    assert.ok(head.endsWith('\r\n\r\n'), 'HEAD has no body');
    // A symbolic link inside a root that points out of it serves nothing.
    const link = join(root, 'www', '.jwtmint-test-link');
    symlinkSync('/etc', link);
    try {
      await expect('GET /.jwtmint-test-link/hostname HTTP/1.1', 404);
    } finally {
      unlinkSync(link);
    }
    // And still the page.
    assert.match(await expect('GET / HTTP/1.1', 200), /content-type: text\/html/i);
    assert.match(await expect('GET /app.js HTTP/1.1', 200), /content-type: text\/javascript/i);
  } finally {
    child.kill();
  }
});

/** A request through node:http (which decompresses nothing): `{ status, headers, body }`. */
function fetchRaw(port, path, headers = {}, method = 'GET') {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const DECODE = { br: brotliDecompressSync, gzip: gunzipSync, identity: (body) => body };

test('npm start sends br, gzip or identity as asked, with strong ETags and 304s', async () => {
  const { child, port } = await startServer();
  const probe = join(root, 'www', '.jwtmint-test-etag.txt');
  try {
    const files = [
      ['/', 'www/index.html', 'text/html; charset=utf-8'],
      ['/app.js', 'www/app.js', 'text/javascript; charset=utf-8'],
      ['/style.css', 'www/style.css', 'text/css; charset=utf-8'],
      ['/pkg/wasm/web/jwtmint_simd_bg.wasm', 'pkg/wasm/web/jwtmint_simd_bg.wasm', 'application/wasm'],
      ['/pkg/wasm/web/jwtmint_bg.wasm', 'pkg/wasm/web/jwtmint_bg.wasm', 'application/wasm'],
    ];
    const asked = [
      [undefined, 'identity'],
      ['gzip, deflate, br, zstd', 'br'], // what Chromium sends
      ['gzip', 'gzip'],
      ['x-gzip', 'gzip'],
      ['br;q=0.5, gzip;q=0.9', 'gzip'],
      ['br;q=0, *', 'gzip'],
      ['*', 'br'],
      ['identity', 'identity'],
      ['br;q=0, gzip;q=0', 'identity'],
      ['deflate, zstd', 'identity'],
      ['br;q=nonsense, gzip;q=2', 'identity'],
    ];
    for (const [path, file, type] of files) {
      const bytes = readFileSync(join(root, file));
      const etags = new Map();
      for (const [accept, coding] of asked) {
        const headers = accept === undefined ? {} : { 'accept-encoding': accept };
        const { status, headers: got, body } = await fetchRaw(port, path, headers);
        const what = `${path} with Accept-Encoding ${accept}`;
        assert.equal(status, 200, what);
        assert.equal(got['content-type'], type, what);
        assert.equal(got['content-encoding'], coding === 'identity' ? undefined : coding, what);
        assert.equal(got.vary, 'Accept-Encoding', what);
        assert.equal(got['cache-control'], 'no-cache', what);
        assert.match(got['content-security-policy'], /frame-ancestors 'none'/, what);
        assert.equal(Number(got['content-length']), body.length, what);
        assert.ok(DECODE[coding](body).equals(bytes), `${what}: the body decodes to the file's bytes`);
        if (coding !== 'identity') assert.ok(body.length < bytes.length, `${what}: smaller`);
        assert.match(got.etag, /^"[A-Za-z0-9_-]{27}(-br|-gzip)?"$/, `${what}: a strong ETag`);
        if (etags.has(coding)) assert.equal(got.etag, etags.get(coding), `${what}: the same ETag each time`);
        etags.set(coding, got.etag);

        // HEAD: the same headers, no body.
        const head = await fetchRaw(port, path, headers, 'HEAD');
        assert.equal(head.status, 200, `HEAD ${what}`);
        assert.equal(head.body.length, 0, `HEAD ${what}`);
        for (const name of ['content-type', 'content-length', 'content-encoding', 'etag', 'vary']) {
          assert.equal(head.headers[name], got[name], `HEAD ${what}: ${name}`);
        }
      }
      assert.equal(new Set(etags.values()).size, 3, `${path}: one ETag per coding`);
      // Revalidation: a matching If-None-Match (strong, weak, in a list, `*`) gets a 304.
      const etag = etags.get('br');
      for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const answer = await fetchRaw(port, path, { 'accept-encoding': 'br', 'if-none-match': ifNoneMatch });
        assert.equal(answer.status, 304, `${path} If-None-Match ${ifNoneMatch}`);
        assert.equal(answer.body.length, 0);
        assert.equal(answer.headers.etag, etag);
        assert.equal(answer.headers['cache-control'], 'no-cache');
        assert.match(answer.headers['content-security-policy'], /default-src 'none'/);
      }
      // Another coding's ETag, or another file's, is not a match.
      for (const ifNoneMatch of [etags.get('gzip'), etags.get('identity'), '"nothing"']) {
        const answer = await fetchRaw(port, path, { 'accept-encoding': 'br', 'if-none-match': ifNoneMatch });
        assert.equal(answer.status, 200, `${path} If-None-Match ${ifNoneMatch}`);
      }
    }
    // A file that changes gets a new ETag and its new bytes, compressed again.
    writeFileSync(probe, 'first version '.repeat(50));
    const first = await fetchRaw(port, '/.jwtmint-test-etag.txt', { 'accept-encoding': 'gzip' });
    writeFileSync(probe, 'second version '.repeat(50));
    utimesSync(probe, new Date(), new Date(Date.now() + 5000));
    const second = await fetchRaw(port, '/.jwtmint-test-etag.txt', {
      'accept-encoding': 'gzip',
      'if-none-match': first.headers.etag,
    });
    assert.equal(second.status, 200);
    assert.notEqual(second.headers.etag, first.headers.etag);
    assert.equal(gunzipSync(second.body).toString(), 'second version '.repeat(50));
    // Refusals keep their status and carry no validators.
    const refused = await fetchRaw(port, '/nothing-here', { 'accept-encoding': 'br', 'if-none-match': '*' });
    assert.equal(refused.status, 404);
    assert.equal(refused.headers.etag, undefined);
  } finally {
    rmSync(probe, { force: true });
    child.kill();
  }
});
