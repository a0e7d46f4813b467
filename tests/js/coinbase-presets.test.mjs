// The Coinbase presets with every key form Coinbase hands out, made in this run (openssl's SEC1
// P-256 key, also on one line with \n escapes; base64 of an Ed25519 seed and public key; the JSON
// key file holding either): each token verifies with node:crypto and with jose under the public
// key, with the header (a fresh 32-hex nonce) and claims Coinbase documents, the uri claim built
// from the request's own method, host and path. TokenSource mints a new token on every call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, verify } from 'node:crypto';
import * as jose from 'jose';
import { mint, presets, fieldsFromFile, TokenSource } from '../../pkg/node.mjs';
import { openssl } from './helpers.mjs';

const NOW = 1_700_000_000;
const KEY_NAME = 'organizations/5e1d0f2a-org/apiKeys/9b8c7d6e-key';
const KEY_ID = '6e2b4c1a-3f5d-4e7a-9b1c-2d3e4f5a6b7c';

const ecPem = openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout').toString();
const edJwk = createPrivateKey(openssl('genpkey', '-algorithm', 'ed25519')).export({ format: 'jwk' });
const edBase64 = Buffer.concat([Buffer.from(edJwk.d, 'base64url'), Buffer.from(edJwk.x, 'base64url')]).toString(
  'base64',
);
const ecPublic = createPublicKey(ecPem);
const edPublic = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: edJwk.x }, format: 'jwk' });

// [what it is, the text, the algorithm, the public key]
const FORMS = [
  ['SEC1 PEM', ecPem, 'ES256', ecPublic],
  ['SEC1 on one line with \\n', ecPem.replaceAll('\n', '\\n'), 'ES256', ecPublic],
  ['key file with name and an EC key', JSON.stringify({ name: KEY_NAME, privateKey: ecPem }), 'ES256', ecPublic],
  ['Ed25519 seed and public key in base64', edBase64, 'EdDSA', edPublic],
  ['key file with id and an Ed25519 key', JSON.stringify({ id: KEY_ID, privateKey: edBase64 }), 'EdDSA', edPublic],
];

// id → [the key name field, the request's host and default path, the uri claim's name]
const PRESETS = {
  'coinbase-advanced-trade': ['key_name', 'api.coinbase.com', '/api/v3/brokerage/accounts', 'uri'],
  'coinbase-cdp': ['key_id', 'api.cdp.coinbase.com', '/platform/v2/evm/accounts', 'uris'],
};

const segment = (token, index) => Buffer.from(token.split('.')[index], 'base64url').toString();

function nodeVerifies(token, alg, publicKey) {
  const [header, payload, signature] = token.split('.');
  const input = Buffer.from(`${header}.${payload}`);
  const bytes = Buffer.from(signature, 'base64url');
  return alg === 'ES256'
    ? verify('sha256', input, { key: publicKey, dsaEncoding: 'ieee-p1363' }, bytes)
    : verify(null, input, publicKey, bytes);
}

for (const [id, [nameField, host, path, uriClaim]] of Object.entries(PRESETS)) {
  for (const [form, text, alg, publicKey] of FORMS) {
    test(`${id} signs with a ${form}: ${alg}, verified by node:crypto and jose`, async () => {
      const minted = mint(id, { private_key: text, [nameField]: KEY_NAME }, { now: NOW });
      const { token } = minted;
      const header = segment(token, 0);
      const nonce = JSON.parse(header).nonce;
      assert.match(nonce, /^[0-9a-f]{32}$/);
      const expectedHeader =
        id === 'coinbase-cdp' ? { alg, kid: KEY_NAME, typ: 'JWT', nonce } : { alg, kid: KEY_NAME, nonce, typ: 'JWT' };
      assert.equal(header, JSON.stringify(expectedHeader));
      const uri = `GET ${host}${path}`;
      const expectedClaims =
        id === 'coinbase-cdp'
          ? { sub: KEY_NAME, iss: 'cdp', aud: ['cdp_service'], uris: [uri], iat: NOW, nbf: NOW, exp: NOW + 120 }
          : { sub: KEY_NAME, iss: 'cdp', nbf: NOW, exp: NOW + 120, uri };
      assert.equal(segment(token, 1), JSON.stringify(expectedClaims));
      assert.ok(nodeVerifies(token, alg, publicKey));
      const { payload, protectedHeader } = await jose.jwtVerify(token, publicKey, {
        algorithms: [alg],
        issuer: 'cdp',
        subject: KEY_NAME,
        currentDate: new Date((NOW + 60) * 1000),
      });
      assert.equal(protectedHeader.kid, KEY_NAME);
      assert.deepEqual(payload[uriClaim], id === 'coinbase-cdp' ? [uri] : uri);
      assert.deepEqual(minted.request, {
        method: 'GET',
        url: `https://${host}${path}`,
        headers: { Authorization: `Bearer ${token}` },
        body: null,
      });
      // A changed signature is refused.
      const [h, p, s] = token.split('.');
      const flipped = `${h}.${p}.${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`;
      assert.equal(nodeVerifies(flipped, alg, publicKey), false);
    });
  }
}

test('the uri claim is the request: its method, host and path, never the query', () => {
  const minted = mint(
    'coinbase-advanced-trade',
    {
      private_key: ecPem,
      key_name: KEY_NAME,
      method: 'POST',
      host: 'api-sandbox.coinbase.com',
      path: '/api/v3/brokerage/orders?preview=true',
      body: '{"client_order_id":"1","product_id":"BTC-USD"}',
    },
    { now: NOW },
  );
  assert.equal(minted.payload.uri, 'POST api-sandbox.coinbase.com/api/v3/brokerage/orders');
  assert.equal(minted.request.url, 'https://api-sandbox.coinbase.com/api/v3/brokerage/orders?preview=true');
  assert.equal(minted.request.headers['Content-Type'], 'application/json');
  assert.equal(minted.request.body, '{"client_order_id":"1","product_id":"BTC-USD"}');
});

test('TokenSource mints a new token, with a new nonce, on every call for a per-request preset', () => {
  const descriptor = presets().find((preset) => preset.id === 'coinbase-cdp');
  assert.equal(descriptor.tokenPerRequest, true);
  const source = new TokenSource('coinbase-cdp', { private_key: edBase64, key_id: KEY_ID }, { clock: () => NOW });
  const first = source.token();
  const second = source.token();
  assert.notEqual(first, second);
  const nonce = (token) => JSON.parse(segment(token, 0)).nonce;
  assert.notEqual(nonce(first), nonce(second));
  assert.equal(segment(first, 1), segment(second, 1));
  assert.notEqual(source.minted().token, source.minted().token);
  assert.match(source.authorization(), /^Bearer ey/);
  source.dispose();
  // A preset without the flag keeps its cached token.
  assert.equal(presets().find((preset) => preset.id === 'ghost').tokenPerRequest, false);
  const cached = new TokenSource(
    'ghost',
    { admin_key: `6748592f4b9b7700010f6564:${'ab'.repeat(32)}`, admin_url: 'https://blog.ghost.io' },
    { clock: () => NOW },
  );
  assert.equal(cached.token(), cached.token());
  cached.dispose();
});

test('fieldsFromFile gives the key name a Coinbase key file holds, and nothing for a bare key', () => {
  const legacy = JSON.stringify({ name: KEY_NAME, privateKey: ecPem });
  const current = JSON.stringify({ id: KEY_ID, privateKey: edBase64 });
  const file = (name, text) => ({ name, text });
  assert.deepEqual(fieldsFromFile('coinbase-advanced-trade', 'private_key', file('cdp_api_key.json', legacy)), {
    key_name: KEY_NAME,
  });
  assert.deepEqual(fieldsFromFile('coinbase-cdp', 'private_key', file('cdp_api_key.json', current)), {
    key_id: KEY_ID,
  });
  assert.deepEqual(fieldsFromFile('coinbase-cdp', 'private_key', file('key.pem', ecPem)), {});
  assert.deepEqual(fieldsFromFile('github-app', 'private_key', file('AuthKey_X.p8', ecPem)), {});
  assert.throws(() => fieldsFromFile('coinbase-cdp', 'nope', file('k.json', current)), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => fieldsFromFile('coinbase-cdp', 'private_key', 'k.json'), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => fieldsFromFile('no-such-preset', 'private_key', file('k.json', '')), {
    code: 'INVALID_ARGUMENT',
  });
});
