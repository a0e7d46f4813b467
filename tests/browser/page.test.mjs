// The token page and <jwt-mint> in Chromium, served exactly as `npm start` serves them: each seed
// preset yields a token node:crypto verifies, errors sit by the field that caused them without
// losing what was typed, no secret reaches storage, cookies or the URL, nothing leaves the origin,
// and the page works offline once loaded. Screenshots land in tests/artifacts/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { openPage as open, pageSession, parts, waitForToken } from './browser.mjs';
import { root } from '../js/helpers.mjs';

const SHOTS = `${root}tests/artifacts/screenshots`;
mkdirSync(SHOTS, { recursive: true });
const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' });
const PUBLIC_PEM = publicKey.export({ type: 'spki', format: 'pem' });
const PAT = 'pat-SECRET-0123456789';
const VL_SECRET = 'vl-SECRET-abcdefghijklmnopqrstuvwxyz012345';
const DATAOS_KEY = 'dataos-SECRET-key-42';
const SECRETS = [PEM.split('\n')[5], PAT, VL_SECRET, DATAOS_KEY];
const FREE_FORM = [
  'claims-PAT-7f3a',
  'header-kid-SECRET',
  'query-SECRET-9c',
  'x-api-key-SECRET-2b',
  'body-SECRET-5d',
  'pathquery-SECRET-1a',
  'xoxbSEGMENT9SECRET8x7y',
];

const session = pageSession();
const openPage = (path = '/') => open(session.context, session.origin + path);

async function choose(page, id) {
  await page.selectOption('#preset', id);
}

async function fill(page, values) {
  for (const [name, value] of Object.entries(values)) await page.fill(`#field-${name}`, value);
}

const tokenText = (page) => page.locator('#mint-token').textContent();
const commandText = (page) => page.locator('#mint-command').textContent();

test("teradata-lake: the page mints a token node:crypto verifies, with the guide's claims", async (t) => {
  const { page, errors } = await openPage();
  const timing = await page.evaluate(() => performance.getEntriesByName('jwtmint-ready')[0].startTime);
  t.diagnostic(`ready for a first token ${timing.toFixed(0)} ms after navigation started`);
  await choose(page, 'teradata-lake');
  const started = Date.now();
  await fill(page, {
    private_key: PEM,
    pat: PAT,
    sub: 'lake_user',
    org_id: 'org-1',
    host: 'tddemos.innovationlabs.teradata.com',
    system: 'shared_demo',
  });
  const token = await waitForToken(page);
  t.diagnostic(`token shown ${Date.now() - started} ms after the last field was filled (150 ms of it debounce)`);
  const [header, payload, signature] = parts(token);
  assert.deepEqual(header, { alg: 'RS256', kid: 'primary', typ: 'JWT' });
  assert.deepEqual(Object.keys(payload), ['aud', 'exp', 'iat', 'iss', 'org_id', 'multi-use', 'pat', 'sub']);
  assert.equal(payload.exp - payload.iat, 3600);
  assert.equal(payload.pat, PAT);
  const input = Buffer.from(token.split('.').slice(0, 2).join('.'));
  assert.ok(crypto.verify('sha256', input, PUBLIC_PEM, Buffer.from(signature, 'base64url')));
  const curl = await commandText(page);
  assert.match(
    curl,
    /^curl -q -g --fail-with-body -sS -X POST 'https:\/\/tddemos\.innovationlabs\.teradata\.com\/api\/tdrest\/systems\/shared_demo\/queries'/,
  );
  assert.ok(curl.includes(`-H 'Authorization: Bearer ${token}'`));
  await page.click('#mint-tab-powershell');
  assert.match(
    await commandText(page),
    /^# PowerShell 7\.3 or later: .*\nif \(\$PSVersionTable.* else \{\ncurl\.exe [^]*\n\}$/,
  );
  await page.click('#mint-tab-python');
  assert.match(await commandText(page), /^import requests/);
  assert.match(await page.locator('#mint-countdown').textContent(), /^expires in (59 min|1 h 00 min)/);
  assert.match(await page.locator('#mint-times').textContent(), /exp.*UTC \(in /);
  await page.screenshot({ path: `${SHOTS}/teradata-lake.png`, fullPage: true });
  // Re-mint gives a fresh token once a second has passed.
  await page.waitForTimeout(1100);
  await page.click('text=Re-mint');
  const fresh = await waitForToken(page, token);
  assert.ok(parts(fresh)[1].iat > payload.iat);
  assert.deepEqual(errors, []);
  await page.close();
});

test('visual-layer and dataos: HS256 with the secret; the API key in a request', async () => {
  const { page, errors } = await openPage();
  await choose(page, 'visual-layer');
  await fill(page, { api_key: 'vl-key', api_secret: VL_SECRET, dataset_id: 'ds-1' });
  const token = await waitForToken(page);
  const [header, payload, signature] = parts(token);
  assert.deepEqual(header, { alg: 'HS256', typ: 'JWT', kid: 'vl-key' });
  assert.deepEqual(Object.keys(payload), ['sub', 'iat', 'exp', 'iss']);
  assert.equal(payload.exp - payload.iat, 600);
  const input = token.split('.').slice(0, 2).join('.');
  assert.equal(crypto.createHmac('sha256', VL_SECRET).update(input).digest('base64url'), signature);
  assert.match(await commandText(page), /-X GET 'https:\/\/app\.visual-layer\.com\/api\/v1\/dataset\/ds-1'/);

  await choose(page, 'dataos');
  await fill(page, { api_key: DATAOS_KEY, context: 'emerging-hawk', path: '/lens2/api/public:sales/v2/load' });
  await page.waitForFunction(() => document.querySelector('#mint-command').textContent.includes('dataos.app'));
  assert.ok((await commandText(page)).includes(`-H 'Authorization: Bearer ${DATAOS_KEY}'`));
  assert.ok(await page.locator('.result-token').isHidden(), 'no token section for an API key');
  await page.selectOption('#field-placement', 'query');
  await page.waitForFunction(() => document.querySelector('#mint-command').textContent.includes('?apikey='));
  await page.screenshot({ path: `${SHOTS}/dataos.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('errors show by the field that caused them, and nothing typed is lost', async () => {
  const { page } = await openPage();
  await choose(page, 'teradata-lake');
  const broken = PEM.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!');
  await fill(page, { private_key: broken, pat: PAT, sub: 'u', org_id: 'o', host: 'h.example.com', system: 's' });
  const keyError = page.locator('#field-private_key-error');
  await keyError.waitFor({ state: 'visible' });
  assert.match(await keyError.textContent(), /could not read the key/);
  assert.equal(await page.inputValue('#field-private_key'), broken);
  assert.equal(await page.getAttribute('#field-private_key', 'aria-invalid'), '');

  await page.fill('#field-private_key', PUBLIC_PEM);
  await page.waitForFunction(() =>
    /paste the private key/.test(document.querySelector('#field-private_key-error').textContent),
  );
  assert.match(await keyError.textContent(), /this is a public key.*BEGIN PRIVATE KEY/);
  assert.equal(await page.inputValue('#field-private_key'), PUBLIC_PEM);
  await page.fill('#field-host', 'https://h.example.com/');
  await page.waitForFunction(() => !document.querySelector('#field-host-error').hidden);
  assert.match(await page.locator('#field-host-error').textContent(), /without https:\/\//);
  assert.equal(await page.inputValue('#field-pat'), PAT);
  await page.screenshot({ path: `${SHOTS}/errors.png`, fullPage: true });

  // A key file loaded with the "Load file…" button (the same path a dropped file takes).
  await page.setInputFiles('.field:has(#field-private_key) input[type="file"]', {
    name: 'primary.pem',
    mimeType: 'application/x-pem-file',
    buffer: Buffer.from(PEM),
  });
  await page.waitForFunction(() => document.querySelector('#field-private_key-error').hidden);
  assert.equal(await page.inputValue('#field-private_key'), PEM);

  await choose(page, 'custom');
  await fill(page, { key: PEM, claims: '{"sub": "me",}' });
  const claimsError = page.locator('#field-claims-error');
  await claimsError.waitFor({ state: 'visible' });
  assert.match(await claimsError.textContent(), /JSON|trailing comma|expected/i);
  assert.equal(await page.inputValue('#field-claims'), '{"sub": "me",}');
  await page.fill('#field-claims', '{"sub": "me"}');
  const token = await waitForToken(page);
  assert.equal(parts(token)[1].sub, 'me');
  await page.close();
});

test('decode/verify and public-key views', async () => {
  const { page } = await openPage();
  const token = `${Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(
    JSON.stringify({ sub: 'x', exp: 1 }),
  ).toString('base64url')}`;
  const signature = crypto.sign('sha256', Buffer.from(token), privateKey).toString('base64url');
  await page.click('#view-tab-decode');
  await page.fill('#decode-token', `${token}.${signature}`);
  await page.locator('#decode-result').waitFor({ state: 'visible' });
  assert.match(await page.locator('#decode-badge').textContent(), /Unverified/);
  assert.match(await page.locator('#decode-status').textContent(), /expired/);
  await page.fill('#verify-key', PUBLIC_PEM);
  await page.waitForFunction(() => document.querySelector('#verify-result').textContent !== '');
  assert.match(await page.locator('#verify-result').textContent(), /Not verified: .*expired/i);
  // Times in any JSON number form read as the core reads them: 1e9 is 2001, long expired, and a
  // time that is no number makes the token invalid rather than "no expiry".
  const forms = (payload) => {
    const input = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
    return `${input}.${crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  };
  for (const [payload, status, row] of [
    ['{"exp":1e9}', 'expired', '2001-09-09 01:46:40 UTC'],
    ['{"exp":1.6999964E9}', 'expired', '2023-11-14 21:13:20 UTC'],
    ['{"exp":"4000000000"}', 'must be a NumericDate', ''],
  ]) {
    await page.fill('#decode-token', forms(payload));
    // Each token's own rows (none for the last), then its status.
    await page.waitForFunction(
      ([expected, text]) =>
        document.querySelector('#decode-times').textContent.includes(expected) &&
        document.querySelector('#decode-status').textContent.includes(text),
      [row || '', status],
    );
    if (!row) assert.equal(await page.locator('#decode-times').textContent(), '', payload);
    assert.match(await page.locator('#decode-status').getAttribute('class'), /expired/, payload);
  }
  await page.fill('#decode-token', 'not-a-token');
  await page.locator('#decode-token-error').waitFor({ state: 'visible' });
  await page.screenshot({ path: `${SHOTS}/decode.png`, fullPage: true });

  await page.click('#view-tab-pubkey');
  await page.fill('#pubkey-input', PEM);
  await page.locator('#pubkey-result').waitFor({ state: 'visible' });
  assert.equal((await page.locator('#pubkey-pem').textContent()).trim(), PUBLIC_PEM.trim());
  const jwk = JSON.parse(await page.locator('#pubkey-jwk').textContent());
  assert.equal(jwk.n, publicKey.export({ format: 'jwk' }).n);
  await page.screenshot({ path: `${SHOTS}/public-key.png`, fullPage: true });
  await page.close();
});

test('the element in a bare host page emits a valid token', async () => {
  const { page, errors } = await openPage('/embed.html').catch(async () => {
    const page = await session.context.newPage();
    await page.goto(`${session.origin}/embed.html`);
    return { page, errors: [] };
  });
  const host = page.locator('jwt-mint');
  await host.locator('#jm-private_key').waitFor();
  assert.equal(await host.locator('#jm-host').inputValue(), 'mycompany.innovationlabs.teradata.com');
  assert.equal(await host.locator('#jm-host').getAttribute('readonly'), '');
  const event = page.evaluate(
    () =>
      new Promise((resolve) =>
        document.querySelector('jwt-mint').addEventListener('token', (e) => resolve(e.detail), { once: true }),
      ),
  );
  await host.locator('#jm-private_key').fill(PEM);
  await host.locator('#jm-pat').fill(PAT);
  await host.locator('#jm-sub').fill('lake_user');
  const detail = await event;
  const [, payload, signature] = parts(detail.token);
  assert.equal(payload.org_id, 'fd3463dee-3efe-4120-8153-0bb253547df7');
  assert.equal(detail.expiresAt, payload.exp);
  assert.equal(detail.request.headers.Authorization, `Bearer ${detail.token}`);
  const input = Buffer.from(detail.token.split('.').slice(0, 2).join('.'));
  assert.ok(crypto.verify('sha256', input, PUBLIC_PEM, Buffer.from(signature, 'base64url')));
  await page.locator('#last-token').filter({ hasText: 'Token received' }).waitFor();
  await page.screenshot({ path: `${SHOTS}/element.png`, fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('accessible at 360 px and in dark mode; keyboard reaches the views', async () => {
  const { page } = await openPage();
  await page.setViewportSize({ width: 360, height: 800 });
  await page.emulateMedia({ colorScheme: 'dark' });
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea')]
      .filter(
        (control) => control.type !== 'file' && control.labels.length === 0 && !control.getAttribute('aria-label'),
      )
      .map((control) => control.id),
  );
  assert.deepEqual(unlabelled, []);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling');
  const secrets = await page.evaluate(() =>
    [...document.querySelectorAll('[data-secret]')].map((control) => [
      control.getAttribute('autocomplete'),
      control.getAttribute('spellcheck'),
    ]),
  );
  assert.ok(
    secrets.length > 0 &&
      secrets.every(([autocomplete, spellcheck]) => autocomplete === 'off' && spellcheck === 'false'),
  );
  await page.focus('#view-tab-mint');
  await page.keyboard.press('ArrowRight');
  assert.ok(await page.locator('#view-decode').isVisible());
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'preset');
  await page.screenshot({ path: `${SHOTS}/mobile-dark.png`, fullPage: true });
  await page.close();
});

test('no secret in storage, cookies or the URL; nothing leaves the origin; works offline', async () => {
  const { page } = await openPage();
  await page.check('#remember');
  await choose(page, 'teradata-lake');
  await fill(page, {
    private_key: PEM,
    pat: PAT,
    sub: 'lake_user',
    org_id: 'org-1',
    host: 'h.example.com',
    system: 's',
  });
  const token = await waitForToken(page);
  await choose(page, 'visual-layer');
  await fill(page, { api_key: 'vl-key', api_secret: VL_SECRET, dataset_id: 'ds-1' });
  const vlToken = await waitForToken(page, token);
  // Free-form fields hold secrets in practice (a PAT in the claims, an X-Api-Key header, a body,
  // a URL query): none of them is remembered, though the preset does not mark them secret.
  await choose(page, 'custom');
  await page.selectOption('#field-method', 'POST');
  await fill(page, {
    key: PEM,
    claims: `{"sub":"me","pat":"${FREE_FORM[0]}"}`,
    header: `{"kid":"${FREE_FORM[1]}"}`,
    url: `https://api.example.com/v1?api_key=${FREE_FORM[2]}`,
    headers: `Authorization: Bearer {token}\nX-Api-Key: ${FREE_FORM[3]}`,
    body: `{"password":"${FREE_FORM[4]}"}`,
  });
  await waitForToken(page, vlToken);
  // Nor a path carrying a key in its query or as a segment (a webhook URL's secret).
  await choose(page, 'dataos');
  await fill(page, { api_key: DATAOS_KEY, context: 'ctx' });
  const mints = () => page.evaluate(() => performance.getEntriesByName('jwtmint:mint').length);
  for (const path of [`/lens2/api/x?q=${FREE_FORM[5]}`, `/services/T0/B0/${FREE_FORM[6]}`]) {
    const before = await mints();
    await fill(page, { path });
    // Each mint first offers the form's values to storage.
    await page.waitForFunction((count) => performance.getEntriesByName('jwtmint:mint').length > count, before);
    const saved = await page.evaluate(() => localStorage.getItem('jwtmint.remember.dataos') ?? '');
    assert.ok(saved.includes('ctx') && !saved.includes(path), `${path} is not remembered: ${saved}`);
  }
  const stored = await page.evaluate(async () => ({
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    databases: JSON.stringify(await indexedDB.databases()),
    cookies: document.cookie,
    url: location.href,
  }));
  const cookies = JSON.stringify(await session.context.cookies());
  for (const secret of [...SECRETS, ...FREE_FORM]) {
    for (const [where, text] of Object.entries({ ...stored, cookies })) {
      assert.ok(!text.includes(secret), `a secret reached ${where}`);
    }
  }
  assert.match(stored.local, /lake_user/, 'non-secret fields are remembered when asked');
  // A reload brings back the non-secret fields only.
  await page.reload();
  await page.waitForSelector('html[data-ready]');
  await choose(page, 'teradata-lake');
  assert.equal(await page.inputValue('#field-sub'), 'lake_user');
  assert.equal(await page.inputValue('#field-private_key'), '');
  await page.click('#clear');
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  assert.equal(await page.inputValue('#field-sub'), '');
  // Offline: minting needs nothing from the network.
  await session.context.setOffline(true);
  await fill(page, { private_key: PEM, pat: PAT, sub: 'u', org_id: 'o', host: 'h.example.com', system: 's' });
  await waitForToken(page);
  await session.context.setOffline(false);
  const foreign = session.requests.filter((url) => !url.startsWith(session.origin) && !url.startsWith('data:'));
  assert.deepEqual(foreign, []);
  await page.close();
});

test('a pasted key is imported once while other fields change', async () => {
  const { page, errors } = await openPage();
  // The engine marks every key import and every mint (each mint imports the preset's key).
  const count = (name) => page.evaluate((mark) => performance.getEntriesByName(mark).length, name);
  const verdict = (pattern) =>
    page.waitForFunction(
      (source) => new RegExp(source).test(document.querySelector('#verify-result').textContent),
      pattern.source,
    );
  const signed = (claims) => {
    const input = ['{"alg":"RS256","typ":"JWT"}', JSON.stringify(claims)]
      .map((part) => Buffer.from(part).toString('base64url'))
      .join('.');
    return `${input}.${crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  };

  // Decode & verify: typing in the token box verifies each token with the key imported once.
  await page.click('#view-tab-decode');
  await page.fill('#verify-key', PUBLIC_PEM);
  await page.fill('#decode-token', signed({ sub: 'one' }));
  await verdict(/^Signature verified/);
  assert.equal(await count('jwtmint:import'), 1);
  await page.fill('#decode-token', signed({ sub: 'two', exp: 1 }));
  await verdict(/^Not verified: .*expired/i);
  await page.fill('#decode-token', signed({ sub: 'three' }));
  await verdict(/^Signature verified/);
  assert.equal(await count('jwtmint:import'), 1, 'the token changed, the key did not');
  // A new key text is imported (the private key verifies too).
  await page.fill('#verify-key', PEM);
  await page.waitForFunction(() => performance.getEntriesByName('jwtmint:import').length === 2);
  await verdict(/^Signature verified/);

  // The mint form: a field's `change` after its `input` (leaving the box) mints nothing new.
  await page.click('#view-tab-mint');
  await choose(page, 'teradata-lake');
  await fill(page, { private_key: PEM, pat: PAT, sub: 'u', org_id: 'o', host: 'h.example.com', system: 's' });
  const token = await waitForToken(page);
  const mints = await count('jwtmint:mint');
  const imports = await count('jwtmint:import');
  await page.dispatchEvent('#field-private_key', 'change');
  await page.waitForTimeout(500);
  assert.equal(await count('jwtmint:mint'), mints, 'the same values are not minted again');
  await page.fill('#field-sub', 'v');
  await waitForToken(page, token);
  assert.equal(await count('jwtmint:mint'), mints + 1);
  assert.equal(await count('jwtmint:import'), imports, 'typing in another field does not import the key again');
  await page.fill('#field-org_id', 'o2');
  await waitForToken(page, await tokenText(page));
  assert.equal(await count('jwtmint:import'), imports);
  assert.deepEqual(errors, []);
  await page.close();
});
