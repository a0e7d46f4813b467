// ES256/ES384/ES512 (P-256/384/521) and EdDSA (Ed25519) through the package, against independent
// implementations: tokens jwtmint mints verify with node:crypto (OpenSSL) and jose, tokens they
// mint verify with jwtmint, from keys node:crypto generates and exports in every form (PKCS#8,
// SEC1, SPKI, JWK, DER, certificates made by the openssl command). Both Node entries and the
// scalar build (loaded where wasm SIMD is missing, tests/js/no-simd.cjs) sign too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';
import * as esm from '../../pkg/node.mjs';
import { SECRET, openssl, readKey, root } from './helpers.mjs';

const cjs = createRequire(import.meta.url)('../../pkg/node.cjs');
const { importKey, sign, signDetailed, createSigner, verify, decode, JwtMintError } = esm;
const dir = mkdtempSync(join(tmpdir(), 'jwtmint-ec-'));

// size: bytes of one coordinate, and of r and of s in a JWS signature (RFC 7518 §3.4).
const CURVES = [
  { alg: 'ES256', crv: 'P-256', hash: 'sha256', size: 32, bits: 256 },
  { alg: 'ES384', crv: 'P-384', hash: 'sha384', size: 48, bits: 384 },
  { alg: 'ES512', crv: 'P-521', hash: 'sha512', size: 66, bits: 521 },
  { alg: 'EdDSA', crv: 'Ed25519', hash: null, size: 32, bits: 256 },
];
const ec = (alg) => CURVES.find((curve) => curve.alg === alg);

/** A fresh key pair of the curve, from node:crypto. */
function generate({ crv }) {
  return crv === 'Ed25519'
    ? crypto.generateKeyPairSync('ed25519')
    : crypto.generateKeyPairSync('ec', { namedCurve: crv });
}

/** Every form node:crypto writes the private key in, as importKey takes it. */
function privateForms(curve, privateKey) {
  const forms = {
    'PKCS#8 PEM': privateKey.export({ type: 'pkcs8', format: 'pem' }),
    'PKCS#8 DER': new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' })),
    'encrypted PKCS#8 PEM': [
      privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }),
      { passphrase: 'pw' },
    ],
    'JWK object': privateKey.export({ format: 'jwk' }),
    'JWK text': JSON.stringify(privateKey.export({ format: 'jwk' })),
  };
  if (curve.crv !== 'Ed25519') {
    forms['SEC1 PEM'] = privateKey.export({ type: 'sec1', format: 'pem' });
    forms['SEC1 DER'] = new Uint8Array(privateKey.export({ type: 'sec1', format: 'der' }));
  }
  return forms;
}

/** Every form of the public key: SPKI PEM and DER, the JWK, and a self-signed certificate. */
function publicForms(privateKey, publicKey) {
  const keyFile = join(dir, `${crypto.randomUUID()}.pem`);
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const cert = openssl('req', '-x509', '-new', '-key', keyFile, '-subj', '/CN=jwtmint', '-days', '2').toString();
  return {
    'SPKI PEM': publicKey.export({ type: 'spki', format: 'pem' }),
    'SPKI DER': new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
    'public JWK': publicKey.export({ format: 'jwk' }),
    certificate: cert,
  };
}

const importForm = (form) => (Array.isArray(form) ? importKey(...form) : importKey(form));

function parts(token) {
  const [header, payload, signature] = token.split('.');
  return { input: Buffer.from(`${header}.${payload}`), signature: Buffer.from(signature, 'base64url') };
}

/** node:crypto's verdict on a JWS signature (r || s for ECDSA, RFC 7518 §3.4). */
function opensslVerifies(token, { hash }, publicKey) {
  const { input, signature } = parts(token);
  return crypto.verify(hash, input, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
}

/** A JwtMintError with this code. */
const refusedWith = (code) => (error) => error instanceof JwtMintError && error.code === code;

for (const curve of CURVES) {
  test(`${curve.alg}: every private key form signs tokens that node:crypto and jose verify`, async () => {
    const { privateKey, publicKey } = generate(curve);
    for (const [form, input] of Object.entries(privateForms(curve, privateKey))) {
      const key = importForm(input);
      assert.equal(key.kind, 'private', form);
      assert.equal(key.keyType, curve.crv === 'Ed25519' ? 'OKP' : 'EC', form);
      assert.equal(key.curve, curve.crv, form);
      assert.equal(key.bits, curve.bits, form);
      assert.deepEqual(key.algorithms, [curve.alg], form);
      // The key implies its one algorithm; naming it gives the same kind of token.
      for (const options of [{ kid: 'k1' }, { alg: curve.alg, kid: 'k1' }]) {
        const token = sign({ sub: form, n: 1 }, key, { ...options, expiresIn: '1h' });
        assert.deepEqual(decode(token).header, { alg: curve.alg, typ: 'JWT', kid: 'k1' }, form);
        assert.equal(parts(token).signature.length, 2 * curve.size, `${form}: r || s, ${curve.size} bytes each`);
        assert.ok(opensslVerifies(token, curve, publicKey), `${form}: node:crypto verifies`);
        const verified = await jose.jwtVerify(token, publicKey, { algorithms: [curve.alg] });
        assert.equal(verified.payload.sub, form);
        assert.equal(verified.protectedHeader.alg, curve.alg);
      }
      // Deterministic nonces (RFC 6979 for ECDSA, RFC 8032 for EdDSA): the same input, the same token.
      const twice = [0, 1].map(() => sign({ sub: form }, key, { issuedAt: false }));
      assert.equal(twice[0], twice[1], `${form}: deterministic`);
      key.free();
    }
  });

  test(`${curve.alg}: tokens from jose and node:crypto verify with jwtmint from every key form`, async () => {
    const { privateKey, publicKey } = generate(curve);
    const fromJose = await new jose.SignJWT({ sub: 'jose' })
      .setProtectedHeader({ alg: curve.alg, typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);
    const header = Buffer.from(JSON.stringify({ alg: curve.alg })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'node' })).toString('base64url');
    const signature = crypto.sign(curve.hash, Buffer.from(`${header}.${payload}`), {
      key: privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    const fromNode = `${header}.${payload}.${signature.toString('base64url')}`;
    const forms = { ...publicForms(privateKey, publicKey), ...privateForms(curve, privateKey) };
    for (const [form, input] of Object.entries(forms)) {
      const key = importForm(input);
      assert.equal(key.curve, curve.crv, form);
      assert.equal(verify(fromJose, key).payload.sub, 'jose', form);
      assert.equal(verify(fromNode, key, { algorithms: [curve.alg] }).payload.sub, 'node', form);
      key.free();
    }
    // A key given as text for one call verifies too, and so does the other entry.
    assert.equal(verify(fromJose, publicKey.export({ type: 'spki', format: 'pem' })).payload.sub, 'jose');
    assert.equal(cjs.verify(fromNode, publicKey.export({ format: 'jwk' })).payload.sub, 'node');
  });

  test(`${curve.alg}: tampered tokens and signatures that are no signature are refused`, () => {
    const { privateKey, publicKey } = generate(curve);
    const key = importKey(publicKey.export({ type: 'spki', format: 'pem' }));
    const token = sign({ sub: 'me', admin: false }, importKey(privateKey.export({ format: 'jwk' })), {});
    assert.equal(verify(token, key).payload.sub, 'me');
    const [header, payload, signature] = token.split('.');
    const raw = Buffer.from(signature, 'base64url');
    const flipped = Buffer.from(raw);
    flipped[flipped.length - 1] ^= 1;
    const zero = Buffer.alloc(raw.length);
    const other = sign(
      { sub: 'me', admin: false },
      importKey(generate(curve).privateKey.export({ format: 'jwk' })),
      {},
    );
    const b64 = (bytes) => Buffer.from(bytes).toString('base64url');
    // A signature that is no r‖s of the curve's length is a malformed token (the message says
    // how long it must be); one of the right length that does not verify is SIGNATURE_INVALID.
    for (const [what, forged, code] of [
      ['a flipped signature bit', `${header}.${payload}.${b64(flipped)}`, 'SIGNATURE_INVALID'],
      [
        'another payload',
        `${header}.${b64(JSON.stringify({ sub: 'me', admin: true }))}.${signature}`,
        'SIGNATURE_INVALID',
      ],
      ['r = s = 0 (CVE-2022-21449)', `${header}.${payload}.${b64(zero)}`, 'SIGNATURE_INVALID'],
      ['a signature by another key', other, 'SIGNATURE_INVALID'],
      ['a signature one byte short', `${header}.${payload}.${b64(raw.subarray(1))}`, 'TOKEN_MALFORMED'],
      [
        'a signature one byte long',
        `${header}.${payload}.${b64(Buffer.concat([raw, Buffer.from([0])]))}`,
        'TOKEN_MALFORMED',
      ],
      ['a DER signature', `${header}.${payload}.${b64(derSignature(raw, curve))}`, 'TOKEN_MALFORMED'],
      ['an empty signature', `${header}.${payload}.`, 'TOKEN_MALFORMED'],
    ]) {
      assert.throws(() => verify(forged, key), refusedWith(code), `${curve.alg}: ${what}`);
      assert.equal(opensslVerifies(forged, curve, publicKey), false, `node:crypto refuses ${what} too`);
    }
    assert.throws(() => verify(`${header}.${payload}.${b64(raw.subarray(1))}`, key), {
      message: new RegExp(`exactly ${2 * curve.size}`),
    });
    // An HS256 token made with the public key's PEM as its secret: the key is never a secret.
    const pem = publicKey.export({ type: 'spki', format: 'pem' });
    const hsHeader = b64(JSON.stringify({ alg: 'HS256' }));
    const confused = `${hsHeader}.${payload}.${crypto.createHmac('sha256', pem).update(`${hsHeader}.${payload}`).digest('base64url')}`;
    assert.throws(() => verify(confused, key), refusedWith('ALG_NOT_ALLOWED'));
  });
}

/** The ASN.1 DER form of a JWS ECDSA signature (what OpenSSL writes by default), or the raw bytes for EdDSA. */
function derSignature(raw, { size, crv }) {
  if (crv === 'Ed25519') return Buffer.concat([Buffer.from([0x30, raw.length]), raw]);
  const integer = (bytes) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
    const body = bytes[start] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes.subarray(start)]) : bytes.subarray(start);
    return Buffer.concat([Buffer.from([0x02, body.length]), body]);
  };
  const body = Buffer.concat([integer(raw.subarray(0, size)), integer(raw.subarray(size))]);
  const length = body.length < 128 ? Buffer.from([body.length]) : Buffer.from([0x81, body.length]);
  return Buffer.concat([Buffer.from([0x30]), length, body]);
}

test('EdDSA signatures are deterministic: byte-identical to node:crypto (RFC 8032)', () => {
  const { privateKey } = generate(ec('EdDSA'));
  const key = importKey(privateKey.export({ type: 'pkcs8', format: 'pem' }));
  for (let round = 0; round < 5; round += 1) {
    const token = sign({ sub: `user-${round}`, data: 'x'.repeat(round * 41) }, key, { issuedAt: false });
    const { input, signature } = parts(token);
    assert.deepEqual(signature, crypto.sign(null, input, privateKey), `round ${round}`);
  }
});

test('ECDSA signatures are verified at the P-256 order boundary: r = n and s = n are refused', () => {
  const { publicKey } = generate(ec('ES256'));
  const key = importKey(publicKey.export({ format: 'jwk' }));
  const order = Buffer.from('FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551', 'hex');
  const one = Buffer.alloc(32);
  one[31] = 1;
  const input = `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}`;
  for (const [r, s] of [
    [order, one],
    [one, order],
    [Buffer.alloc(32, 0xff), one],
  ]) {
    const token = `${input}.${Buffer.concat([r, s]).toString('base64url')}`;
    assert.throws(() => verify(token, key), refusedWith('SIGNATURE_INVALID'));
  }
});

test('publicJwk, jwks, thumbprint and publicPem equal what jose and node:crypto compute', async () => {
  for (const curve of CURVES) {
    const { privateKey, publicKey } = generate(curve);
    const expected = await jose.exportJWK(publicKey);
    const thumbprint = await jose.calculateJwkThumbprint(expected);
    for (const input of [privateKey.export({ type: 'pkcs8', format: 'pem' }), publicKey.export({ format: 'jwk' })]) {
      const key = importKey(input);
      assert.deepEqual(key.publicJwk(), expected, curve.crv);
      assert.equal(key.thumbprint(), thumbprint, curve.crv);
      assert.equal(key.publicPem(), publicKey.export({ type: 'spki', format: 'pem' }), curve.crv);
      assert.deepEqual(key.publicJwk({ kid: 'k', alg: curve.alg }), {
        ...expected,
        kid: 'k',
        alg: curve.alg,
        use: 'sig',
      });
      const { keys } = key.jwks();
      assert.deepEqual(keys, [{ ...expected, kid: thumbprint, use: 'sig' }], curve.crv);
      // The JWKS imports into jose and verifies a token jwtmint signed.
      if (key.kind === 'private') {
        const token = sign({ sub: 'jwks' }, key);
        const jwks = jose.createLocalJWKSet({ keys });
        assert.equal((await jose.jwtVerify(token, jwks)).payload.sub, 'jwks');
      }
      key.free();
    }
  }
});

test("a key signs only its curve's algorithm: a P-384 key refuses ES256 (KEY_ALG_MISMATCH)", () => {
  const p384 = importKey(generate(ec('ES384')).privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const ed = importKey(generate(ec('EdDSA')).privateKey.export({ type: 'pkcs8', format: 'pem' }));
  for (const [key, alg] of [
    [p384, 'ES256'],
    [p384, 'ES512'],
    [p384, 'RS256'],
    [p384, 'EdDSA'],
    [p384, 'HS384'],
    [ed, 'ES256'],
    [ed, 'PS256'],
  ]) {
    assert.throws(() => sign({}, key, { alg }), refusedWith('KEY_ALG_MISMATCH'), `${key.curve} ${alg}`);
    assert.throws(() => signDetailed({}, key, { alg }), refusedWith('KEY_ALG_MISMATCH'));
    assert.throws(() => createSigner(key, { alg }), refusedWith('KEY_ALG_MISMATCH'));
  }
  const error = (() => {
    try {
      sign({}, p384, { alg: 'ES256' });
    } catch (caught) {
      return caught;
    }
  })();
  assert.match(error.message, /P-384/);
  assert.match(error.message, /ES384/, 'the message says what the key signs');
  // An ES256 token never verifies with a P-384 key, whatever its signature.
  const es256 = sign({}, importKey(generate(ec('ES256')).privateKey.export({ format: 'jwk' })));
  assert.throws(() => verify(es256, p384), refusedWith('ALG_NOT_ALLOWED'));
  assert.throws(() => verify(es256, p384, { algorithms: ['ES256'] }), refusedWith('KEY_ALG_MISMATCH'));
  // A public key verifies but never signs, with or without alg.
  const { publicKey } = generate(ec('ES256'));
  const publicOnly = importKey(publicKey.export({ type: 'spki', format: 'pem' }));
  assert.equal(publicOnly.kind, 'public');
  assert.deepEqual(publicOnly.algorithms, ['ES256']);
  for (const options of [{}, { alg: 'ES256' }]) {
    assert.throws(() => sign({}, publicOnly, options), refusedWith('KEY_NOT_PRIVATE'));
  }
  // A key with several algorithms still needs alg.
  assert.throws(
    () => sign({}, 'an-api-secret-that-is-long-enough-for-hs512-because-it-has-64-b!'),
    refusedWith('INVALID_ARGUMENT'),
  );
  p384.free();
  ed.free();
});

test('RSA keys and secrets have no curve', () => {
  const rsa = importKey(readKey('rsa2048.pem'));
  assert.equal(rsa.curve, null);
  assert.equal(rsa.keyType, 'RSA');
  const secret = importKey(SECRET, { encoding: 'utf8' });
  assert.equal(secret.curve, null);
  assert.equal(secret.keyType, 'oct');
  rsa.free();
  secret.free();
});

// `jwtmint pubkey --alg ES384` on a P-256 key must not write a JWK no verifier can use (before
// the fix, Key::public_jwk checked a requested alg only when the imported JWK named one).
test('publicJwk and jwks refuse an alg the key cannot use', () => {
  const p256 = importKey(generate(ec('ES256')).privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const rsa = importKey(readKey('rsa2048.pem'));
  for (const [key, alg] of [
    [p256, 'ES384'],
    [p256, 'RS256'],
    [rsa, 'HS256'],
    [rsa, 'ES256'],
  ]) {
    assert.throws(() => key.publicJwk({ alg }), refusedWith('KEY_ALG_MISMATCH'), `${key.keyType} ${alg}`);
    assert.throws(() => key.jwks({ alg }), refusedWith('KEY_ALG_MISMATCH'), `${key.keyType} ${alg}`);
  }
});

// The child signs with the package entry it is given and prints the tokens; the parent checks
// them with node:crypto. With no-simd.cjs preloaded it also reports which .wasm it read.
const CHILD = `
const [entry, es256Pem, edPem] = JSON.parse(process.argv[1]);
const { sign } = require(entry);
const { simdSupported } = require(${JSON.stringify(join(root, 'pkg/wasm/api.cjs'))});
process.stdout.write(JSON.stringify({
  es256: sign({ sub: 'child' }, es256Pem),
  eddsa: sign({ sub: 'child' }, edPem, { alg: 'EdDSA' }),
  simd: simdSupported(),
  loaded: globalThis.jwtmintWasmLoaded ?? null,
}));
`;

test('both Node entries and the scalar build sign ES256 and EdDSA', async () => {
  const p256 = generate(ec('ES256'));
  const ed = generate(ec('EdDSA'));
  const pems = [p256, ed].map(({ privateKey }) => privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const check = ({ es256, eddsa }, where) => {
    assert.equal(decode(es256).header.alg, 'ES256', where);
    assert.ok(opensslVerifies(es256, ec('ES256'), p256.publicKey), `${where}: ES256`);
    assert.equal(decode(eddsa).header.alg, 'EdDSA', where);
    assert.ok(opensslVerifies(eddsa, ec('EdDSA'), ed.publicKey), `${where}: EdDSA`);
  };
  for (const [where, api] of Object.entries({ esm, cjs })) {
    check({ es256: api.sign({ sub: where }, pems[0]), eddsa: api.sign({ sub: where }, pems[1]) }, where);
  }
  const run = (preload, entry) =>
    JSON.parse(
      execFileSync(process.execPath, [...preload, '-e', CHILD, JSON.stringify([join(root, entry), ...pems])], {
        encoding: 'utf8',
      }),
    );
  const scalar = run(['-r', join(root, 'tests/js/no-simd.cjs')], 'pkg/node.cjs');
  assert.equal(scalar.simd, false);
  assert.deepEqual(scalar.loaded, ['jwtmint_bg.wasm'], 'the scalar build is the one loaded');
  check(scalar, 'scalar build');
  const simd = run([], 'pkg/node.cjs');
  assert.equal(simd.simd, true);
  check(simd, 'SIMD build');
});
