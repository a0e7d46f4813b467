// A small static file server on 127.0.0.1 for the page and the tests: no dependencies, correct
// MIME types (application/wasm for .wasm), no directory listing, nothing outside its roots.
// Any web page can make the browser send it a request, so a request it cannot serve gets a 4xx
// (400 for a path no link of ours has, 405 for a method other than GET/HEAD) and never ends it.
import { createServer } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `routes` ({ '/': dir, '/pkg/': dir }, longest prefix first) with extra `headers`.
 * Resolves to the listening server; rejects with a clear message if the port is taken.
 */
export function serve({ routes, port = 0, host = '127.0.0.1', headers = {} }) {
  const mounts = Object.entries(routes)
    .sort(([a], [b]) => b.length - a.length)
    .map(([prefix, dir]) => [prefix, resolve(dir)]);
  // Every answer carries the page's security headers (CSP, nosniff...), errors included.
  const reply = (response, status, text) => send(response, status, text, headers);
  const server = createServer(async (request, response) => {
    // Whatever a request holds, it gets an answer and the server goes on: a handler that threw
    // would reject this promise, and an unhandled rejection ends the process.
    try {
      await answer(mounts, headers, request, response, reply);
    } catch {
      if (!response.headersSent) reply(response, 500, 'internal error');
      else response.destroy();
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', (error) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `port ${port} on ${host} is already in use: stop the other server or choose another port with PORT=8081 npm start (or --port 8081)`,
            )
          : error,
      );
    });
    server.listen(port, host, () => resolvePromise(server));
  });
}

/** The path a request asks for, decoded, or `undefined` when no page of ours would ask for it. */
function pathOf(target) {
  // `/path?query`, or the absolute form `http://host/path?query` servers must accept too; not
  // `*` or `//host/...`.
  const origin = target.replace(/^https?:\/\/[^/?#]*/i, '') || '/';
  if (!origin.startsWith('/') || origin.startsWith('//')) return undefined;
  let path;
  try {
    path = decodeURIComponent(origin.replace(/[?#].*$/s, ''));
  } catch {
    return undefined; // `%E0%A4%A`, `%zz`: not UTF-8 percent-encoding
  }
  // `..` or `.` segments (however encoded), backslashes and control characters (NUL) are never
  // in our links; refusing them here keeps the join below from ever leaving the roots.
  if (/[\\\x00-\x1f\x7f]/.test(path) || path.split('/').some((segment) => segment === '..' || segment === '.')) {
    return undefined;
  }
  return path;
}

async function answer(mounts, headers, request, response, reply) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    return reply(response, 405, 'method not allowed');
  }
  const path = pathOf(request.url);
  if (path === undefined) return reply(response, 400, 'bad request');
  const mount = mounts.find(([prefix]) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix));
  if (!mount) return reply(response, 404, 'not found');
  const [prefix, dir] = mount;
  let file = normalize(join(dir, path.slice(prefix.length)));
  if (file !== dir && !file.startsWith(dir + sep)) return reply(response, 403, 'forbidden');
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    // A symbolic link inside a root may point out of it: what is served must really be inside.
    const real = await realpath(file);
    const root = await realpath(dir);
    if (real !== root && !real.startsWith(root + sep)) return reply(response, 404, 'not found');
    const body = await readFile(file);
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      ...headers,
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch {
    reply(response, 404, 'not found');
  }
}

function send(response, status, text, headers) {
  response.writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}
