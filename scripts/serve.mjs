// A small static file server on 127.0.0.1 for the page and the tests: no dependencies, correct
// MIME types (application/wasm for .wasm), no directory listing, nothing outside its roots.
// Any web page can make the browser send it a request, so a request it cannot serve gets a 4xx
// (400 for a path no link of ours has, 405 for a method other than GET/HEAD) and never ends it.
// Text and wasm go out as brotli or gzip when the browser takes them, each file compressed once
// per version and kept in memory; every file has a strong ETag and `no-cache`, so a browser
// revalidates (the page's file names carry no hash) and gets a 304 for what it already has.
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export const TYPES = {
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

/** The Content-Type of `file`, by its extension. */
export const typeOf = (file) => TYPES[extname(file)] ?? 'application/octet-stream';

/** Whether a type is worth compressing: text and wasm (PNG and icons are compressed already). */
export const compressible = (type) => /^(text\/|application\/(wasm|json)|image\/svg\+xml)/.test(type);

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * `bytes` as brotli (at `quality`: 11, the smallest, takes seconds for the .wasm, so the live
 * server uses 5) and gzip -9, each kept only when smaller than `bytes`: `{ br?, gzip? }`.
 */
export async function compress(bytes, quality, type) {
  const params = {
    [constants.BROTLI_PARAM_QUALITY]: quality,
    [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    [constants.BROTLI_PARAM_MODE]: type.startsWith('text/')
      ? constants.BROTLI_MODE_TEXT
      : constants.BROTLI_MODE_GENERIC,
  };
  const [br, gz] = await Promise.all([brotli(bytes, { params }), gzipped(bytes, { level: 9 })]);
  return { ...(br.length < bytes.length && { br }), ...(gz.length < bytes.length && { gzip: gz }) };
}

/**
 * The content coding to send for an Accept-Encoding value among those `available` has: the one
 * with the highest q (`x-gzip` is gzip, `*` any coding not named), brotli on a tie; identity when
 * the header is absent or accepts neither.
 */
export function negotiate(accept, available) {
  if (!accept) return 'identity';
  const weights = new Map();
  for (const item of accept.toLowerCase().split(',')) {
    const [name, ...params] = item.split(';').map((part) => part.trim());
    const q = params.find((param) => param.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name === 'x-gzip' ? 'gzip' : name, weight >= 0 && weight <= 1 ? weight : 0);
  }
  let best = 'identity';
  let bestWeight = 0;
  for (const coding of ['br', 'gzip']) {
    const weight = weights.get(coding) ?? weights.get('*') ?? 0;
    if (available[coding] && weight > bestWeight) [best, bestWeight] = [coding, weight];
  }
  return best;
}

/** Whether an If-None-Match value names `etag` (the weak comparison RFC 9110 §13.1.2 asks for). */
const matches = (ifNoneMatch, etag) =>
  ifNoneMatch !== undefined &&
  (ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag));

// Files larger than this are read for each request and sent as they are (none of ours is).
const MAX_CACHED = 32 * 1024 * 1024;
const LIVE_QUALITY = 5;

/**
 * The representations of a file: `{ identity, br?, gzip? }`, each `{ body, etag }`; the strong
 * ETag is a hash of the file's bytes, with the coding after it (each is a different body). Kept
 * per real path and compression choice while the file's mtime and size stay the same; a file
 * asked for twice at once is read and compressed once.
 */
function representations(cache, real, info, type) {
  const key = `${compressible(type)}:${real}`;
  const cached = cache.get(key);
  if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.value;
  const value = (async () => {
    const body = await readFile(real);
    const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
    const encoded = compressible(type) && body.length <= MAX_CACHED ? await compress(body, LIVE_QUALITY, type) : {};
    const variants = { identity: { body, etag: `"${hash}"` } };
    for (const [coding, bytes] of Object.entries(encoded)) {
      variants[coding] = { body: bytes, etag: `"${hash}-${coding}"` };
    }
    return variants;
  })();
  if (info.size <= MAX_CACHED) {
    cache.set(key, { mtimeMs: info.mtimeMs, size: info.size, value });
    value.catch(() => cache.get(key)?.value === value && cache.delete(key));
  }
  return value;
}

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
  const cache = new Map();
  const server = createServer(async (request, response) => {
    // Whatever a request holds, it gets an answer and the server goes on: a handler that threw
    // would reject this promise, and an unhandled rejection ends the process.
    try {
      await answer({ mounts, headers, cache }, request, response, reply);
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

async function answer({ mounts, headers, cache }, request, response, reply) {
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
    const info = await stat(real);
    if (!info.isFile()) return reply(response, 404, 'not found');
    const type = typeOf(file);
    const variants = await representations(cache, real, info, type);
    const coding = negotiate(request.headers['accept-encoding'], variants);
    const { body, etag } = variants[coding];
    const validators = {
      'cache-control': 'no-cache',
      etag,
      ...(compressible(type) && { vary: 'Accept-Encoding' }),
    };
    if (matches(request.headers['if-none-match'], etag)) {
      response.writeHead(304, { ...validators, ...headers });
      return response.end();
    }
    response.writeHead(200, {
      'content-type': type,
      'content-length': body.length,
      ...(coding !== 'identity' && { 'content-encoding': coding }),
      ...validators,
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
