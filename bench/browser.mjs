// The browser half of `npm run bench`: serves pkg/, jose's browser build, bench/measure.mjs and
// bench/browser/ on
// 127.0.0.1, opens the page in headless Chromium (Debian's, through playwright-core) and runs
// jwtmint vs WebCrypto vs jose there, on the cases of bench/run.mjs that WebCrypto can do.
// `config`: { pem, pem4096, secret, claims, largeClaims, ec: { alg: { pem, publicPem } },
// sampleMs, samples }. Returns { version, results: { case: { signer: { median, spread } } },
// notes: [cases left out and why] }.
import { fileURLToPath } from 'node:url';
import { serve } from '../scripts/serve.mjs';
import { launch } from '../tests/browser/browser.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function runBrowser(config) {
  const server = await serve({
    routes: {
      '/pkg/': `${root}pkg`,
      '/jose/': `${root}node_modules/jose/dist/webapi`,
      '/shared/': `${root}bench`,
      '/': `${root}bench/browser`,
    },
  });
  const { context } = await launch();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error));
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
    await page
      .waitForFunction(() => window.benchReady === true, null, { timeout: 30_000 })
      .catch(() => {
        throw new Error(`the benchmark page did not load: ${errors.map(String).join('; ')}`);
      });
    const version = context.browser()?.version() ?? 'Chromium';
    const { results, notes } = await page.evaluate((options) => window.runBench(options), config);
    for (const note of notes) process.stderr.write(`bench: browser: ${note}\n`);
    return { version, results, notes };
  } finally {
    await context.close();
    await new Promise((done) => server.close(done));
  }
}
