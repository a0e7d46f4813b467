// `npm run build`'s last step: writes dist/site/, the page (www/) with the package files it loads
// (pkg/browser.js, pkg/api.js, pkg/wasm/web/), for any static host under any path (GitHub Pages,
// S3, nginx, `python3 -m http.server`). Every URL in it must be relative, and each page carries
// the CSP npm start sends, as a meta tag; a page that breaks either stops the build. Text and
// wasm get .br and .gz copies beside them for hosts that serve precompressed files.
//   node scripts/site.mjs [out-dir]     (default dist/site)
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compress, compressible, typeOf } from './serve.mjs';
import { SECURITY_HEADERS } from './start.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// What the page loads from the package, where it loads it from: `pkg/` beside index.html.
const PACKAGE = ['browser.js', 'api.js', 'wasm/web'];
// Directives a meta tag cannot carry (CSP Level 3 §3.3: the browser ignores them there).
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

/** The CSP npm start sends, without the directives a meta tag cannot carry. */
export const metaPolicy = () =>
  directives(SECURITY_HEADERS['content-security-policy'])
    .filter((directive) => !HEADER_ONLY.has(directive.split(' ')[0]))
    .join('; ');

const directives = (policy) =>
  policy
    .split(';')
    .map((directive) => directive.trim().replace(/\s+/g, ' '))
    .filter(Boolean);

/** Regular files under `dir` (relative paths), dotfiles and symbolic links left out. */
async function filesUnder(dir, base = dir) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await filesUnder(path, base)));
    else if (entry.isFile()) found.push(relative(base, path));
  }
  return found;
}

/** The page's CSP meta tag checked against the server's, or put in; and no referrers. */
function withPolicy(html, name) {
  const expected = metaPolicy();
  const tags = [...html.matchAll(/<meta\b[^>]*http-equiv=["']?content-security-policy["']?[^>]*>/gi)];
  if (tags.length > 1) throw new Error(`www/${name} has ${tags.length} CSP meta tags; keep one`);
  if (tags.length === 1) {
    const content = /\bcontent=(["'])(.*?)\1/is.exec(tags[0][0])?.[2] ?? '';
    if (directives(content).join('; ') !== expected) {
      throw new Error(
        `www/${name}: its CSP meta tag (${content}) differs from the policy npm start sends (scripts/start.mjs) without frame-ancestors (${expected}); keep them the same`,
      );
    }
    const first = html.search(/<(script|link|style)\b/i);
    if (first >= 0 && first < tags[0].index) {
      throw new Error(`www/${name}: the CSP meta tag must come before any script, style or link, or they escape it`);
    }
  } else {
    const charset = /<meta\s+charset=[^>]*>/i.exec(html);
    if (!charset) throw new Error(`www/${name} has no <meta charset>; the CSP meta tag goes after it`);
    const at = charset.index + charset[0].length;
    html = `${html.slice(0, at)}\n    <meta http-equiv="Content-Security-Policy" content="${expected}" />${html.slice(at)}`;
  }
  if (!/<meta\s+name=["']?referrer["']?/i.test(html)) {
    html = html.replace(
      /(<meta\s+http-equiv=["']?content-security-policy["']?[^>]*>)/i,
      '$1\n    <meta name="referrer" content="no-referrer" />',
    );
  }
  return html;
}

/**
 * The URLs a file refers to, as `[url, isModule]`: HTML src/href, CSS url(), JS module
 * specifiers (`import`, `from`) and `new URL(x, import.meta.url)`.
 */
function referencesIn(text, file) {
  const patterns = {
    html: [[/\s(?:src|href)=(["'])(.*?)\1/g, false]],
    css: [[/url\(\s*(["']?)([^"')]+)\1\s*\)/g, false]],
    js: [
      [/\bfrom\s*(["'])([^"'\n]+)\1/g, true],
      [/\bimport\s*\(?\s*(["'])([^"'\n]+)\1/g, true],
      [/new URL\(\s*(["'])([^"'\n]+)\1\s*,\s*import\.meta\.url/g, false],
    ],
  }[posix.extname(file).slice(1)];
  return (patterns ?? []).flatMap(([pattern, isModule]) =>
    [...text.matchAll(pattern)].map((match) => [match[2], isModule]),
  );
}

/** Fails unless every URL in the site is relative and names a file of the site. */
function checkReferences(texts, files) {
  const present = new Set(files);
  for (const [file, text] of texts) {
    for (const [url, isModule] of referencesIn(text, file)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('#')) continue; // data:, https:, #id
      const where = `${file} refers to ${JSON.stringify(url)}`;
      if (url.startsWith('/')) throw new Error(`${where}: an absolute path breaks under a sub-path; make it relative`);
      if (isModule && !/^\.\.?\//.test(url)) throw new Error(`${where}: a bare module specifier needs a bundler`);
      const target = posix.normalize(posix.join(posix.dirname(file), url.replace(/[?#].*$/s, '')));
      if (target.startsWith('../')) throw new Error(`${where}: it leaves the site`);
      const named = target.endsWith('/') || target === '.' ? posix.join(target, 'index.html') : target;
      if (!present.has(named)) throw new Error(`${where}: no such file in the site`);
    }
  }
}

/**
 * The last build's .br and .gz of `file` if it held these same bytes: brotli at quality 11 takes
 * seconds for each .wasm, and a change to the page leaves the wasm as it was.
 */
async function compressedBefore(file, bytes) {
  try {
    if (!(await readFile(file)).equals(bytes)) return undefined;
    const [br, gzip] = await Promise.all([readFile(`${file}.br`), readFile(`${file}.gz`)]);
    return { br, gzip };
  } catch {
    return undefined; // no earlier build of it (or a file the earlier build left uncompressed)
  }
}

export async function buildSite(out = join(root, 'dist', 'site')) {
  if (!existsSync(join(root, 'pkg', 'wasm', 'web')))
    throw new Error('pkg/wasm/web/ is missing: build the package first');
  const sources = new Map(); // site path -> source file
  for (const file of await filesUnder(join(root, 'www')))
    sources.set(file.split('\\').join('/'), join(root, 'www', file));
  for (const entry of PACKAGE) {
    const source = join(root, 'pkg', entry);
    const files = (await stat(source)).isDirectory() ? await filesUnder(source) : [''];
    for (const file of files) sources.set(posix.join('pkg', entry, file.split('\\').join('/')), join(source, file));
  }
  const contents = new Map();
  for (const [path, source] of sources) {
    const bytes = await readFile(source);
    contents.set(path, path.endsWith('.html') ? Buffer.from(withPolicy(bytes.toString('utf8'), path)) : bytes);
  }
  const texts = [...contents]
    .filter(([path]) => /\.(html|js|css)$/.test(path))
    .map(([path, b]) => [path, b.toString()]);
  checkReferences(texts, [...contents.keys()]);

  // Written beside the target and renamed over it: a failed build leaves the last site whole.
  const staging = `${resolve(out)}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  const written = [];
  await Promise.all(
    [...contents].map(async ([path, bytes]) => {
      const file = join(staging, path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, bytes);
      written.push([path, bytes.length]);
      const type = typeOf(path);
      if (!compressible(type)) return;
      const { br, gzip } = (await compressedBefore(join(out, path), bytes)) ?? (await compress(bytes, 11, type));
      if (br) await writeFile(`${file}.br`, br);
      if (gzip) await writeFile(`${file}.gz`, gzip);
    }),
  );
  await rm(out, { recursive: true, force: true });
  await mkdir(dirname(out), { recursive: true });
  await rename(staging, out);
  return written.sort(([a], [b]) => a.localeCompare(b));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const out = resolve(process.argv[2] ?? join(root, 'dist', 'site'));
    const files = await buildSite(out);
    const bytes = files.reduce((sum, [, size]) => sum + size, 0);
    console.log(`build: ${relative(process.cwd(), out) || '.'}/ ${files.length} files, ${bytes} bytes (and .br/.gz)`);
  } catch (error) {
    console.error(`build: the static site: ${error.message}`);
    process.exitCode = 1;
  }
}
