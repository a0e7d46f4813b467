// The APNs preset on the page, in Chromium: a .p8 key made by openssl gives an ES256 provider
// token node:crypto verifies (iss and iat, no exp), the curl tabs send the notification over
// HTTP/2, and the Python, HTTPie and fetch tabs say why they cannot instead of showing nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPage, pageSession, parts, waitForToken } from './browser.mjs';
import { openssl } from '../js/helpers.mjs';

const session = pageSession();
const p8 = join(mkdtempSync(join(tmpdir(), 'jwtmint-p8-')), 'AuthKey_ABC123DEFG.p8');
openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', p8);
const PEM = readFileSync(p8, 'utf8');

test('apns: the provider token verifies, curl sends HTTP/2, the HTTP/1.1-only tabs say so', async () => {
  const { page, errors } = await openPage(session.context, session.origin + '/');
  await page.selectOption('#preset', 'apns');
  const fields = {
    private_key: PEM,
    kid: 'ABC123DEFG',
    team_id: 'DEF123GHIJ',
    device_token: '00fc13adff785122b4ad28809a3420982341241421348097878e577c991de8f0',
    topic: 'com.example.app',
  };
  for (const [name, value] of Object.entries(fields)) await page.fill(`#field-${name}`, value);
  const token = await waitForToken(page);
  const [header, payload, signature] = parts(token);
  assert.deepEqual(header, { alg: 'ES256', kid: 'ABC123DEFG', typ: 'JWT' });
  assert.deepEqual(Object.keys(payload), ['iss', 'iat']);
  const input = Buffer.from(token.split('.').slice(0, 2).join('.'));
  const key = { key: crypto.createPublicKey(PEM), dsaEncoding: 'ieee-p1363' };
  assert.ok(crypto.verify('sha256', input, key, Buffer.from(signature, 'base64url')));
  const command = () => page.locator('#mint-command').textContent();
  assert.match(
    await command(),
    /^curl -q -g --fail-with-body -sS --http2 -X POST 'https:\/\/api\.sandbox\.push\.apple\.com\/3\/device\//,
  );
  assert.ok((await command()).includes(`-H 'authorization: bearer ${token}'`));
  await page.click('#mint-tab-powershell');
  assert.match(
    await command(),
    /^# HTTP\/2: the curl\.exe that comes with Windows has none;[^]*curl\.exe -q -g --fail-with-body -sS --http2 /,
  );
  for (const [tab, client] of [
    ['python', 'Python requests'],
    ['httpie', 'HTTPie'],
    ['fetch', "JavaScript fetch (Node's)"],
  ]) {
    await page.click(`#mint-tab-${tab}`);
    const text = await command();
    assert.ok(text.startsWith('# ') && text.includes(`${client} sends HTTP/1.1 only`), `${tab}: ${text}`);
    assert.ok(text.endsWith('use the curl command'), text);
  }
  assert.deepEqual(errors, []);
  await page.close();
});
