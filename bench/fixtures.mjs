// What every Node benchmark signs with (bench/run.mjs, bench/cpu.mjs): the keys, the secret, the
// claims, and the hand-built JWS over node:crypto that is the native baseline.
import { createHmac, createPrivateKey, sign as cryptoSign, constants } from 'node:crypto';
import { readFileSync } from 'node:fs';

const keyFile = (name) => readFileSync(new URL(`../tests/keys/${name}`, import.meta.url), 'utf8');
export const PEM_2048 = keyFile('rsa2048.pem');
export const PEM_4096 = keyFile('rsa4096.pem');
export const SECRET = 'a-benchmark-secret-of-at-least-32-bytes!';
export const SMALL = { sub: 'user-1234', iss: 'bench', iat: 1_700_000_000, exp: 1_700_003_600 };
export const LARGE = { ...SMALL, data: 'x'.repeat(1000) };
export const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWS built by hand over node:crypto: the native baseline. */
export function nativeSigner(alg, keyPem, secret) {
  const header = b64({ alg, typ: 'JWT' });
  if (alg.startsWith('HS'))
    return (claims) => {
      const input = `${header}.${b64(claims)}`;
      return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    };
  const key = createPrivateKey(keyPem);
  const options = alg.startsWith('PS') ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : key;
  return (claims) => {
    const input = `${header}.${b64(claims)}`;
    return `${input}.${cryptoSign('sha256', Buffer.from(input), options).toString('base64url')}`;
  };
}
