// Anyone's own preset in Chromium, served as `npm start` serves the page: a hand-written document
// loaded with "Use a preset file" and from a link's fragment mints tokens node:crypto verifies and
// is marked as not built-in with its hosts; a link whose document carries a secret is refused;
// what was typed is kept per preset across switches until "Clear everything"; and <jwt-mint>
// takes a document inline or from a same-origin URL under the page's CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { openPage as open, pageSession, parts, waitForToken } from './browser.mjs';
import { SECURITY_HEADERS } from '../../scripts/start.mjs';
import { root } from '../js/helpers.mjs';

const SHOTS = `${root}tests/artifacts/screenshots`;
mkdirSync(SHOTS, { recursive: true });
const SECRET = 'acme-SECRET-shared-0123456789abcdef';
const TEAM = {
  format: 1,
  id: 'acme-reports',
  name: 'Acme reports API',
  description: 'HS256 token for the internal reports API',
  docs: 'https://wiki.acme.example/reports-api',
  brings: 'key-and-secret',
  fields: [
    { name: 'secret', label: 'Signing secret', help: 'From the team vault', kind: 'text', secret: true },
    { name: 'user', label: 'User', help: 'Your user name; goes into sub', kind: 'text' },
  ],
  algorithm: 'HS256',
  key: { field: 'secret' },
  lifetime: { default: '15m', max: '1h' },
  header: { alg: 'HS256', typ: 'JWT' },
  claims: { iss: 'acme-dashboard', sub: '{user}', iat: '{now}', exp: '{exp}' },
  request: {
    method: 'GET',
    url: 'https://reports.internal.acme.example/v1/me',
    headers: { Authorization: 'Bearer {token}' },
  },
};
const DOCUMENT = JSON.stringify(TEAM, null, 2);
const linkTo = (text) => `#preset=${Buffer.from(text).toString('base64url')}`;

const session = pageSession();
const openPage = (path = '/') => open(session.context, session.origin + path);
const hmacOk = (token) => {
  const [header, payload, signature] = token.split('.');
  return crypto.createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url') === signature;
};

async function mintTeam(page, user = 'jsmith') {
  await page.fill('#field-secret', SECRET);
  await page.fill('#field-user', user);
  const token = await waitForToken(page);
  const [header, payload] = parts(token);
  assert.deepEqual(header, { alg: 'HS256', typ: 'JWT' });
  assert.deepEqual(Object.keys(payload), ['iss', 'sub', 'iat', 'exp']);
  assert.equal(payload.sub, user);
  assert.equal(payload.exp - payload.iat, 900);
  assert.ok(hmacOk(token), 'node:crypto verifies the HMAC');
  return token;
}

test('"Use a preset file" loads a document, marks it as not built-in, and mints', async () => {
  const { page, errors } = await openPage();
  await page.setInputFiles('#preset-file-input', {
    name: 'acme-reports.json',
    mimeType: 'application/json',
    buffer: Buffer.from(DOCUMENT),
  });
  await page.locator('#preset-origin').waitFor({ state: 'visible' });
  assert.equal(await page.inputValue('#preset'), 'file:acme-reports');
  assert.match(
    await page.locator('#preset-origin-text').textContent(),
    /^Loaded from acme-reports\.json — not a built-in preset/,
  );
  assert.match(await page.locator('#preset-hosts').textContent(), /reports\.internal\.acme\.example/);
  assert.equal(await page.getAttribute('#field-secret', 'type'), 'password');
  const token = await mintTeam(page);
  const curl = await page.locator('#mint-command').textContent();
  assert.ok(curl.includes(`'https://reports.internal.acme.example/v1/me'`));
  assert.ok(curl.includes(`-H 'Authorization: Bearer ${token}'`));
  await page.screenshot({ path: `${SHOTS}/preset-file.png`, fullPage: true });

  // A document with a mistake says where, and the loaded preset stays.
  await page.setInputFiles('#preset-file-input', {
    name: 'typo.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...TEAM, claims: { exp: '{lifetme}' } })),
  });
  await page.locator('#preset-file-error').waitFor({ state: 'visible' });
  assert.match(
    await page.locator('#preset-file-error').textContent(),
    /PRESET_INVALID: typo\.json: claims\.exp: .*lifetme/,
  );
  assert.equal(await page.inputValue('#preset'), 'file:acme-reports');

  // "Copy link to this preset" copies the document only, never what was typed.
  await session.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.origin });
  await page.click('#preset-link');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(link.startsWith(`${session.origin}/#preset=`), link);
  assert.equal(Buffer.from(link.split('#preset=')[1], 'base64url').toString(), DOCUMENT);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a link carries a preset document in its fragment; one with a secret default is refused', async () => {
  const { page, errors } = await openPage(`/${linkTo(DOCUMENT)}`);
  await page.locator('#preset-origin').waitFor({ state: 'visible' });
  assert.equal(await page.inputValue('#preset'), 'file:acme-reports');
  assert.match(await page.locator('#preset-origin-text').textContent(), /^Loaded from a link — not a built-in preset/);
  await mintTeam(page, 'link-user');
  assert.match(await page.locator('#preset-hosts').textContent(), /requests go to reports\.internal\.acme\.example/);
  await page.close();

  const withSecret = { ...TEAM, fields: [{ ...TEAM.fields[0], default: 'everyone-gets-this-secret' }, TEAM.fields[1]] };
  const refused = await openPage(`/${linkTo(JSON.stringify(withSecret))}`);
  const message = refused.page.locator('#preset-file-error');
  await message.waitFor({ state: 'visible' });
  assert.match(await message.textContent(), /refused: .*secret field secret/);
  assert.ok(await refused.page.locator('#preset-origin').isHidden());
  assert.equal(await refused.page.locator('#preset option[value^="file:"]').count(), 0);
  for (const damaged of ['#preset=%%%', `#preset=${Buffer.from([0xff, 0xfe]).toString('base64url')}`]) {
    await refused.page.goto(`${session.origin}/${damaged}`);
    await refused.page.waitForSelector('html[data-ready]');
    await refused.page.locator('#preset-file-error').waitFor({ state: 'visible' });
  }
  assert.deepEqual(errors, []);
  await refused.page.close();
});

test('what was typed is kept per preset across switches, and "Clear everything" clears it', async () => {
  const { page } = await openPage();
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  const lake = { private_key: pem, pat: 'pat-KEPT-123', sub: 'u', org_id: 'o', host: 'h.example.com', system: 's' };
  await page.selectOption('#preset', 'teradata-lake');
  for (const [name, value] of Object.entries(lake)) await page.fill(`#field-${name}`, value);
  const lakeToken = await waitForToken(page);
  await page.selectOption('#preset', 'visual-layer');
  await page.fill('#field-api_key', 'vl-key');
  await page.fill('#field-api_secret', 'vl-SECRET-abcdefghijklmnopqrstuvwxyz012345');
  await page.fill('#field-dataset_id', 'ds-1');
  await waitForToken(page, lakeToken);
  await page.setInputFiles('#preset-file-input', {
    name: 'acme.json',
    mimeType: 'application/json',
    buffer: Buffer.from(DOCUMENT),
  });
  await page.locator('#preset-origin').waitFor({ state: 'visible' });
  await mintTeam(page);

  await page.selectOption('#preset', 'teradata-lake');
  for (const [name, value] of Object.entries(lake)) assert.equal(await page.inputValue(`#field-${name}`), value, name);
  assert.equal(parts(await waitForToken(page))[1].pat, 'pat-KEPT-123', 'and it mints from them again');
  await page.selectOption('#preset', 'visual-layer');
  assert.equal(await page.inputValue('#field-api_secret'), 'vl-SECRET-abcdefghijklmnopqrstuvwxyz012345');
  await page.selectOption('#preset', 'file:acme-reports');
  assert.equal(await page.inputValue('#field-secret'), SECRET);
  assert.equal(await page.inputValue('#field-user'), 'jsmith');
  // Memory only: nothing of it reached storage.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }) + location.href);
  for (const secret of [SECRET, 'pat-KEPT-123', pem.split('\n')[3]]) assert.ok(!stored.includes(secret));

  await page.click('#clear');
  assert.equal(await page.inputValue('#field-secret'), '');
  await page.selectOption('#preset', 'teradata-lake');
  for (const name of Object.keys(lake)) assert.equal(await page.inputValue(`#field-${name}`), '', name);
  await page.selectOption('#preset', 'visual-layer');
  assert.equal(await page.inputValue('#field-api_secret'), '');
  await page.close();
});

// A host page of the same origin, with the page's own security headers (CSP included).
async function hostPage(body) {
  const page = await session.context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.route(`${session.origin}/own/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/own/acme-reports.json') {
      return route.fulfill({
        status: 200,
        headers: { ...SECURITY_HEADERS, 'content-type': 'application/json' },
        body: DOCUMENT,
      });
    }
    return route.fulfill({
      status: 200,
      headers: { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' },
      body: `<!doctype html><meta charset="utf-8"><title>own</title><script type="module" src="/jwt-mint.js"></script>${body}`,
    });
  });
  await page.goto(`${session.origin}/own/host.html`);
  return { page, errors };
}

test('<jwt-mint> takes a document inline or from a same-origin preset-src, and refuses another origin', async () => {
  const { page, errors } = await hostPage(
    `<jwt-mint id="inline"><script type="application/json">${DOCUMENT}</script></jwt-mint>
     <jwt-mint id="fetched" preset-src="/own/acme-reports.json" user="fixed-user" lock="user"></jwt-mint>
     <jwt-mint id="foreign" preset-src="http://127.0.0.2:9/acme-reports.json"></jwt-mint>
     <jwt-mint id="both" preset="github-app" preset-src="/own/acme-reports.json"></jwt-mint>`,
  );
  for (const [id, user] of [
    ['inline', 'inline-user'],
    ['fetched', 'fixed-user'],
  ]) {
    const element = page.locator(`#${id}`);
    await element.locator('#jm-secret').waitFor();
    const event = page.evaluate(
      (which) =>
        new Promise((resolve) =>
          document.getElementById(which).addEventListener('token', (e) => resolve(e.detail), { once: true }),
        ),
      id,
    );
    if (id === 'inline') await element.locator('#jm-user').fill(user);
    else assert.equal(await element.locator('#jm-user').getAttribute('readonly'), '');
    await element.locator('#jm-secret').fill(SECRET);
    const detail = await event;
    assert.ok(hmacOk(detail.token), id);
    assert.equal(parts(detail.token)[1].sub, user);
    assert.equal(detail.request.headers.Authorization, `Bearer ${detail.token}`);
    assert.equal(detail.exchange, null);
  }
  const foreign = page.locator('#foreign [role="alert"]');
  await foreign.waitFor();
  assert.match(await foreign.textContent(), /preset-src must be on this page's origin .*127\.0\.0\.2:9 was refused/);
  assert.match(await page.locator('#both [role="alert"]').textContent(), /one way, not preset-src and preset/);
  assert.ok(!session.requests.some((url) => url.includes('127.0.0.2')), 'the other origin was never asked');
  await page.screenshot({ path: `${SHOTS}/element-preset-files.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('an exchange preset shows the whole flow, both requests, in every format the page offers', async () => {
  const { page, errors } = await openPage();
  const exchange = {
    ...TEAM,
    id: 'acme-exchange',
    exchange: {
      method: 'POST',
      url: 'https://auth.acme.example/oauth2/token',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: { form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: '{token}' } },
      read: 'access_token',
    },
    request: { ...TEAM.request, headers: { Authorization: 'Bearer {access_token}' } },
  };
  await page.setInputFiles('#preset-file-input', {
    name: 'acme-exchange.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(exchange)),
  });
  await page.locator('#preset-origin').waitFor({ state: 'visible' });
  const token = await mintTeam(page);
  assert.match(
    await page.locator('#preset-hosts').textContent(),
    /go to reports\.internal\.acme\.example; the token is first exchanged at auth\.acme\.example/,
  );
  assert.match(await page.locator('#mint-command-title').textContent(), /the token exchange, then the request/);
  for (const format of ['curl', 'powershell', 'fetch', 'python', 'httpie']) {
    await page.click(`#mint-tab-${format}`);
    const script = await page.locator('#mint-command').textContent();
    assert.ok(!script.startsWith('#') || script.includes('auth.acme.example'), `${format}: ${script.slice(0, 200)}`);
    assert.ok(script.includes('auth.acme.example/oauth2/token'), `${format} posts to the token endpoint`);
    assert.ok(script.includes('reports.internal.acme.example/v1/me'), `${format} sends the request`);
    assert.ok(script.includes(token), `${format} carries the assertion`);
    assert.ok(!script.includes('{access_token}'), `${format} fills the access token in`);
  }
  await page.screenshot({ path: `${SHOTS}/preset-file-exchange.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
