// The files people have, in Chromium: a Coinbase key file loaded on the key box fills the key
// name and mints a token node:crypto verifies; a dropped `AuthKey_ABC123DEFG.p8` fills kid (a
// document of our own with Apple's file-name rule), which the person can still change; in
// <jwt-mint> a locked field keeps its value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { openPage as open, pageSession, parts, waitForToken } from './browser.mjs';
import { SECURITY_HEADERS } from '../../scripts/start.mjs';
import { openssl, readKey, root } from '../js/helpers.mjs';

const SHOTS = `${root}tests/artifacts/screenshots`;
mkdirSync(SHOTS, { recursive: true });
const KEY_NAME = 'organizations/5e1d0f2a-org/apiKeys/9b8c7d6e-key';
const TEAM = {
  format: 1,
  id: 'team-p8',
  name: 'Team .p8 service',
  description: 'ES256 with a .p8 key whose file name is the key id',
  docs: 'https://example.com/team',
  brings: 'ec-private-key',
  fields: [
    {
      name: 'private_key',
      label: 'Private key (.p8)',
      help: 'Drop AuthKey_….p8',
      kind: 'pem',
      secret: true,
      fromFileName: { prefix: 'AuthKey_', suffix: '.p8', fills: 'kid' },
    },
    { name: 'kid', label: 'Key ID', help: 'From the file name', kind: 'text' },
  ],
  algorithm: 'ES256',
  key: { field: 'private_key' },
  lifetime: { default: '20m' },
  header: { kid: '{kid}', typ: 'JWT' },
  claims: { iat: '{now}', exp: '{exp}' },
};

const session = pageSession();
const openPage = (path = '/') => open(session.context, session.origin + path);

const es256Ok = (token, pem) => {
  const [header, payload, signature] = token.split('.');
  return crypto.verify(
    'sha256',
    Buffer.from(`${header}.${payload}`),
    { key: crypto.createPublicKey(pem), dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
};

/** Drops `name` with `text` on `selector` (inside `host`'s shadow root when given), as a person drags a file. */
function drop(page, selector, name, text, host = null) {
  return page.evaluate(
    ({ selector, name, text, host }) => {
      const root = host ? document.querySelector(host).shadowRoot : document;
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], name));
      const target = root.querySelector(selector);
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { selector, name, text, host },
  );
}

test('a Coinbase key file loaded on the key box fills the key name; the token verifies', async () => {
  const { page, errors } = await openPage();
  await page.selectOption('#preset', 'coinbase-advanced-trade');
  const pem = openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout').toString();
  await page.setInputFiles('.field:has(#field-private_key) input[type="file"]', {
    name: 'cdp_api_key.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ name: KEY_NAME, privateKey: pem }, null, 2)),
  });
  await page.waitForFunction(() => document.querySelector('#field-key_name').value !== '');
  assert.equal(await page.inputValue('#field-key_name'), KEY_NAME);
  assert.match(
    await page.locator('.field:has(#field-private_key) .hint').textContent(),
    /API key name filled from cdp_api_key\.json/,
  );
  const token = await waitForToken(page);
  const [header, payload] = parts(token);
  assert.deepEqual(Object.keys(header), ['alg', 'kid', 'nonce', 'typ']);
  assert.equal(header.alg, 'ES256');
  assert.equal(header.kid, KEY_NAME);
  assert.match(header.nonce, /^[0-9a-f]{32}$/);
  assert.deepEqual(Object.keys(payload), ['sub', 'iss', 'nbf', 'exp', 'uri']);
  assert.equal(payload.uri, 'GET api.coinbase.com/api/v3/brokerage/accounts');
  assert.equal(payload.exp - payload.nbf, 120);
  assert.ok(es256Ok(token, pem), 'node:crypto verifies the ES256 signature');
  // The key name stays the person's to change.
  await page.fill('#field-key_name', 'organizations/o/apiKeys/other');
  const changed = await waitForToken(page, token);
  assert.equal(parts(changed)[0].kid, 'organizations/o/apiKeys/other');
  await page.screenshot({ path: `${SHOTS}/coinbase-key-file.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a dropped AuthKey_ABC123DEFG.p8 fills kid; a later change of kid is kept', async () => {
  const { page, errors } = await openPage();
  await page.setInputFiles('#preset-file-input', {
    name: 'team-p8.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(TEAM)),
  });
  await page.locator('#preset-origin').waitFor({ state: 'visible' });
  const pem = readKey('ec.pem');
  await drop(page, '#field-private_key', 'AuthKey_ABC123DEFG.p8', pem);
  await page.waitForFunction(() => document.querySelector('#field-kid').value === 'ABC123DEFG');
  const token = await waitForToken(page);
  assert.deepEqual(parts(token)[0], { alg: 'ES256', kid: 'ABC123DEFG', typ: 'JWT' });
  assert.ok(es256Ok(token, pem));
  assert.equal(await page.inputValue('#field-private_key'), pem);
  await page.fill('#field-kid', 'CHANGED123');
  const changed = await waitForToken(page, token);
  assert.equal(parts(changed)[0].kid, 'CHANGED123');
  // A browser's duplicate download keeps the id; a file of another name leaves kid alone.
  await drop(page, '#field-private_key', 'AuthKey_XYZ987 (1).p8', pem);
  const again = await waitForToken(page, changed);
  assert.equal(parts(again)[0].kid, 'XYZ987');
  assert.equal(await page.inputValue('#field-kid'), 'XYZ987');
  await drop(page, '#field-private_key', 'key.pem', pem);
  await page.waitForFunction(() => /or drop a file/.test(document.querySelector('.field .hint').textContent));
  assert.equal(await page.inputValue('#field-kid'), 'XYZ987');
  assert.equal(parts(await page.locator('#mint-token').textContent())[0].kid, 'XYZ987');
  await page.screenshot({ path: `${SHOTS}/p8-file-name.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

// A host page of the page's origin, with its security headers (CSP included).
async function hostPage(body) {
  const page = await session.context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.route(`${session.origin}/own/**`, (route) =>
    route.fulfill({
      status: 200,
      headers: { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' },
      body: `<!doctype html><meta charset="utf-8"><title>own</title><script type="module" src="/jwt-mint.js"></script>${body}`,
    }),
  );
  await page.goto(`${session.origin}/own/host.html`);
  return { page, errors };
}

test('<jwt-mint> fills from a dropped file, but never a locked field', async () => {
  const inline = JSON.stringify(TEAM);
  const { page, errors } = await hostPage(
    `<jwt-mint id="open"><script type="application/json">${inline}</script></jwt-mint>
     <jwt-mint id="locked" kid="FIXEDKID" lock="kid"><script type="application/json">${inline}</script></jwt-mint>`,
  );
  const pem = readKey('ec.pem');
  for (const [id, kid] of [
    ['open', 'ABC123DEFG'],
    ['locked', 'FIXEDKID'],
  ]) {
    const element = page.locator(`#${id}`);
    await element.locator('#jm-private_key').waitFor();
    const event = page.evaluate(
      (which) =>
        new Promise((resolve) =>
          document.getElementById(which).addEventListener('token', (e) => resolve(e.detail), { once: true }),
        ),
      id,
    );
    await drop(page, '#jm-private_key', 'AuthKey_ABC123DEFG.p8', pem, `#${id}`);
    const detail = await event;
    assert.equal(parts(detail.token)[0].kid, kid, id);
    assert.equal(await element.locator('#jm-kid').inputValue(), kid);
    assert.ok(es256Ok(detail.token, pem));
  }
  assert.deepEqual(errors, []);
  await page.close();
});
