// What every Node benchmark signs with (bench/run.mjs, bench/cpu.mjs): the keys, the secret, the
// claims, and the hand-built JWS over node:crypto that is the native baseline.
import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as cryptoSign,
  verify as cryptoVerify,
  constants,
} from 'node:crypto';
import { readFileSync } from 'node:fs';

const keyFile = (name) => readFileSync(new URL(`../tests/keys/${name}`, import.meta.url), 'utf8');
export const PEM_2048 = keyFile('rsa2048.pem');
export const PEM_4096 = keyFile('rsa4096.pem');
export const SECRET = 'a-benchmark-secret-of-at-least-32-bytes!';
export const SMALL = { sub: 'user-1234', iss: 'bench', iat: 1_700_000_000, exp: 1_700_003_600 };
export const LARGE = { ...SMALL, data: 'x'.repeat(1000) };
export const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

// The hash of each asymmetric JWS algorithm as node:crypto names it; EdDSA hashes by itself.
const HASH = { RS256: 'sha256', PS256: 'sha256', ES256: 'sha256', ES384: 'sha384', ES512: 'sha512', EdDSA: null };

/**
 * The EC and Ed25519 keys of the benchmarks, made once per process by node:crypto: for each JWS
 * algorithm the private key as PKCS#8 PEM (jwtmint, jose, WebCrypto), the public key as SPKI
 * PEM, and the raw private scalar and public point (@noble/curves).
 */
export const EC_KEYS = Object.fromEntries(
  [
    ['ES256', 'ec', { namedCurve: 'P-256' }],
    ['ES384', 'ec', { namedCurve: 'P-384' }],
    ['ES512', 'ec', { namedCurve: 'P-521' }],
    ['EdDSA', 'ed25519', {}],
  ].map(([alg, type, options]) => {
    const { privateKey, publicKey } = generateKeyPairSync(type, options);
    const jwk = privateKey.export({ format: 'jwk' });
    const bytes = (text) => new Uint8Array(Buffer.from(text, 'base64url'));
    return [
      alg,
      {
        pem: privateKey.export({ format: 'pem', type: 'pkcs8' }),
        publicPem: publicKey.export({ format: 'pem', type: 'spki' }),
        rawPrivate: bytes(jwk.d),
        // Ed25519's public key is the point's encoding; ECDSA's the uncompressed SEC1 point.
        rawPublic: type === 'ed25519' ? bytes(jwk.x) : new Uint8Array([4, ...bytes(jwk.x), ...bytes(jwk.y)]),
      },
    ];
  }),
);

/** A JWS built by hand over node:crypto: the native baseline. */
export function nativeSigner(alg, keyPem, secret) {
  const header = b64({ alg, typ: 'JWT' });
  if (alg.startsWith('HS'))
    return (claims) => {
      const input = `${header}.${b64(claims)}`;
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    };
  const key = createPrivateKey(keyPem);
  const options = alg.startsWith('PS')
    ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
    : alg.startsWith('ES')
      ? { key, dsaEncoding: 'ieee-p1363' }
      : key;
  return (claims) => {
    const input = `${header}.${b64(claims)}`;
    return `${input}.${cryptoSign(HASH[alg], Buffer.from(input), options).toString('base64url')}`;
  };
}

/** The signature check of a JWS by hand over node:crypto (no claims checked): the native baseline. */
export function nativeVerifier(alg, publicPem) {
  const key = createPublicKey(publicPem);
  const options = alg.startsWith('ES') ? { key, dsaEncoding: 'ieee-p1363' } : key;
  return (token) => {
    const [header, payload, signature] = token.split('.');
    return cryptoVerify(HASH[alg], Buffer.from(`${header}.${payload}`), options, Buffer.from(signature, 'base64url'));
  };
}
