// Runs in headless Chromium (driven by bench/browser.mjs): jwtmint's wasm build vs WebCrypto
// (crypto.subtle, the browser's native implementation) vs jose on the same keys and claims.
import { init, importKey, sign, verify, createSigner } from '/pkg/browser.js';
import * as jose from '/jose/index.js';
import { measureAll } from '/shared/measure.mjs';

const enc = new TextEncoder();
// The browser's own base64url where it has one (Uint8Array.prototype.toBase64, Chromium 140+),
// so that the WebCrypto baseline is as fast as native code can make it.
const b64url = (bytes) => {
  const array = new Uint8Array(bytes);
  if (typeof array.toBase64 === 'function') return array.toBase64({ alphabet: 'base64url', omitPadding: true });
  let text = '';
  for (const byte of array) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const pemBody = (pem) => Uint8Array.from(atob(pem.replace(/-----[^-]+-----|\s/g, '')), (c) => c.charCodeAt(0));

window.runBench = async ({ pem, pem4096, secret, claims, largeClaims, ec, sampleMs, samples }) => {
  await init();
  const header = (alg) => b64url(enc.encode(JSON.stringify({ alg, typ: 'JWT' })));
  // The claims are encoded on every call, as jwtmint and jose do.
  // `params` are the sign parameters where they differ from the key's (RSA-PSS's salt length).
  const subtleSigner = async (alg, algorithm, format, keyData, { body = claims, params = algorithm } = {}) => {
    const key = await crypto.subtle.importKey(format, keyData, algorithm, false, ['sign']);
    return async () => {
      const input = `${header(alg)}.${b64url(enc.encode(JSON.stringify(body)))}`;
      return `${input}.${b64url(await crypto.subtle.sign(params, key, enc.encode(input)))}`;
    };
  };
  const rsassa = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const der = pemBody(pem);
  const jwtRsa = importKey(pem);
  const jwtRsa4096 = importKey(pem4096);
  const joseRs4096 = await jose.importPKCS8(pem4096, 'RS256');
  const jwtSecret = importKey(secret, { encoding: 'utf8' });
  const joseRs = await jose.importPKCS8(pem, 'RS256');
  const josePs = await jose.importPKCS8(pem, 'PS256');
  const joseSecret = enc.encode(secret);
  const token = sign(claims, jwtRsa, { alg: 'RS256', issuedAt: false });
  const jwtPublic = importKey(jwtRsa.publicPem());
  const spki = pemBody(jwtRsa.publicPem());
  const subtleVerifyKey = await crypto.subtle.importKey('spki', spki, rsassa, false, ['verify']);
  const [h, p, s] = token.split('.');
  const signature = Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const jwtPublicJose = await jose.importSPKI(jwtRsa.publicPem(), 'RS256');
  const joseSign =
    (alg, key, body = claims) =>
    () =>
      new jose.SignJWT(body).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
  const hsOptions = { alg: 'HS256', typ: 'JWT', issuedAt: false };
  const hs = async (body) => ({
    jwtmint: () => sign(body, jwtSecret, hsOptions),
    'jwtmint createSigner': (
      (signer) => () =>
        signer(body)
    )(createSigner(jwtSecret, hsOptions)),
    WebCrypto: await subtleSigner('HS256', { name: 'HMAC', hash: 'SHA-256' }, 'raw', enc.encode(secret), { body }),
    jose: joseSign('HS256', joseSecret, body),
  });
  const cases = {
    'RS256 sign, 2048-bit': {
      jwtmint: () => sign(claims, jwtRsa, { alg: 'RS256', typ: 'JWT', issuedAt: false }),
      WebCrypto: await subtleSigner('RS256', rsassa, 'pkcs8', der),
      jose: joseSign('RS256', joseRs),
    },
    'RS256 sign, 4096-bit': {
      jwtmint: () => sign(claims, jwtRsa4096, { alg: 'RS256', typ: 'JWT', issuedAt: false }),
      WebCrypto: await subtleSigner('RS256', rsassa, 'pkcs8', pemBody(pem4096)),
      jose: joseSign('RS256', joseRs4096),
    },
    'PS256 sign, 2048-bit': {
      jwtmint: () => sign(claims, jwtRsa, { alg: 'PS256', typ: 'JWT', issuedAt: false }),
      WebCrypto: await subtleSigner('PS256', { name: 'RSA-PSS', hash: 'SHA-256' }, 'pkcs8', der, {
        params: { name: 'RSA-PSS', saltLength: 32 },
      }),
      jose: joseSign('PS256', josePs),
    },
    'HS256 sign, small claims': await hs(claims),
    'HS256 sign, 1 KB claims': await hs(largeClaims),
    'key import, PKCS#8 PEM 2048': {
      jwtmint: () => importKey(pem).free(),
      // WebCrypto takes DER: the PEM is decoded on every call, as the others do.
      WebCrypto: () => crypto.subtle.importKey('pkcs8', pemBody(pem), rsassa, false, ['sign']),
      jose: () => jose.importPKCS8(pem, 'RS256'),
    },
    'RS256 verify, 2048-bit': {
      jwtmint: () => verify(token, jwtPublic, { now: claims.iat + 1 }),
      WebCrypto: () => crypto.subtle.verify('RSASSA-PKCS1-v1_5', subtleVerifyKey, signature, enc.encode(`${h}.${p}`)),
      jose: () => jose.compactVerify(token, jwtPublicJose),
    },
  };
  const notes = [];
  Object.assign(cases, await ecCases({ ec, claims, subtleSigner, joseSign, notes }));
  const results = {};
  for (const [name, signers] of Object.entries(cases)) {
    results[name] = await measureAll(signers, { sampleMs, samples });
  }
  return { results, notes };
};

// ES256/384/512 and EdDSA, sign and verify, jwtmint against WebCrypto and jose. The token every
// verifier checks is WebCrypto's. Ed25519 is in WebCrypto only in newer engines (Chromium 137+):
// where importing the key fails, its cases are left out and `notes` says so.
const EC_ALGORITHMS = {
  ES256: { key: { name: 'ECDSA', namedCurve: 'P-256' }, params: { name: 'ECDSA', hash: 'SHA-256' }, curve: 'P-256' },
  ES384: { key: { name: 'ECDSA', namedCurve: 'P-384' }, params: { name: 'ECDSA', hash: 'SHA-384' }, curve: 'P-384' },
  ES512: { key: { name: 'ECDSA', namedCurve: 'P-521' }, params: { name: 'ECDSA', hash: 'SHA-512' }, curve: 'P-521' },
  EdDSA: { key: { name: 'Ed25519' }, params: { name: 'Ed25519' }, curve: 'Ed25519' },
};

async function ecCases({ ec, claims, subtleSigner, joseSign, notes }) {
  const cases = {};
  for (const [alg, { key, params, curve }] of Object.entries(EC_ALGORITHMS)) {
    const { pem, publicPem } = ec[alg];
    let webCrypto;
    let publicKey;
    try {
      webCrypto = await subtleSigner(alg, key, 'pkcs8', pemBody(pem), { params });
      publicKey = await crypto.subtle.importKey('spki', pemBody(publicPem), key, false, ['verify']);
    } catch (error) {
      notes.push(
        `${alg} (${curve}) left out: this browser's WebCrypto refuses the key (${error.name}: ${error.message})`,
      );
      continue;
    }
    const jwtKey = importKey(pem);
    const jwtPublic = importKey(publicPem);
    const options = { alg, typ: 'JWT', issuedAt: false };
    const prepared = createSigner(jwtKey, options);
    const joseKey = await jose.importPKCS8(pem, alg);
    const josePublic = await jose.importSPKI(publicPem, alg);
    const token = await webCrypto();
    const [h, p, s] = token.split('.');
    const signature = Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    if (
      !verify(token, jwtPublic, { now: claims.iat + 1 }) ||
      !(await crypto.subtle.verify(params, publicKey, signature, enc.encode(`${h}.${p}`)))
    )
      throw new Error(`WebCrypto's ${alg} token does not verify`);
    cases[`${alg} sign, ${curve}`] = {
      jwtmint: () => sign(claims, jwtKey, options),
      'jwtmint createSigner': () => prepared(claims),
      WebCrypto: webCrypto,
      jose: joseSign(alg, joseKey),
    };
    cases[`${alg} verify, ${curve}`] = {
      jwtmint: () => verify(token, jwtPublic, { now: claims.iat + 1 }),
      WebCrypto: () => crypto.subtle.verify(params, publicKey, signature, enc.encode(`${h}.${p}`)),
      jose: () => jose.jwtVerify(token, josePublic, { currentDate: new Date((claims.iat + 1) * 1000) }),
    };
  }
  return cases;
}
window.benchReady = true;
