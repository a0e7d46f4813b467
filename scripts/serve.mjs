// A small static file server on 127.0.0.1 for the page and the tests: no dependencies, correct
// MIME types (application/wasm for .wasm), no directory listing, nothing outside its roots.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
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
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    const mount = mounts.find(([prefix]) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix));
    if (!mount || (request.method !== 'GET' && request.method !== 'HEAD')) return send(response, 404, 'not found');
    const [prefix, dir] = mount;
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (file !== dir && !file.startsWith(dir + sep)) return send(response, 403, 'forbidden');
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
        ...headers,
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      send(response, 404, 'not found');
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

function send(response, status, text) {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}
