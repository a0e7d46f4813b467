// EC (P-256/384/521) and Ed25519 keys on the page and in <jwt-mint>, as RSA keys are: Custom signs
// with the algorithm the key decides unless the person picked one (a mismatch is the core's
// KEY_ALG_MISMATCH by the key field), Decode & verify checks ES*/EdDSA tokens with a public key,
// certificate or JWK, and the Public key view publishes EC and OKP keys for their own algorithm.
// Keys are made here with node:crypto (a certificate with openssl); tokens are checked with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPage as open, pageSession, parts, waitForToken } from './browser.mjs';
import { root } from '../js/helpers.mjs';

const SHOTS = `${root}tests/artifacts/screenshots`;
mkdirSync(SHOTS, { recursive: true });

const pair = (type, options) => crypto.generateKeyPairSync(type, options);
const P256 = pair('ec', { namedCurve: 'P-256' });
const P384 = pair('ec', { namedCurve: 'P-384' });
const P521 = pair('ec', { namedCurve: 'P-521' });
const ED25519 = pair('ed25519');
const RSA = pair('rsa', { modulusLength: 2048 });
const pkcs8 = ({ privateKey }) => privateKey.export({ type: 'pkcs8', format: 'pem' });
const spki = ({ publicKey }) => publicKey.export({ type: 'spki', format: 'pem' });
const publicJwk = ({ publicKey }) => publicKey.export({ format: 'jwk' });
/** Node's hash for an algorithm (none for EdDSA); ECDSA signatures are R || S in JWS. */
const HASH = { ES256: 'sha256', ES384: 'sha384', ES512: 'sha512', RS256: 'sha256', PS256: 'sha256', EdDSA: null };
/** The key as node:crypto signs and verifies `alg` with it. */
const nodeKey = (alg, key) =>
  ({
    ES: { key, dsaEncoding: 'ieee-p1363' },
    PS: { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
  })[alg.slice(0, 2)] ?? key;

/** Whether node:crypto accepts `token`'s signature for `alg` with the public half of `keys`. */
function nodeVerifies(token, alg, keys) {
  const [header, payload, signature] = token.split('.');
  const key = nodeKey(alg, keys.publicKey);
  return crypto.verify(HASH[alg], Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'));
}

/** A token node:crypto signs with `alg` and the private half of `keys`. */
function nodeToken(alg, keys, claims) {
  const input = [{ alg, typ: 'JWT' }, claims].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'));
  const signature = crypto.sign(HASH[alg], Buffer.from(input.join('.')), nodeKey(alg, keys.privateKey));
  return `${input.join('.')}.${signature.toString('base64url')}`;
}

/** RFC 7638: SHA-256 of the required members in lexicographic order, base64url. */
function thumbprint(jwk) {
  const members = { EC: ['crv', 'kty', 'x', 'y'], OKP: ['crv', 'kty', 'x'] }[jwk.kty];
  const canonical = JSON.stringify(Object.fromEntries(members.map((name) => [name, jwk[name]])));
  return crypto.createHash('sha256').update(canonical).digest('base64url');
}

const session = pageSession();
const openPage = (path = '/') => open(session.context, session.origin + path);
const keyError = (page) => page.locator('#field-key-error');

test('Custom: the key decides the algorithm; node:crypto verifies each token', async () => {
  const { page, errors } = await openPage();
  await page.selectOption('#preset', 'custom');
  const sec1 = P384.privateKey.export({ type: 'sec1', format: 'pem' });
  const jwk = JSON.stringify(P256.privateKey.export({ format: 'jwk' }));
  const pinned = JSON.stringify({ ...RSA.privateKey.export({ format: 'jwk' }), alg: 'PS256' });
  let token = '';
  for (const [name, text, keys, alg] of [
    // A JWK that names its algorithm decides it as a curve does (the default is RS256).
    ['RSA JWK with "alg": "PS256"', pinned, RSA, 'PS256'],
    ['P-256 PKCS#8', pkcs8(P256), P256, 'ES256'],
    ['P-384 SEC1 (BEGIN EC PRIVATE KEY)', sec1, P384, 'ES384'],
    ['P-521 PKCS#8', pkcs8(P521), P521, 'ES512'],
    ['Ed25519 PKCS#8', pkcs8(ED25519), ED25519, 'EdDSA'],
    ['P-256 JWK', jwk, P256, 'ES256'],
    // Back to RSA: the algorithm was never picked by hand, so it follows this key too.
    ['RSA PKCS#8', pkcs8(RSA), RSA, 'RS256'],
  ]) {
    await page.fill('#field-key', text);
    token = await waitForToken(page, token);
    assert.deepEqual(parts(token)[0], { alg, typ: 'JWT' }, name);
    assert.equal(await page.inputValue('#field-alg'), alg, `${name}: the choice shows the algorithm signed with`);
    assert.ok(nodeVerifies(token, alg, keys), `${name}: node:crypto verifies the ${alg} token`);
    assert.ok(await keyError(page).isHidden(), name);
  }
  // The form showing the followed algorithm does not mint again.
  await page.fill('#field-key', pkcs8(P256));
  token = await waitForToken(page, token);
  const mints = await page.evaluate(() => performance.getEntriesByName('jwtmint:mint').length);
  await page.dispatchEvent('#field-key', 'change');
  await page.waitForTimeout(400);
  assert.equal(await page.evaluate(() => performance.getEntriesByName('jwtmint:mint').length), mints);
  await page.screenshot({ path: `${SHOTS}/custom-es256.png`, fullPage: true });

  // An algorithm picked by hand stays; the core says by the key field why this key cannot sign it.
  await page.selectOption('#field-alg', 'ES384');
  await keyError(page).waitFor({ state: 'visible' });
  assert.equal(
    await keyError(page).textContent(),
    'an EC P-256 private key cannot be used for signing with ES384; it can be used for ES256',
  );
  assert.ok(await page.locator('#mint-output .output').isHidden(), 'no token for a mismatch');
  assert.equal(await page.inputValue('#field-alg'), 'ES384');
  assert.equal(await page.inputValue('#field-key'), pkcs8(P256), 'the key stays as pasted');
  await page.fill('#field-key', pkcs8(ED25519));
  await page.waitForFunction(() =>
    /Ed25519 private key cannot be used/.test(document.querySelector('#field-key-error').textContent),
  );
  await page.selectOption('#field-alg', 'EdDSA');
  token = await waitForToken(page, token);
  assert.ok(nodeVerifies(token, 'EdDSA', ED25519));
  assert.deepEqual(errors, []);
  await page.close();
});

test('Decode & verify: ES384 and EdDSA tokens from node:crypto, with SPKI, JWK and certificate', async () => {
  const { page, errors } = await openPage();
  await page.click('#view-tab-decode');
  const verdict = async (pattern) => {
    await page.waitForFunction(
      (source) => new RegExp(source).test(document.querySelector('#verify-result').textContent),
      pattern.source,
    );
    return page.locator('#verify-result').getAttribute('class');
  };
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const token = nodeToken('ES384', P384, { sub: 'ec', exp });
  const dir = mkdtempSync(join(tmpdir(), 'jwtmint-ec-'));
  writeFileSync(join(dir, 'key.pem'), pkcs8(P384));
  execFileSync(
    'openssl',
    ['req', '-x509', '-new', '-key', join(dir, 'key.pem'), '-subj', '/CN=jwtmint test'].concat([
      '-days',
      '1',
      '-sha384',
      '-out',
      join(dir, 'cert.pem'),
    ]),
  );
  const certificate = readFileSync(join(dir, 'cert.pem'), 'utf8');
  await page.fill('#decode-token', token);
  for (const [name, key] of [
    ['SPKI PEM', spki(P384)],
    ['public JWK', JSON.stringify(publicJwk(P384))],
    ['X.509 certificate', certificate],
  ]) {
    await page.fill('#verify-key', key);
    assert.match(await verdict(/^Signature verified with this key/), /valid/, name);
  }
  // The same signature over another payload is refused.
  const [header, , signature] = token.split('.');
  const tampered = `${header}.${Buffer.from(JSON.stringify({ sub: 'admin', exp })).toString('base64url')}.${signature}`;
  await page.fill('#verify-key', spki(P384));
  await page.fill('#decode-token', tampered);
  assert.match(await verdict(/^Not verified: /), /expired/);
  assert.match(await page.locator('#verify-result').textContent(), /signature/i);
  // A key of another curve is refused as an RSA key is for an HS256 token: by the algorithms it allows.
  await page.fill('#decode-token', token);
  await page.fill('#verify-key', spki(P256));
  await verdict(/^Not verified: the token is signed with ES384, which is not allowed here; allowed: ES256$/);

  await page.fill('#decode-token', nodeToken('EdDSA', ED25519, { sub: 'ed', exp }));
  await page.fill('#verify-key', spki(ED25519));
  await verdict(/^Signature verified/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('Public key view: PEM, JWK, JWKS and thumbprint of EC and Ed25519 keys, as node exports them', async () => {
  const { page, errors } = await openPage();
  await page.click('#view-tab-pubkey');
  const sec1 = P384.privateKey.export({ type: 'sec1', format: 'pem' });
  for (const [name, text, keys, alg, about] of [
    ['P-256 PKCS#8', pkcs8(P256), P256, 'ES256', 'EC P-256 private key, for ES256'],
    ['P-384 SEC1', sec1, P384, 'ES384', 'EC P-384 private key, for ES384'],
    ['Ed25519 PKCS#8', pkcs8(ED25519), ED25519, 'EdDSA', 'Ed25519 private key, for EdDSA'],
  ]) {
    await page.fill('#pubkey-input', text);
    await page.waitForFunction((expected) => document.querySelector('#pubkey-about').textContent === expected, about);
    assert.ok(await page.locator('#pubkey-result').isVisible(), name);
    assert.equal((await page.locator('#pubkey-pem').textContent()).trim(), spki(keys).trim(), name);
    const expected = publicJwk(keys);
    const jwk = JSON.parse(await page.locator('#pubkey-jwk').textContent());
    assert.deepEqual(
      { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y },
      { kty: expected.kty, crv: expected.crv, x: expected.x, y: expected.y },
      name,
    );
    assert.equal(jwk.d, undefined, `${name}: nothing private in the JWK`);
    assert.equal(await page.locator('#pubkey-thumbprint').textContent(), thumbprint(expected), name);
    const { keys: published } = JSON.parse(await page.locator('#pubkey-jwks').textContent());
    assert.equal(published.length, 1);
    assert.equal(published[0].alg, alg, `${name}: published for its own algorithm`);
    assert.equal(published[0].use, 'sig');
    assert.equal(published[0].x, expected.x);
    assert.ok(
      !(await page.locator('#pubkey-jwks').textContent()).includes(keys.privateKey.export({ format: 'jwk' }).d),
    );
  }
  await page.screenshot({ path: `${SHOTS}/public-key-ec.png`, fullPage: true });
  // An RSA key is still published for RS256.
  await page.fill('#pubkey-input', pkcs8(RSA));
  await page.waitForFunction(() => document.querySelector('#pubkey-about').textContent.startsWith('RSA 2048-bit'));
  assert.equal(JSON.parse(await page.locator('#pubkey-jwks').textContent()).keys[0].alg, 'RS256');
  assert.deepEqual(errors, []);
  await page.close();
});

/** An embedding page; `element(id, attributes)` adds a Custom <jwt-mint> whose tokens collect in window.tokens[id]. */
async function embedding() {
  const page = await session.context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${session.origin}/embed.html`);
  await page.locator('#lake').locator('#jm-private_key').waitFor();
  const element = async (id, attributes) => {
    await page.evaluate(
      ([id, attributes]) => {
        const element = document.createElement('jwt-mint');
        for (const [name, value] of Object.entries({ id, preset: 'custom', ...attributes })) {
          element.setAttribute(name, value);
        }
        window.tokens = { ...window.tokens, [id]: [] };
        element.addEventListener('token', (event) => window.tokens[id].push(event.detail.token));
        document.body.append(element);
      },
      [id, attributes],
    );
    const host = page.locator(`#${id}`);
    await host.locator('#jm-key').waitFor();
    return host;
  };
  const tokens = (id) => page.evaluate((id) => window.tokens[id], id);
  return { page, errors, element, tokens };
}

test('<jwt-mint alg=…>: the host page picks the algorithm, and the key does not override it', async () => {
  const { page, errors, element, tokens } = await embedding();
  const es256 = await element('es256', { alg: 'ES256', lock: 'alg' });
  assert.equal(await es256.locator('#jm-alg').inputValue(), 'ES256');
  assert.ok(await es256.locator('#jm-alg').isDisabled(), 'a locked choice');
  await es256.locator('#jm-key').fill(pkcs8(P256));
  await page.waitForFunction(() => window.tokens.es256.length === 1);
  const [token] = await tokens('es256');
  assert.equal(parts(token)[0].alg, 'ES256');
  assert.ok(nodeVerifies(token, 'ES256', P256));

  // The attribute is the host page's choice: the key does not override it.
  const es384 = await element('es384', { alg: 'ES384' });
  await es384.locator('#jm-key').fill(pkcs8(P256));
  await es384.locator('#jm-key-error').waitFor({ state: 'visible' });
  assert.match(
    await es384.locator('#jm-key-error').textContent(),
    /P-256 private key cannot be used for signing with ES384/,
  );
  assert.equal(await es384.locator('#jm-alg').inputValue(), 'ES384');
  assert.deepEqual(await tokens('es384'), []);

  assert.deepEqual(errors, []);
  await page.close();
});

test('<jwt-mint alg=…>: an algorithm the preset does not offer is refused by the field', async () => {
  const { page, errors, element, tokens } = await embedding();
  // Never replaced by the default (the select once showed no option and read as RS256).
  for (const [id, alg] of [
    ['none', 'none'],
    ['markup', '"><img src=x onerror="window.injected=1">'],
  ]) {
    const host = await element(id, { alg, lock: 'alg' });
    await host.locator('#jm-key').fill(pkcs8(RSA));
    await host.locator('#jm-alg-error').waitFor({ state: 'visible' });
    assert.match(await host.locator('#jm-alg-error').textContent(), /must be one of HS256, /, id);
    assert.equal(await host.locator('#jm-alg').inputValue(), alg, `${id}: shown as given`);
    assert.deepEqual(await tokens(id), [], `${id}: no token`);
  }
  assert.equal(await page.evaluate(() => window.injected), undefined);
  assert.equal(await page.locator('img').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});
