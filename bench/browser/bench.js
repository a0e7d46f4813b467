// Runs in headless Chromium (driven by bench/browser.mjs): jwtmint's wasm build vs WebCrypto
// (crypto.subtle, the browser's native implementation) vs jose on the same keys and claims.
import { init, importKey, sign, verify, createSigner } from '/pkg/browser.js';
import * as jose from '/jose/index.js';
import { measureAll } from '/shared/measure.mjs';

const enc = new TextEncoder();
const b64url = (bytes) => {
  let text = '';
  for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const pemBody = (pem) => Uint8Array.from(atob(pem.replace(/-----[^-]+-----|\s/g, '')), (c) => c.charCodeAt(0));

window.runBench = async ({ pem, secret, claims, sampleMs, samples }) => {
  await init();
  const header = (alg) => b64url(enc.encode(JSON.stringify({ alg, typ: 'JWT' })));
  const payload = b64url(enc.encode(JSON.stringify(claims)));
  const subtleSigner = async (alg, algorithm, format, keyData) => {
    const key = await crypto.subtle.importKey(format, keyData, algorithm, false, ['sign']);
    const input = enc.encode(`${header(alg)}.${payload}`);
    return async () => `${header(alg)}.${payload}.${b64url(await crypto.subtle.sign(algorithm, key, input))}`;
  };
  const der = pemBody(pem);
  const jwtRsa = importKey(pem);
  const jwtSecret = importKey(secret, { encoding: 'utf8' });
  const joseRs = await jose.importPKCS8(pem, 'RS256');
  const josePs = await jose.importPKCS8(pem, 'PS256');
  const joseSecret = enc.encode(secret);
  const token = sign(claims, jwtRsa, { alg: 'RS256', issuedAt: false });
  const jwtPublic = importKey(jwtRsa.publicPem());
  const spki = pemBody(jwtRsa.publicPem());
  const subtleVerifyKey = await crypto.subtle.importKey(
    'spki',
    spki,
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['verify'],
  );
  const [h, p, s] = token.split('.');
  const signature = Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const jwtPublicJose = await jose.importSPKI(jwtRsa.publicPem(), 'RS256');
  const joseSign = (alg, key) => () => new jose.SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
  const cases = {
    'RS256 sign, 2048-bit': {
      jwtmint: () => sign(claims, jwtRsa, { alg: 'RS256', typ: 'JWT', issuedAt: false }),
      WebCrypto: await subtleSigner('RS256', { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, 'pkcs8', der),
      jose: joseSign('RS256', joseRs),
    },
    'PS256 sign, 2048-bit': {
      jwtmint: () => sign(claims, jwtRsa, { alg: 'PS256', typ: 'JWT', issuedAt: false }),
      WebCrypto: await (async () => {
        const key = await crypto.subtle.importKey('pkcs8', der, { name: 'RSA-PSS', hash: 'SHA-256' }, false, ['sign']);
        const input = enc.encode(`${header('PS256')}.${payload}`);
        return async () => b64url(await crypto.subtle.sign({ name: 'RSA-PSS', saltLength: 32 }, key, input));
      })(),
      jose: joseSign('PS256', josePs),
    },
    'HS256 sign, small claims': {
      jwtmint: () => sign(claims, jwtSecret, { alg: 'HS256', typ: 'JWT', issuedAt: false }),
      'jwtmint createSigner': (
        (signer) => () =>
          signer(claims)
      )(createSigner(jwtSecret, { alg: 'HS256', typ: 'JWT', issuedAt: false })),
      WebCrypto: await subtleSigner('HS256', { name: 'HMAC', hash: 'SHA-256' }, 'raw', enc.encode(secret)),
      jose: joseSign('HS256', joseSecret),
    },
    'RS256 verify, 2048-bit': {
      jwtmint: () => verify(token, jwtPublic, { now: claims.iat + 1 }),
      WebCrypto: () => crypto.subtle.verify('RSASSA-PKCS1-v1_5', subtleVerifyKey, signature, enc.encode(`${h}.${p}`)),
      jose: () => jose.compactVerify(token, jwtPublicJose),
    },
  };
  const results = {};
  for (const [name, signers] of Object.entries(cases)) {
    results[name] = await measureAll(signers, { sampleMs, samples });
  }
  return results;
};
window.benchReady = true;
