// The wasm builds' RSA signer against OpenSSL (node:crypto) on the 20 differential-test keys
// (2048 to 4096 bits, including 2049-, 2056- and 3000-bit moduli): RS* signatures are
// deterministic, so they must be byte-identical; PS* signatures must verify. The native Rust
// tests check the same code against the rsa crate; this checks the code as compiled to wasm32,
// in this process with the SIMD build (Node has wasm SIMD) and in a child process where
// tests/js/no-simd.cjs hides wasm SIMD, so the scalar build is loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, createPrivateKey, sign as cryptoSign, verify as cryptoVerify, constants } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importKey, sign, verify } from '../../pkg/node.mjs';
import { simdSupported } from '../../pkg/api.js';
import { root } from './helpers.mjs';

const scalar = process.env.JWTMINT_EXPECT_SCALAR === '1';

test(`this process runs the ${scalar ? 'scalar' : 'SIMD'} build`, () => {
  assert.equal(simdSupported(), !scalar);
  if (scalar) assert.deepEqual(globalThis.jwtmintWasmLoaded, ['jwtmint_bg.wasm']);
});

test('the scalar build, loaded where wasm SIMD is missing, passes the same checks', { skip: scalar }, () => {
  // The child reports as TAP on its own, not to this runner.
  const { NODE_TEST_CONTEXT, ...env } = process.env; // eslint-disable-line no-unused-vars
  const output = execFileSync(
    process.execPath,
    ['-r', join(root, 'tests/js/no-simd.cjs'), '--test', '--test-reporter=tap', fileURLToPath(import.meta.url)],
    { env: { ...env, JWTMINT_EXPECT_SCALAR: '1' }, encoding: 'utf8' },
  );
  assert.match(output, /# pass 4\n/);
  assert.match(output, /# fail 0\n/);
});

const dir = join(root, 'tests/keys/diff');
const keys = readdirSync(dir)
  .filter((name) => name.endsWith('.pem'))
  .sort()
  .map((name) => ({ name, pem: readFileSync(join(dir, name), 'utf8') }));
const HASH = { 256: 'sha256', 384: 'sha384', 512: 'sha512' };

function parts(token) {
  const [header, payload, signature] = token.split('.');
  return { input: Buffer.from(`${header}.${payload}`), signature: Buffer.from(signature, 'base64url') };
}

test('RS256/384/512 from the wasm build are byte-identical to OpenSSL on 20 keys', () => {
  assert.equal(keys.length, 20);
  let compared = 0;
  for (const [index, { name, pem }] of keys.entries()) {
    const key = importKey(pem);
    const native = createPrivateKey(pem);
    for (let round = 0; round < 6; round += 1) {
      const bits = [256, 384, 512][(index + round) % 3];
      const claims = { sub: `user-${index}-${round}`, data: 'x'.repeat(round * 37), n: round };
      const token = sign(claims, key, { alg: `RS${bits}`, issuedAt: false });
      const { input, signature } = parts(token);
      assert.deepEqual(signature, cryptoSign(HASH[bits], input, native), `${name} round ${round}`);
      compared += 1;
    }
    key.free();
  }
  assert.equal(compared, 120);
});

test('PS256/384/512 from the wasm build verify with OpenSSL, and OpenSSL PSS verifies with jwtmint', () => {
  for (const [index, { name, pem }] of keys.entries()) {
    const bits = [256, 384, 512][index % 3];
    const key = importKey(pem);
    const native = createPrivateKey(pem);
    const pss = { key: native, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(bits) / 8 };
    const token = sign({ sub: name }, key, { alg: `PS${bits}`, issuedAt: false });
    const { input, signature } = parts(token);
    assert.ok(cryptoVerify(HASH[bits], input, pss, signature), name);

    const [header, payload] = token.split('.');
    const theirs = cryptoSign(HASH[bits], input, pss).toString('base64url');
    const publicKey = importKey(key.publicPem());
    assert.equal(verify(`${header}.${payload}.${theirs}`, publicKey).payload.sub, name);
    const tampered = `${header}.${payload}.${theirs.slice(0, 10)}${theirs[10] === 'A' ? 'B' : 'A'}${theirs.slice(11)}`;
    assert.throws(() => verify(tampered, publicKey), { code: 'SIGNATURE_INVALID' });
    key.free();
    publicKey.free();
  }
});

test('HS256 from the wasm build equals node:crypto for claims of every length, both quoting paths', () => {
  // base64url runs twelve bytes a step in the SIMD build and three in the scalar one, and
  // strings from 256 characters are quoted by hand (pkg/api.js): lengths 0 to 700 cross every
  // step boundary of both, with every kind of character JSON escapes or UTF-8 spreads.
  const secret = 'a-test-secret-of-at-least-thirty-two-bytes';
  const key = importKey(secret, { encoding: 'utf8' });
  const characters = ['a', 'Z', '0', '~', 'é', '€', '😀', '"', '\\', '\n', '\u0001', '\u001f', '\u2028', ' '];
  let compared = 0;
  for (let length = 0; length <= 700; length += 1) {
    const plain = 'x'.repeat(length);
    const mixed = Array.from({ length }, (_, index) => characters[(index * 7 + length) % characters.length]).join('');
    for (const data of [plain, mixed]) {
      const claims = { sub: 'me', data };
      const token = sign(claims, key, { alg: 'HS256', issuedAt: false });
      const [header, payload, signature] = token.split('.');
      assert.equal(Buffer.from(payload, 'base64url').toString(), JSON.stringify(claims), `length ${length}`);
      assert.equal(payload, Buffer.from(JSON.stringify(claims)).toString('base64url'), `length ${length}`);
      const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
      assert.equal(signature, expected, `length ${length}`);
      compared += 1;
    }
  }
  assert.equal(compared, 1402);
  key.free();
});
