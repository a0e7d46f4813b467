// The vendor presets (presets/*.json, minted from their document text): every token verifies
// with node:crypto and with jose under the key the vendor holds: the RSA public key of
// tests/keys/rsa2048.pem, or the HMAC secret's bytes (hex-decoded for Ghost). Header and claims
// byte for byte are tests/vendor_presets.rs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createHmac, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as jose from 'jose';
import { mint } from '../../pkg/node.mjs';
import { root, readKey, SECRET } from './helpers.mjs';

const NOW = 1_700_000_000;
const RSA = readKey('rsa2048.pem');
const PUBLIC = readKey('rsa2048.pub.pem');
const GHOST_ID = '6748592f4b9b7700010f6564';
const GHOST_SECRET = 'b1b5b9c1d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1';
const KEY_FILE = JSON.stringify({
  type: 'service_account',
  private_key_id: 'abc123',
  private_key: RSA,
  client_email: 'sa@my-proj.iam.gserviceaccount.com',
  project_id: 'my-proj',
});
const BOX_CONFIG = JSON.stringify({
  boxAppSettings: {
    clientID: 'box-client',
    clientSecret: 'box-secret',
    appAuth: { publicKeyID: 'pk-1', privateKey: readKey('rsa2048.enc.pem'), passphrase: 'correct-horse' },
  },
  enterpriseID: '1234567',
});

// id → [fields, the verifying key: 'rsa' or the secret's bytes]
const CASES = {
  'google-oauth': [{ key_file: KEY_FILE }, 'rsa'],
  'google-id-token': [{ key_file: KEY_FILE, audience: 'https://svc-abc-uc.a.run.app' }, 'rsa'],
  salesforce: [{ private_key: RSA, consumer_key: 'c', username: 'me@example.com' }, 'rsa'],
  entra: [{ tenant: 't1', client_id: 'a', private_key: RSA, certificate: readKey('rsa2048.cert.pem') }, 'rsa'],
  okta: [{ domain: 'dev-1.okta.com', client_id: 'c', private_key: RSA }, 'rsa'],
  auth0: [{ domain: 'acme.auth0.com', client_id: 'c', private_key: RSA, audience: 'https://api' }, 'rsa'],
  docusign: [{ private_key: RSA, integration_key: 'ik', user_id: 'u' }, 'rsa'],
  box: [{ config: BOX_CONFIG }, 'rsa'],
  firebase: [{ key_file: KEY_FILE, uid: 'user-1', web_api_key: 'k' }, 'rsa'],
  mux: [{ playback_id: 'pb', key_id: 'sk', private_key: Buffer.from(RSA).toString('base64') }, 'rsa'],
  ghost: [
    { admin_key: `${GHOST_ID}:${GHOST_SECRET}`, admin_url: 'https://blog.ghost.io' },
    Buffer.from(GHOST_SECRET, 'hex'),
  ],
  tableau: [
    { client_id: 'c', secret_id: 's', secret_value: SECRET, username: 'u', server: 'https://t.example.com' },
    Buffer.from(SECRET),
  ],
  livekit: [{ api_key: 'APIabc', api_secret: SECRET, identity: 'alice', room: 'r' }, Buffer.from(SECRET)],
  'zoom-video-sdk': [{ sdk_key: 'k', sdk_secret: SECRET, session_name: 's' }, Buffer.from(SECRET)],
  metabase: [{ site_url: 'https://m.example.com', secret_key: SECRET, dashboard: '12' }, Buffer.from(SECRET)],
};

const HASHES = { 256: 'sha256', 384: 'sha384', 512: 'sha512' };

/** Verifies the signature with node:crypto alone. */
function cryptoVerifies(token, key) {
  const [header, payload, signature] = token.split('.');
  const alg = JSON.parse(Buffer.from(header, 'base64url')).alg;
  const input = Buffer.from(`${header}.${payload}`);
  const hash = HASHES[alg.slice(2)];
  if (alg.startsWith('HS')) {
    return createHmac(hash, key).update(input).digest('base64url') === signature;
  }
  const padding = alg.startsWith('PS') ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING;
  const publicKey = { key: createPublicKey(PUBLIC), padding, saltLength: Number(alg.slice(2)) / 8 };
  return verify(hash, input, publicKey, Buffer.from(signature, 'base64url'));
}

for (const [id, [fields, key]] of Object.entries(CASES)) {
  test(`${id}: the token verifies with node:crypto and jose`, async () => {
    const document = readFileSync(`${root}presets/${id}.json`, 'utf8');
    const minted = mint(document, fields, { now: NOW });
    assert.ok(cryptoVerifies(minted.token, key), 'node:crypto');
    const { alg } = jose.decodeProtectedHeader(minted.token);
    const joseKey = key === 'rsa' ? await jose.importSPKI(PUBLIC, alg) : new Uint8Array(key);
    const { payload, protectedHeader } = await jose.jwtVerify(minted.token, joseKey, {
      currentDate: new Date(NOW * 1000),
      algorithms: [alg],
    });
    assert.deepEqual(payload, minted.payload);
    assert.deepEqual(protectedHeader, minted.header);
    const [head, body, signature] = minted.token.split('.');
    const changed = `${head}.${body}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    assert.equal(cryptoVerifies(changed, key), false, 'a changed signature fails');
  });
}
