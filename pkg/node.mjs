// Node ESM entry: the wasm module is loaded synchronously at import, so every call is synchronous.
import { createRequire } from 'node:module';
import { createApi, JwtMintError, Key, JS_ONLY_CODES } from './api.js';

const wasm = createRequire(import.meta.url)('./wasm/node/jwtmint.cjs');
const api = createApi(wasm, () => true);

/** Resolves at once in Node (the module is already loaded); kept for code shared with browsers. */
export function init() {
  return Promise.resolve();
}

export const {
  importKey,
  sign,
  signDetailed,
  createSigner,
  decode,
  verify,
  parseLifetime,
  errorCodes,
  presets,
  mint,
  toCurl,
  toFetch,
  toPython,
  toHttpie,
  TokenSource,
} = api;
export { JwtMintError, Key, JS_ONLY_CODES };
export default init;
