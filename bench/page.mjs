// Page ready: the time from navigation to the page's `jwtmint-ready` mark (www/app.js sets it
// once the form is built and the engine can mint), with the page served as `npm start` serves it
// (scripts/start.mjs: brotli/gzip, ETag, no-cache). "Fresh" is a new browser context each time
// (empty HTTP cache, no compiled-code cache); "cached" navigates again in a context that has
// loaded the page once. Also the floor (below), the page's phases and the module waterfall of
// one fresh load. Returns { fresh, cached, runs, floor, phases, waterfall }, times in ms.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../scripts/serve.mjs';
import { SECURITY_HEADERS, servePage } from '../scripts/start.mjs';
import { CHROMIUM_ARGS } from '../tests/browser/browser.mjs';

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

async function readyAt(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 30_000 });
  return page.evaluate(() => performance.getEntriesByName('jwtmint-ready')[0].startTime);
}

// The page's marks (www/app.js) and the document's arrival, in ms after navigation.
function phases(page) {
  return page.evaluate(() => ({
    document: performance.getEntriesByType('navigation')[0].responseEnd,
    ...Object.fromEntries(
      ['jwtmint-start', 'jwtmint-wasm', 'jwtmint-presets', 'jwtmint-ready'].map((name) => [
        name.slice(8),
        performance.getEntriesByName(name)[0]?.startTime ?? null,
      ]),
    ),
  }));
}

// The floor: what the browser and server take here for a page of one module script that only
// sets the mark, measured the same way (fresh context, then cached).
async function floor(browser, runs) {
  const dir = mkdtempSync(join(tmpdir(), 'jwtmint-floor-'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>floor</title><script type="module" src="a.js"></script>',
  );
  writeFileSync(
    join(dir, 'a.js'),
    "performance.mark('jwtmint-ready'); document.documentElement.dataset.ready = 'true';",
  );
  const server = await serve({ routes: { '/': dir }, headers: SECURITY_HEADERS });
  const url = `http://127.0.0.1:${server.address().port}/`;
  try {
    const fresh = [];
    const cached = [];
    for (let run = 0; run < runs; run += 1) {
      const context = await browser.newContext();
      const page = await context.newPage();
      fresh.push(await readyAt(page, url));
      cached.push(await readyAt(page, url));
      await context.close();
    }
    return { fresh: median(fresh), cached: median(cached) };
  } finally {
    await new Promise((done) => server.close(done));
    rmSync(dir, { recursive: true });
  }
}

export async function pageReady({ runs = 9 } = {}) {
  const server = await servePage(0);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    const least = await floor(browser, runs);
    // One load first, so that the server's compressed copies exist before any timed run.
    const warm = await browser.newContext();
    await readyAt(await warm.newPage(), url);
    await warm.close();
    const fresh = [];
    const cached = [];
    let waterfall = [];
    const marks = { fresh: [], cached: [] };
    for (let run = 0; run < runs; run += 1) {
      const context = await browser.newContext();
      const page = await context.newPage();
      fresh.push(await readyAt(page, url));
      marks.fresh.push(await phases(page));
      if (run === 0) {
        waterfall = await page.evaluate(() =>
          performance.getEntriesByType('resource').map((entry) => ({
            name: new URL(entry.name).pathname,
            start: entry.startTime,
            end: entry.responseEnd,
            bytes: entry.transferSize,
          })),
        );
      }
      cached.push(await readyAt(page, url));
      marks.cached.push(await phases(page));
      await context.close();
    }
    const medianPhases = (list) =>
      Object.fromEntries(Object.keys(list[0]).map((name) => [name, median(list.map((entry) => entry[name]))]));
    return {
      fresh: median(fresh),
      cached: median(cached),
      runs,
      floor: least,
      phases: { fresh: medianPhases(marks.fresh), cached: medianPhases(marks.cached) },
      waterfall,
    };
  } finally {
    await browser.close();
    await new Promise((done) => server.close(done));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await pageReady({ runs: Number(process.argv[2] ?? 9) });
  process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);
}
