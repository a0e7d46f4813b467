// The elliptic-curve presets (Apple's .p8 family, NetSuite, SMART Backend Services), minted from
// their document text with the fields of tests/vectors/apple-presets.json: every token verifies
// with node:crypto and with jose under the public half of a key openssl made in this run (an EC
// P-256 key written as AuthKey_ABC123DEFG.p8, as Apple hands it out, a P-384 key, and
// tests/keys/rsa2048.pem for PS256 and RS384). Header and claims byte for byte are
// tests/apple_presets.rs; the APNs request over HTTP/2 is tests/http2.rs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';
import { JwtMintError, mint, toCurl, toFetch, toHttpie, toPython } from '../../pkg/node.mjs';
import { openssl, readKey, root } from './helpers.mjs';

const NOW = 1_700_000_000;
const dir = mkdtempSync(join(tmpdir(), 'jwtmint-apple-'));

/** An EC key made by openssl genpkey, PKCS#8 PEM in a file named like Apple's. */
function generated(curve) {
  const file = join(dir, `AuthKey_${curve === 'P-256' ? 'ABC123DEFG' : 'P384KEY000'}.p8`);
  openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${curve}`, '-out', file);
  return readFileSync(file, 'utf8');
}

const KEYS = { $P8: generated('P-256'), $P384: generated('P-384'), $RSA: readKey('rsa2048.pem') };
const vectors = JSON.parse(readFileSync(`${root}tests/vectors/apple-presets.json`, 'utf8'));
const fill = (fields) =>
  Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, KEYS[value] ?? value]));
const document = (id) => readFileSync(`${root}presets/${id}.json`, 'utf8');

const HASHES = { 256: 'sha256', 384: 'sha384', 512: 'sha512' };

/** Verifies the signature with node:crypto alone. */
function cryptoVerifies(token, privatePem) {
  const [header, payload, signature] = token.split('.');
  const { alg } = JSON.parse(Buffer.from(header, 'base64url'));
  const key = createPublicKey(privatePem);
  const options = alg.startsWith('ES')
    ? { key, dsaEncoding: 'ieee-p1363' }
    : alg.startsWith('PS')
      ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 }
      : { key, padding: constants.RSA_PKCS1_PADDING };
  return verify(
    HASHES[alg.slice(2)],
    Buffer.from(`${header}.${payload}`),
    options,
    Buffer.from(signature, 'base64url'),
  );
}

async function verifiesEverywhere(token, privatePem) {
  assert.ok(cryptoVerifies(token, privatePem), 'node:crypto');
  const { alg } = jose.decodeProtectedHeader(token);
  const spki = createPublicKey(privatePem).export({ type: 'spki', format: 'pem' });
  const result = await jose.jwtVerify(token, await jose.importSPKI(spki, alg), {
    currentDate: new Date(NOW * 1000),
    algorithms: [alg],
  });
  const [head, body, signature] = token.split('.');
  const changed = `${head}.${body}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
  assert.equal(cryptoVerifies(changed, privatePem), false, 'a changed signature fails');
  return result;
}

for (const { id, key, fields } of [...vectors.cases, ...vectors.variants]) {
  test(`${id} (${fields.alg ?? 'its algorithm'}): the token verifies with node:crypto and jose`, async () => {
    const minted = mint(document(id), fill(fields), { now: NOW });
    const { payload, protectedHeader } = await verifiesEverywhere(minted.token, KEYS[key]);
    assert.deepEqual(payload, minted.payload);
    assert.deepEqual(protectedHeader, minted.header);
  });
}

test('a .p8 file is a PKCS#8 P-256 key, and ES256 signatures are 64 bytes (r‖s), not DER', () => {
  assert.match(KEYS.$P8, /^-----BEGIN PRIVATE KEY-----\n/);
  assert.equal(createPublicKey(KEYS.$P8).asymmetricKeyDetails.namedCurve, 'prime256v1');
  const apns = vectors.cases.find((c) => c.id === 'apns');
  const { token, expiresAt, payload } = mint(document('apns'), fill(apns.fields), { now: NOW });
  assert.equal(Buffer.from(token.split('.')[2], 'base64url').length, 64);
  assert.deepEqual([expiresAt, Object.keys(payload)], [null, ['iss', 'iat']], 'APNs: iat only, no exp');
});

test('the APNs request says HTTP/2: curl is told so, the HTTP/1.1-only clients refuse', () => {
  const apns = vectors.cases.find((c) => c.id === 'apns');
  const minted = mint(document('apns'), fill(apns.fields), { now: NOW });
  assert.equal(minted.request.http2, true);
  assert.match(
    toCurl(minted),
    /^curl -q -g --fail-with-body -sS --http2 -X POST 'https:\/\/api\.sandbox\.push\.apple\.com\/3\/device\//,
  );
  assert.match(toCurl(minted, { shell: 'powershell' }), /^# HTTP\/2: the curl\.exe that comes with Windows has none;/);
  for (const [render, client] of [
    [toPython, 'Python requests'],
    [toHttpie, 'HTTPie'],
    [toFetch, "JavaScript fetch \\(Node's\\)"],
  ]) {
    assert.throws(
      () => render(minted),
      (error) =>
        error instanceof JwtMintError &&
        error.code === 'INVALID_ARGUMENT' &&
        new RegExp(`${client} sends HTTP/1\\.1 only .*; use the curl command$`).test(error.message),
    );
  }
  // A request handed back as plain JSON keeps the flag; without it, HTTP/1.1 clients render it.
  assert.match(toCurl({ ...minted.request }), / --http2 /);
  const { http2, ...plain } = minted.request;
  assert.equal(http2, true);
  assert.match(toPython(plain), /^import requests/);
  assert.equal(
    mint(document('musickit'), fill(vectors.cases.find((c) => c.id === 'musickit').fields), { now: NOW }).request.http2,
    undefined,
  );
});
