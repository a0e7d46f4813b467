// Secrets leave no copy in wasm memory: after signing claims that carry a PAT, importing an
// encrypted key with its passphrase, minting a preset with an API secret, and signing with EC and
// Ed25519 keys, the whole linear memory is searched for each secret (as UTF-8, as it would appear
// in a PEM body, and as the raw bytes and base64url of a private scalar or seed). The wasm
// instance is captured by a preload that wraps WebAssembly.Instance, in a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from './helpers.mjs';

const CHILD = `
const Instance = WebAssembly.Instance;
let memory;
WebAssembly.Instance = function (module, imports) {
  const instance = new Instance(module, imports);
  memory = instance.exports.memory;
  return instance;
};
const { importKey, sign, signDetailed, createSigner, clearKeyCache, mint, decode, verify, toCurl, toFetch, toPython, toHttpie } = require(${JSON.stringify(join(root, 'pkg/node.cjs'))});
const { readFileSync } = require('node:fs');
const { STRING_KEY_IDLE_MS } = require(${JSON.stringify(join(root, 'pkg/wasm/api.cjs'))});
const crypto = require('node:crypto');
const found = [];
const search = (label, text) => {
  const needle = Buffer.from(text);
  if (Buffer.from(memory.buffer).indexOf(needle) !== -1) found.push(label);
};
// A private key's secret (the EC scalar d, the Ed25519 seed), searched as the base64url a JWK
// carries it in, and in foundRaw as its raw bytes, as the little-endian number the curve crates
// hold, and for Ed25519 as the SHA-512 half that derives the nonces.
const foundRaw = [];
const searchRaw = (label, bytes) => {
  if (Buffer.from(memory.buffer).indexOf(bytes) !== -1) foundRaw.push(label);
};
const searchPrivate = (label, privateKey) => {
  const d = privateKey.export({ format: 'jwk' }).d;
  const raw = Buffer.from(d, 'base64url');
  search(label + ' (base64url)', d);
  searchRaw(label + ' (raw)', raw);
  searchRaw(label + ' (little-endian)', Buffer.from(raw).reverse());
  if (privateKey.asymmetricKeyType === 'ed25519') {
    searchRaw(label + ' (nonce prefix)', crypto.createHash('sha512').update(raw).digest().subarray(32));
  }
};
const asymmetric = (privateKey, alg) => {
  const label = alg + ' key';
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  const jwk = privateKey.export({ format: 'jwk' });
  const key = importKey(pem);
  sign({ sub: 'me' }, key);
  createSigner(key, {})({ sub: 'me' });
  verify(signDetailed({ sub: 'me' }, key, { alg }).token, key);
  key.free();
  searchPrivate(label + ', freed after signing', privateKey);
  importKey(jwk).free();
  searchPrivate(label + ', freed JWK', privateKey);
  // A key given as a string stays imported until replaced, idle or cleared (keyForString).
  sign({ sub: 'me' }, pem, { alg });
  clearKeyCache();
  searchPrivate(label + ' as PEM text (sign), cleared', privateKey);
  sign({ sub: 'me' }, jwk);
  searchPrivate(label + ' as a JWK object (sign)', privateKey);
  if (alg !== 'EdDSA') {
    importKey(privateKey.export({ type: 'sec1', format: 'pem' })).free();
    searchPrivate(label + ', freed SEC1 PEM', privateKey);
  }
  const encrypted = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'ec-passphrase-marker' });
  const decrypted = importKey(encrypted, { passphrase: 'ec-passphrase-marker' });
  sign({ sub: 'me' }, decrypted, { alg });
  decrypted.free();
  search(label + ' passphrase', 'ec-passphrase-marker');
  searchPrivate(label + ', freed after decrypting', privateKey);
};
// A control for the raw-bytes search: a live Ed25519 key holds its seed as it is (dalek's
// SigningKey), so the search must find it until the key is freed.
const edControl = crypto.generateKeyPairSync('ed25519').privateKey;
const liveEd = importKey(edControl.export({ type: 'pkcs8', format: 'pem' }));
// A live Ed25519 key holds its expanded form (RFC 8032 §5.1.5), whose second half derives the nonces.
const seedFoundWhileLive = Buffer.from(memory.buffer).indexOf(crypto.createHash('sha512').update(Buffer.from(edControl.export({ format: 'jwk' }).d, 'base64url')).digest().subarray(32)) !== -1;
liveEd.free();
searchPrivate('Ed25519 control key, freed', edControl);
asymmetric(crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'ES256');
asymmetric(crypto.generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey, 'ES512');
asymmetric(crypto.generateKeyPairSync('ed25519').privateKey, 'EdDSA');
const PAT = 'PAT-7f3a9c2e-secret-marker';
// Searched right after each call, before later allocations could overwrite what it left.
const secretKey = importKey('an-hmac-secret-marker-of-32-bytes!!', { encoding: 'utf8' });
sign({ sub: 'me', pat: PAT }, secretKey, { alg: 'HS256' });
search('claims PAT (sign)', PAT);
signDetailed(JSON.stringify({ pat: PAT + '-detailed' }), secretKey, { alg: 'HS256' });
search('claims PAT (signDetailed)', PAT + '-detailed');
createSigner(secretKey, { alg: 'HS256' })({ pat: PAT + '-prepared' });
search('claims PAT (createSigner)', PAT + '-prepared');
sign({ sub: 'me', pat: PAT + '-string-key' }, 'a-string-secret-marker-of-32-bytes!!', { alg: 'HS256' });
search('claims PAT (string key)', PAT + '-string-key');
// A control: the secret is held (that is what makes the one-liner fast) until it is replaced.
const stringKeyFoundWhileLive = Buffer.from(memory.buffer).indexOf(Buffer.from('a-string-secret-marker')) !== -1;
sign({ sub: 'me' }, 'a-second-string-secret-marker-32-bytes!', { alg: 'HS256' });
search('HMAC secret (string key, replaced)', 'a-string-secret-marker');
verify(sign({ sub: 'me' }, 'a-second-string-secret-marker-32-bytes!', { alg: 'HS256' }), 'a-second-string-secret-marker-32-bytes!');
clearKeyCache();
search('HMAC secret (string key, cleared)', 'a-second-string-secret-marker');
// Left for the idle timer to free: searched at the end, after STRING_KEY_IDLE_MS.
sign({ sub: 'me' }, 'an-idle-string-secret-marker-32-bytes!', { alg: 'HS256' });
secretKey.free();
search('HMAC secret (freed Key)', 'an-hmac-secret-marker');
const encrypted = readFileSync(${JSON.stringify(join(root, 'tests/keys/rsa2048.enc.pem'))}, 'utf8');
importKey(encrypted, { passphrase: 'correct-horse' }).free();
search('passphrase', 'correct-horse');
mint(
  'visual-layer',
  { api_key: 'vl-key-marker', api_secret: 'vl-secret-marker-0123456789abcdef', dataset_id: 'ds-1' },
  { now: 1700000000 },
);
search('preset API secret', 'vl-secret-marker-0123456789abcdef');
const minted = mint(
  'teradata-lake',
  {
    private_key: readFileSync(${JSON.stringify(join(root, 'tests/keys/rsa2048.pem'))}, 'utf8'),
    pat: 'td-pat-marker-0123456789',
    sub: 'me',
    org_id: 'org-1',
    host: 'example.innovationlabs.teradata.com',
    system: 'demo',
  },
  { now: 1700000000 },
);
search('preset PAT in the claims', 'td-pat-marker-0123456789');
search('preset private key (PEM body)', readFileSync(${JSON.stringify(join(root, 'tests/keys/rsa2048.pem'))}, 'utf8').split('\\n')[5]);
if (!JSON.stringify(minted).includes('eyJ')) found.push('teradata mint made no token');
// A token carrying a PAT, decoded and verified: the claims decoded from it are not left behind.
const verifier = importKey('a-verify-secret-of-32-bytes-for-it!', { encoding: 'utf8' });
const patToken = sign({ pat: 'td-pat-in-token-decoded-0123' }, verifier, { alg: 'HS256' });
decode(patToken);
search('PAT in a decoded token', 'td-pat-in-token-decoded-0123');
verify(patToken, verifier);
search('PAT in a verified token', 'td-pat-in-token-decoded-0123');
try {
  verify(patToken, verifier, { maxTokenAge: 0, now: Math.floor(Date.now() / 1000) + 5 });
} catch {}
search('PAT in a token that failed verification', 'td-pat-in-token-decoded-0123');
verifier.free();
// DataOS sends its API key as it is, in the request: not left behind by mint().
mint('dataos', { api_key: 'dataos-api-key-marker-0123', context: 'ctx', path: '/lens2/api/a:b/v2/load' }, {});
search('DataOS API key (mint)', 'dataos-api-key-marker-0123');
// Request headers, rendered in every format.
const request = {
  method: 'POST',
  url: 'https://api.example.com/v1',
  headers: { 'X-Api-Key': 'header-api-key-marker-4567' },
  body: '{"password":"body-secret-marker-89"}',
};
for (const [name, render] of Object.entries({ toCurl, toFetch, toPython, toHttpie })) {
  render(request);
  search(\`request header (\${name})\`, 'header-api-key-marker-4567');
  search(\`request body (\${name})\`, 'body-secret-marker-89');
}
// A control: text that is in the module's data must be found.
const control = Buffer.from(memory.buffer).indexOf(Buffer.from('the claims must be a JSON object')) !== -1;
setTimeout(() => {
  search('HMAC secret (string key, idle)', 'an-idle-string-secret-marker');
  process.stdout.write(JSON.stringify({ found, foundRaw, control, seedFoundWhileLive, stringKeyFoundWhileLive, bytes: memory.buffer.byteLength }));
}, STRING_KEY_IDLE_MS + 500);
`;

let result;
const run = () =>
  (result ??= JSON.parse(execFileSync(process.execPath, ['-e', CHILD], { cwd: root, encoding: 'utf8' })));

test('no secret the caller passed is left in wasm memory after the call', () => {
  const { found, control, stringKeyFoundWhileLive, bytes } = run();
  assert.ok(bytes > 0 && control, 'the wasm memory was captured and the search finds what is there');
  assert.ok(stringKeyFoundWhileLive, 'a string key is kept while in use, so the later searches can find it');
  assert.deepEqual(found, []);
});

// The heap is wiped as it is freed (the wiping allocator), and the stack a call with a private
// key used is wiped when it returns (wipe::stack_wiped): the curve crates' copies of an Ed25519
// seed (dalek's SigningKey, moved by value) and of a P-256 scalar (little-endian limbs) were left
// below the stack pointer after importKey returned, until later calls overwrote them.
test('no EC scalar or Ed25519 seed is left on the wasm stack after the key is freed', () => {
  const { foundRaw, seedFoundWhileLive } = run();
  assert.ok(seedFoundWhileLive, 'the raw-bytes search finds a live Ed25519 key');
  assert.deepEqual(foundRaw, []);
});
