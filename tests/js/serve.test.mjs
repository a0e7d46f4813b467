// The `npm start` server (scripts/start.mjs over scripts/serve.mjs), started the way npm start
// starts it, on a free loopback port: any web page can make a browser send it a request, so
// whatever a request holds it gets a 4xx and the server goes on serving the page.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { symlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
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
