// Secrets leave no copy in wasm memory: after signing claims that carry a PAT, importing an
// encrypted key with its passphrase and minting a preset with an API secret, the whole linear
// memory is searched for each secret (as UTF-8 and as it would appear in a PEM body). The wasm
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
const { importKey, sign, signDetailed, createSigner, mint, decode, verify, toCurl, toFetch, toPython, toHttpie } = require(${JSON.stringify(join(root, 'pkg/node.cjs'))});
const { readFileSync } = require('node:fs');
const found = [];
const search = (label, text) => {
  const needle = Buffer.from(text);
  if (Buffer.from(memory.buffer).indexOf(needle) !== -1) found.push(label);
};
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
search('HMAC secret (string key)', 'a-string-secret-marker');
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
process.stdout.write(JSON.stringify({ found, control, bytes: memory.buffer.byteLength }));
`;

test('no secret the caller passed is left in wasm memory after the call', () => {
  const output = execFileSync(process.execPath, ['-e', CHILD], { cwd: root, encoding: 'utf8' });
  const { found, control, bytes } = JSON.parse(output);
  assert.ok(bytes > 0 && control, 'the wasm memory was captured and the search finds what is there');
  assert.deepEqual(found, []);
});
