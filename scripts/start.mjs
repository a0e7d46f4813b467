// Serves the page (www/) and the package (pkg/) on 127.0.0.1, the same way for `npm start` and
// the browser tests. Port: --port N, else PORT, else 8080.
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The headers every response carries: the page's CSP, and no sniffing, framing or referrers. */
export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

export function servePage(port) {
  return serve({ routes: { '/': `${root}www`, '/pkg/': `${root}pkg` }, port, headers: SECURITY_HEADERS });
}

function portFrom(argv, env) {
  const flag = argv.indexOf('--port');
  const given = flag >= 0 ? argv[flag + 1] : (argv.find((arg) => arg.startsWith('--port='))?.slice(7) ?? env.PORT);
  if (given === undefined) return 8080;
  const port = Number(given);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`the port must be a number from 0 to 65535, not ${JSON.stringify(given)}`);
  }
  return port;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const server = await servePage(portFrom(process.argv.slice(2), process.env));
    const { port } = server.address();
    console.log(`jwtmint: serving the token page at http://127.0.0.1:${port}/ (Ctrl+C to stop)`);
  } catch (error) {
    console.error(`jwtmint: ${error.message}`);
    process.exitCode = 1;
  }
}
