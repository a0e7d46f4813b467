// The npm API against independent implementations: node:crypto, jose and jsonwebtoken.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as jose from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import {
  importKey,
  sign,
  signDetailed,
  createSigner,
  decode,
  verify,
  parseLifetime,
  errorCodes,
  JwtMintError,
  JS_ONLY_CODES,
  Key,
  init,
} from '../../pkg/node.mjs';
import { ALGORITHMS, SECRET, keyPath, openssl, readKey, root } from './helpers.mjs';

const privatePem = readKey('rsa2048.pem');
const publicPem = readKey('rsa2048.pub.pem');

function nodeVerify(token, alg, keyMaterial) {
  const [header, payload, signature] = token.split('.');
  const input = `${header}.${payload}`;
  const bits = alg.slice(2);
  const signatureBytes = Buffer.from(signature, 'base64url');
  if (alg.startsWith('HS')) {
    const expected = crypto.createHmac(`sha${bits}`, keyMaterial).update(input).digest();
    return crypto.timingSafeEqual(expected, signatureBytes);
  }
  const key = { key: keyMaterial };
  if (alg.startsWith('PS'))
    Object.assign(key, { padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(bits) / 8 });
  return crypto.verify(`sha${bits}`, Buffer.from(input), key, signatureBytes);
}

test('signing is synchronous in Node and init() is a harmless no-op', async () => {
  const token = sign({ sub: 'me' }, SECRET, { alg: 'HS256' });
  assert.equal(typeof token, 'string');
  assert.equal(await init(), undefined);
});

test('every algorithm: jwtmint tokens verify with node:crypto and jose', async () => {
  const rsa = importKey(privatePem);
  const secret = importKey(SECRET, { encoding: 'utf8' });
  const josePublic = crypto.createPublicKey(publicPem);
  for (const alg of ALGORITHMS) {
    const key = alg.startsWith('HS') ? secret : rsa;
    const token = sign({ sub: 'cross', n: 1, nested: { a: [1, 'two'] } }, key, { alg, expiresIn: '10m', kid: 'k1' });
    assert.ok(nodeVerify(token, alg, alg.startsWith('HS') ? SECRET : publicPem), `node:crypto ${alg}`);
    const verifyKey = alg.startsWith('HS') ? new TextEncoder().encode(SECRET) : josePublic;
    const { payload, protectedHeader } = await jose.jwtVerify(token, verifyKey, { algorithms: [alg] });
    assert.equal(payload.sub, 'cross');
    assert.deepEqual(payload.nested, { a: [1, 'two'] });
    assert.equal(protectedHeader.kid, 'k1');
    assert.equal(payload.exp - payload.iat, 600);
  }
});

test('tokens made by jose and jsonwebtoken verify with jwtmint', async () => {
  const joseSecret = new TextEncoder().encode(SECRET);
  const josePrivate = crypto.createPrivateKey(privatePem);
  for (const alg of ALGORITHMS) {
    const key = alg.startsWith('HS') ? joseSecret : josePrivate;
    const token = await new jose.SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg })
      .setIssuedAt()
      .setIssuer('jose')
      .setAudience('us')
      .setExpirationTime('5m')
      .sign(key);
    const verified = verify(token, alg.startsWith('HS') ? SECRET : publicPem, { issuer: 'jose', audience: 'us' });
    assert.equal(verified.payload.role, 'admin', alg);
    const legacy = jsonwebtoken.sign({ role: 'user' }, alg.startsWith('HS') ? SECRET : privatePem, {
      algorithm: alg,
      expiresIn: '5m',
    });
    assert.equal(verify(legacy, alg.startsWith('HS') ? SECRET : publicPem).payload.role, 'user', `jsonwebtoken ${alg}`);
    const forged = `${legacy.slice(0, legacy.lastIndexOf('.'))}.${Buffer.from('x').toString('base64url')}`;
    assert.throws(() => verify(forged, alg.startsWith('HS') ? SECRET : publicPem), { code: 'SIGNATURE_INVALID' });
  }
});

test('keys made by openssl (PKCS#1, encrypted PKCS#8) sign tokens node:crypto verifies', () => {
  const pkcs1 = openssl('genrsa', '2048').toString();
  assert.match(pkcs1, /BEGIN (RSA )?PRIVATE KEY/);
  const traditional = openssl('rsa', '-traditional', '-in', keyPath('rsa2048.pem')).toString();
  assert.match(traditional, /BEGIN RSA PRIVATE KEY/);
  const encrypted = openssl(
    'pkcs8',
    '-topk8',
    '-in',
    keyPath('rsa3072.pem'),
    '-v2',
    'aes-256-cbc',
    '-passout',
    'pass:s3cret',
  ).toString();
  for (const [pem, options, publicKey] of [
    [pkcs1, undefined, crypto.createPublicKey(pkcs1)],
    [traditional, undefined, publicPem],
    [encrypted, { passphrase: 's3cret' }, crypto.createPublicKey(readKey('rsa3072.pem'))],
  ]) {
    const key = importKey(pem, options);
    for (const alg of ['RS256', 'PS512']) {
      const token = sign({ sub: 'openssl' }, key, { alg });
      assert.ok(nodeVerify(token, alg, publicKey), alg);
    }
    key.free();
  }
  assert.throws(() => importKey(encrypted), { code: 'PASSPHRASE_REQUIRED' });
  assert.throws(() => importKey(encrypted, { passphrase: 'nope' }), { code: 'PASSPHRASE_WRONG' });
});

test('Key: properties, public forms agree with node:crypto and jose, free zeroizes and blocks use', async () => {
  const key = importKey(privatePem);
  assert.equal(key.kind, 'private');
  assert.equal(key.keyType, 'RSA');
  assert.equal(key.bits, 2048);
  assert.deepEqual(key.algorithms, ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']);
  assert.equal(key.publicPem(), crypto.createPublicKey(privatePem).export({ type: 'spki', format: 'pem' }));
  const jwk = key.publicJwk({ kid: 'primary', alg: 'RS256' });
  const nodeJwk = crypto.createPublicKey(privatePem).export({ format: 'jwk' });
  assert.equal(jwk.n, nodeJwk.n);
  assert.equal(jwk.e, nodeJwk.e);
  assert.equal(key.thumbprint(), await jose.calculateJwkThumbprint(nodeJwk));
  assert.equal(key.jwks().keys[0].kid, key.thumbprint());
  const der = crypto.createPrivateKey(privatePem).export({ type: 'pkcs8', format: 'der' });
  assert.equal(importKey(new Uint8Array(der)).thumbprint(), key.thumbprint());
  assert.equal(importKey(crypto.createPrivateKey(privatePem).export({ format: 'jwk' })).thumbprint(), key.thumbprint());
  assert.equal(importKey(JSON.stringify(nodeJwk)).kind, 'public');
  // A public key whose modulus is even cannot be a product of two odd primes: refused at import.
  const even = Buffer.from(nodeJwk.n, 'base64url');
  even[even.length - 1] &= 0xfe;
  assert.throws(() => importKey({ ...nodeJwk, n: even.toString('base64url') }), {
    code: 'KEY_PARSE',
    message: /modulus/,
  });
  key.free();
  key.free();
  assert.equal(key.freed, true);
  assert.throws(() => key.publicPem(), { code: 'INVALID_ARGUMENT', message: /freed/ });
  assert.throws(() => sign({}, key, { alg: 'RS256' }), { code: 'INVALID_ARGUMENT' });
  const scoped = importKey(SECRET, { encoding: 'utf8' });
  assert.equal(scoped.kind, 'secret');
  scoped[Symbol.dispose ?? Symbol.for('Symbol.dispose')]();
  assert.equal(scoped.freed, true);
  assert.throws(() => new Key({}), JwtMintError);
});

// A PKCS#1 RSAPrivateKey (RFC 8017 A.1.2) from its numbers, to build inconsistent keys.
function pkcs1Pem({ n, e, d, p, q, dp, dq, qi }) {
  const length = (size) =>
    size < 128
      ? Buffer.from([size])
      : Buffer.from([
          0x80 | Math.ceil(size.toString(16).length / 2),
          ...Buffer.from(size.toString(16).padStart(Math.ceil(size.toString(16).length / 2) * 2, '0'), 'hex'),
        ]);
  const integer = (value) => {
    let bytes = Buffer.from(value, 'base64url');
    if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
    return Buffer.concat([Buffer.from([0x02]), length(bytes.length), bytes]);
  };
  const body = Buffer.concat([Buffer.from([2, 1, 0]), ...[n, e, d, p, q, dp, dq, qi].map(integer)]);
  const der = Buffer.concat([Buffer.from([0x30]), length(body.length), body]);
  return `-----BEGIN RSA PRIVATE KEY-----\n${der
    .toString('base64')
    .match(/.{1,64}/g)
    .join('\n')}\n-----END RSA PRIVATE KEY-----\n`;
}

test('private keys whose numbers do not fit together are refused, as PKCS#1 and as JWK', () => {
  const jwk = crypto.createPrivateKey(privatePem).export({ format: 'jwk' });
  const good = importKey(pkcs1Pem(jwk));
  assert.equal(good.thumbprint(), importKey(privatePem).thumbprint());
  const token = sign({ sub: 'x' }, good, { alg: 'RS256', issuedAt: false });
  assert.equal(token, sign({ sub: 'x' }, privatePem, { alg: 'RS256', issuedAt: false }));
  // Flip a low bit of a number: still a well-formed key file, no longer a consistent key.
  const flip = (value) => {
    const bytes = Buffer.from(value, 'base64url');
    bytes[bytes.length - 1] ^= 2;
    return bytes.toString('base64url');
  };
  for (const [member, message] of [
    ['p', /inconsistent/],
    ['q', /inconsistent/],
    ['d', /inconsistent/],
    ['e', /inconsistent/],
    ['dp', /exponent1\) does not match the key/],
    ['dq', /exponent2\) does not match the key/],
    ['qi', /coefficient q⁻¹ mod p does not match the key/],
  ]) {
    const broken = { ...jwk, [member]: flip(jwk[member]) };
    assert.throws(() => importKey(pkcs1Pem(broken)), { code: 'KEY_PARSE', message }, `PKCS#1 ${member}`);
    const jwkMessage = ['dp', 'dq', 'qi'].includes(member)
      ? new RegExp(`JWK member "${member}" does not match`)
      : message;
    assert.throws(() => importKey(broken), { code: 'KEY_PARSE', message: jwkMessage }, `JWK ${member}`);
  }
  // A JWK may leave the CRT members out; they are then computed, and the tokens are the same.
  const { dp, dq, qi, ...bare } = jwk; // eslint-disable-line no-unused-vars
  assert.equal(sign({ sub: 'x' }, importKey(bare), { alg: 'RS256', issuedAt: false }), token);
});

test('HS256/384/512 tags equal node:crypto for every signing-input length across the SHA block edges', () => {
  // jwtmint computes HMAC-SHA-256 itself (src/signature/hmac/hs256.rs); the padding edges are 55/56 and 64 bytes.
  for (const secret of [SECRET, 'k', 'x'.repeat(64), 'y'.repeat(65), 's'.repeat(200)]) {
    const key = importKey(secret, { encoding: 'utf8' });
    for (let length = 0; length <= 150; length += 1) {
      for (const alg of ['HS256', 'HS384', 'HS512']) {
        if (alg !== 'HS256' && length % 7 !== 0) continue;
        const token = sign({ d: 'a'.repeat(length) }, key, { alg, typ: false, issuedAt: false });
        assert.ok(nodeVerify(token, alg, secret), `${alg}, secret of ${secret.length}, claim of ${length}`);
      }
    }
    key.free();
  }
});

test('createSigner: the same tokens as sign, checked once, bound to its key', async () => {
  const key = importKey(SECRET, { encoding: 'utf8' });
  const options = { alg: 'HS256', kid: 'k1', expiresIn: '10m', now: 1_700_000_000 };
  const signHs256 = createSigner(key, options);
  for (const claims of [{ sub: 'a' }, { sub: 'b', data: 'x'.repeat(1000) }, '{"sub":"text"}']) {
    const token = signHs256(claims);
    assert.equal(token, sign(claims, key, options));
    const { payload, protectedHeader } = await jose.jwtVerify(token, new TextEncoder().encode(SECRET), {
      currentDate: new Date(1_700_000_100 * 1000),
    });
    assert.equal(payload.exp, 1_700_000_600);
    assert.equal(protectedHeader.kid, 'k1');
  }
  // Without options.now each token takes the clock at its own call.
  const clocked = createSigner(SECRET, { alg: 'HS256' });
  const iat = decode(clocked({})).payload.iat;
  assert.ok(Math.abs(iat - Date.now() / 1000) < 5);
  // RSA through a signer, checked by node:crypto.
  const rsa = createSigner(privatePem, { alg: 'PS256' });
  assert.ok(nodeVerify(rsa({ sub: 'r' }), 'PS256', publicPem));
  // Options and key are checked when the signer is made, claims at each call.
  assert.throws(() => createSigner(key, { alg: 'RS256' }), { code: 'KEY_ALG_MISMATCH' });
  assert.throws(() => createSigner(key, { alg: 'HS256', header: { crit: ['x'] } }), { code: 'HEADER_INVALID' });
  assert.throws(() => createSigner(undefined, { alg: 'HS256' }), {
    code: 'INVALID_ARGUMENT',
    message: /key is required/,
  });
  assert.throws(() => signHs256({ exp: '1h' }), { code: 'CLAIM_INVALID' });
  assert.throws(() => signHs256({ sub: 'a', exp: 1 }), { code: 'CLAIM_INVALID', message: /expiresIn/ });
  assert.throws(() => signHs256('[1]'), { code: 'CLAIMS_NOT_OBJECT' });
  // sign() with a Key reuses what it prepared for the same options, and only for those.
  for (const kid of ['a', 'b', 'a', 'b']) {
    const token = sign({ sub: kid }, key, { alg: 'HS256', kid, now: 1_700_000_000 });
    assert.equal(decode(token).header.kid, kid);
    assert.equal(token, createSigner(key, { alg: 'HS256', kid, now: 1_700_000_000 })({ sub: kid }));
    assert.ok(nodeVerify(token, 'HS256', SECRET));
  }
  assert.throws(() => sign({}, key, { alg: 'RS256' }), { code: 'KEY_ALG_MISMATCH' });
  assert.equal(decode(sign({}, key, { alg: 'HS256', kid: 'b' })).header.kid, 'b');
  key.free();
  assert.throws(() => signHs256({}), { code: 'INVALID_ARGUMENT', message: /freed/ });
  assert.throws(() => sign({}, key, { alg: 'HS256', kid: 'b' }), { code: 'INVALID_ARGUMENT', message: /freed/ });
});

test('claims and options must be plain JSON data: nothing is dropped, nulled or stringified silently', () => {
  const payloadText = (claims) =>
    Buffer.from(sign(claims, SECRET, { alg: 'HS256', issuedAt: false }).split('.')[1], 'base64url').toString();
  // Members whose value is undefined are left out, as JSON.stringify and every JWT library do.
  assert.equal(payloadText({ a: undefined, b: 1 }), '{"b":1}');
  assert.equal(
    payloadText({ big: 2n ** 63n - 1n, n: 2 ** 53, neg: -5n }),
    '{"big":9223372036854775807,"n":9007199254740992,"neg":-5}',
  );
  assert.equal(payloadText(Object.assign(Object.create(null), { a: '\u2028"\\' })), '{"a":"\u2028\\"\\\\"}');
  assert.equal(payloadText({ emoji: '😀', nested: [{ x: null }] }), '{"emoji":"😀","nested":[{"x":null}]}');
  const refused = [
    [{ exp: NaN }, /claims\.exp is NaN/],
    [{ a: { b: [1, Infinity] } }, /claims\.a\.b\[1\] is Infinity/],
    [{ when: new Date() }, /claims\.when is a Date; JWT times are seconds/],
    [{ m: new Map() }, /claims\.m is an instance of Map/],
    [{ c: new (class Claims {})() }, /instance of Claims/],
    [{ list: [1, undefined] }, /claims\.list\[1\] is undefined/],
    [{ list: [1, , 3] }, /claims\.list\[1\] is undefined/], // eslint-disable-line no-sparse-arrays
    [{ f() {} }, /claims\.f is a function/],
    [{ s: Symbol('s') }, /claims\.s is a symbol/],
    [{ huge: 2n ** 64n }, /beyond 64 bits/],
    [{ lone: 'a\ud800b' }, /claims\.lone holds half of a UTF-16 surrogate pair/],
    [{ ['k\udc00']: 1 }, /has a name with half of a UTF-16 surrogate pair/],
    ['{"lone":"\ud800"}', /claims text holds half of a UTF-16 surrogate pair/],
    [{ boxed: new String('x') }, /instance of String/], // eslint-disable-line no-new-wrappers
    [{ bytes: new Uint8Array(2) }, /instance of Uint8Array/],
  ];
  const cyclic = { a: {} };
  cyclic.a.self = cyclic;
  refused.push([cyclic, /nests deeper than 64 levels, or refers to itself/]);
  for (const [claims, message] of refused) {
    assert.throws(() => sign(claims, SECRET, { alg: 'HS256' }), { code: 'INVALID_ARGUMENT', message }, String(message));
    assert.throws(() => createSigner(SECRET, { alg: 'HS256' })(claims), { code: 'INVALID_ARGUMENT', message });
  }
  assert.throws(() => sign({}, SECRET, { alg: 'HS256', now: new Date() }), {
    code: 'INVALID_ARGUMENT',
    message: /sign options\.now is a Date/,
  });
  assert.throws(() => sign({}, SECRET, { alg: 'HS256', expiresIn: NaN }), {
    message: /sign options\.expiresIn is NaN/,
  });
  // Errors never quote the values, which may be personal data.
  assert.throws(
    () => sign({ secretish: 'hunter2', x: NaN }, SECRET, { alg: 'HS256' }),
    (error) => !error.message.includes('hunter2'),
  );
});

test('claims text goes into the token as written; a claim name given twice is refused', async () => {
  const payloadText = (token) => Buffer.from(token.split('.')[1], 'base64url').toString();
  // Numbers keep their digits (JSON.parse would round this one), strings their escapes; the
  // options' claims are appended after the caller's.
  const text = '{ "sub" : "me", "id": 12345678901234567890123, "f": 1.50, "s": "\\u00e9\\/", "a": [1, 2] }';
  const token = sign(text, SECRET, { alg: 'HS256', now: 1_700_000_000, expiresIn: 60 });
  assert.equal(
    payloadText(token),
    '{"sub":"me","id":12345678901234567890123,"f":1.50,"s":"\\u00e9\\/","a":[1, 2],"iat":1700000000,"exp":1700000060}',
  );
  const { payload } = await jose.jwtVerify(token, new TextEncoder().encode(SECRET), {
    currentDate: new Date(1_700_000_001_000),
  });
  assert.equal(payload.s, 'é/');
  const detailed = signDetailed(text, SECRET, { alg: 'HS256', now: 1_700_000_000, expiresIn: 60 });
  assert.equal(detailed.token, token, 'sign and signDetailed write the same token');
  assert.equal(detailed.expiresAt, 1_700_000_060);
  // RFC 7519 §4: claim names must be unique; the old last-one-wins would hide the first.
  for (const [claims, message] of [
    ['{"sub":"a","sub":"b"}', /claim "sub": is given twice/],
    ['{"ctx":{"role":"user","role":"admin"}}', /claim "ctx\.role": is given twice in the same object/],
    [`{${Array.from({ length: 40 }, (_, i) => `"k${i % 39}":${i}`).join(',')}}`, /claim "k0": is given twice/],
  ]) {
    assert.throws(() => sign(claims, SECRET, { alg: 'HS256' }), { code: 'CLAIM_INVALID', message });
    assert.throws(() => createSigner(SECRET, { alg: 'HS256' })(claims), { code: 'CLAIM_INVALID', message });
  }
  assert.throws(() => sign('[1]', SECRET, { alg: 'HS256' }), { code: 'CLAIMS_NOT_OBJECT' });
  assert.throws(() => sign('{"a":1,}', SECRET, { alg: 'HS256' }), { code: 'JSON_INVALID', message: /line 1 column/ });
  assert.throws(() => sign('{"exp":"soon"}', SECRET, { alg: 'HS256' }), {
    code: 'CLAIM_INVALID',
    message: /claim "exp": must be a NumericDate/,
  });
});

test('signDetailed, decode, parseLifetime', () => {
  const detailed = signDetailed('{"zeta":1,"alpha":2}', SECRET, {
    alg: 'HS256',
    now: 1_700_000_000,
    expiresIn: '1h30m',
    jti: true,
    aud: ['a', 'b'],
  });
  assert.equal(detailed.issuedAt, 1_700_000_000);
  assert.equal(detailed.expiresAt, 1_700_005_400);
  assert.deepEqual(Object.keys(detailed.payload), ['zeta', 'alpha', 'aud', 'iat', 'exp', 'jti']);
  assert.deepEqual(detailed.warnings, []);
  const short = signDetailed({}, 'short', { alg: 'HS256' });
  assert.equal(short.warnings[0].code, 'SECRET_SHORT');
  assert.throws(() => sign({}, 'short', { alg: 'HS256', strict: true }), { code: 'SECRET_TOO_SHORT' });
  const decoded = decode(`Bearer ${detailed.token}`);
  assert.deepEqual(decoded.header, { alg: 'HS256', typ: 'JWT' });
  assert.equal(decoded.signature, detailed.token.split('.')[2]);
  assert.deepEqual(decoded.duplicates, []);
  assert.equal(parseLifetime('1h30m'), 5400);
  assert.equal(parseLifetime(90), 90);
  assert.throws(() => parseLifetime('90 minutes'), { code: 'BAD_LIFETIME', message: /1h30m/ });
  assert.throws(() => sign({}, SECRET, { alg: 'HS256', now: Date.now() }), {
    code: 'BAD_TIME',
    message: /milliseconds/,
  });
  assert.throws(() => sign({}, SECRET, { alg: 'HS256', expiresin: 5 }), {
    code: 'INVALID_ARGUMENT',
    message: /expiresin/,
  });
});

test('the error code lists of Rust, the wasm build and index.d.ts are the same', () => {
  const rust = readFileSync(`${root}src/error.rs`, 'utf8')
    .match(/pub const CODES[^;]*;/s)[0]
    .match(/"([A-Z_]+)"/g)
    .map((code) => code.slice(1, -1));
  const typescript = readFileSync(`${root}pkg/index.d.ts`, 'utf8')
    .match(/export type JwtMintErrorCode =([^;]*);/s)[1]
    .match(/'([A-Z_]+)'/g)
    .map((code) => code.slice(1, -1));
  assert.ok(rust.length >= 30);
  // The JS layer's own codes come last; none of them is also a core code.
  assert.deepEqual(JS_ONLY_CODES, ['NOT_READY', 'INTERNAL', 'EXCHANGE_FAILED']);
  assert.deepEqual(
    JS_ONLY_CODES.filter((code) => rust.includes(code)),
    [],
  );
  assert.deepEqual(errorCodes(), [...rust, ...JS_ONLY_CODES]);
  assert.deepEqual(typescript, errorCodes());
});

test('garbage of every type gets a JwtMintError from every function, never a trap', () => {
  const key = importKey(privatePem);
  const garbage = [
    undefined,
    null,
    0,
    -1,
    NaN,
    Infinity,
    1e308,
    2n ** 64n,
    true,
    '',
    ' ',
    'x'.repeat(2_000_000),
    '\u0000\uffff\ud800',
    [],
    [1, 2],
    {},
    { alg: 'HS256' },
    { kty: 'RSA' },
    () => 1,
    Symbol('s'),
    new Date(),
    new Uint8Array(0),
    new Uint8Array(100_000).fill(0x30),
    new Map(),
    Object.create(null),
    {
      toString() {
        throw new Error('boom');
      },
    },
  ];
  const calls = {
    importKey: (value) => importKey(value),
    importKeyOptions: (value) => importKey(privatePem, value),
    sign: (value) => sign(value, key, { alg: 'RS256' }),
    signKey: (value) => sign({}, value, { alg: 'HS256' }),
    signOptions: (value) => sign({}, key, value),
    signDetailed: (value) => signDetailed({}, key, { alg: value }),
    decode: (value) => decode(value),
    verify: (value) => verify(value, key),
    verifyKey: (value) => verify('e30.e30.e30', value),
    verifyOptions: (value) => verify(sign({}, key, { alg: 'RS256' }), key, value),
    parseLifetime: (value) => parseLifetime(value),
    publicJwk: (value) => key.publicJwk(value),
  };
  let errors = 0;
  for (const [name, call] of Object.entries(calls)) {
    for (const value of garbage) {
      try {
        call(value);
      } catch (error) {
        assert.ok(error instanceof JwtMintError, `${name}(${typeof value}) threw ${error?.name}: ${error?.message}`);
        assert.notEqual(error.code, 'INTERNAL', `${name}(${typeof value}): ${error.message}`);
        assert.ok(error instanceof Error);
        errors += 1;
      }
    }
  }
  assert.ok(errors > 200, `only ${errors} errors`);
  // The module still works after all that.
  assert.equal(verify(sign({ ok: true }, key, { alg: 'RS256' }), key).payload.ok, true);
});

test('a key with one algorithm implies it: a JWK naming its alg signs without options.alg', () => {
  const rsa = { ...crypto.createPrivateKey(privatePem).export({ format: 'jwk' }), alg: 'PS384' };
  const hmac = { kty: 'oct', k: Buffer.from(SECRET).toString('base64url'), alg: 'HS384' };
  for (const [jwk, material] of [
    [rsa, publicPem],
    [hmac, SECRET],
  ]) {
    const key = importKey(jwk);
    assert.deepEqual(key.algorithms, [jwk.alg]);
    for (const token of [
      sign({ sub: 'me' }, key),
      sign({ sub: 'me' }, key, { kid: 'k' }),
      signDetailed({ sub: 'me' }, jwk).token,
      createSigner(key)({ sub: 'me' }),
    ]) {
      assert.equal(decode(token).header.alg, jwk.alg);
      assert.ok(nodeVerify(token, jwk.alg, material), jwk.alg);
    }
    // Another alg is still refused, and a key with several algorithms still needs one.
    assert.throws(() => sign({}, key, { alg: jwk.alg.replace('384', '256') }), { code: 'KEY_ALG_MISMATCH' });
    key.free();
  }
  assert.throws(() => sign({}, privatePem), { code: 'INVALID_ARGUMENT', message: /need "alg"/ });
  assert.throws(() => createSigner(SECRET, { kid: 'k' }), { code: 'INVALID_ARGUMENT', message: /need "alg"/ });
});
