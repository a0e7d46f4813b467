// Starts Debian's Chromium through playwright-core with the flags this machine needs and a fresh
// profile, and records every request the page makes; and the page helpers the browser tests share.
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { servePage } from '../../scripts/start.mjs';

/** The flags this machine's Chromium needs (also bench/page.mjs's). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'jwtmint-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const requests = [];
  context.on('request', (request) => requests.push(request.url()));
  return { context, requests };
}

/**
 * Serves the page as `npm start` does and starts Chromium before a file's tests, and stops both
 * after them: `{ origin, context, requests }` are filled in by the time the first test runs.
 */
export function pageSession() {
  const session = {};
  let server;
  before(async () => {
    server = await servePage(0);
    session.origin = `http://127.0.0.1:${server.address().port}`;
    Object.assign(session, await launch());
  });
  after(async () => {
    await session.context?.close();
    server?.close();
  });
  return session;
}

/** A token's header and payload as objects, its signature as text. */
export const parts = (token) =>
  token.split('.').map((part, index) => (index < 2 ? JSON.parse(Buffer.from(part, 'base64url')) : part));

/** Opens `url` in `context` once the page is ready; `errors` collects page errors and console errors. */
export async function openPage(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(url);
  await page.waitForSelector('html[data-ready]');
  return { page, errors };
}

/** The token the mint view shows once it differs from `previous`. */
export async function waitForToken(page, previous = '') {
  await page.waitForFunction((old) => {
    const token = document.querySelector('#mint-token')?.textContent ?? '';
    return token.split('.').length === 3 && token !== old && !document.querySelector('.output').hidden;
  }, previous);
  return page.locator('#mint-token').textContent();
}
