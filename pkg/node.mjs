// Node ESM entry: the wasm module is loaded synchronously at import, so every call is synchronous.
// The API comes from the same CommonJS copy as require('jwtmint') uses: one module instance for
// both (so `instanceof JwtMintError` holds across them), and one file to load, not two.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createApi, JwtMintError, Key, JS_ONLY_CODES } = require('./wasm/api.cjs');
const wasm = require('./wasm/node/jwtmint.cjs');
const api = createApi(wasm, () => true);

/** Resolves at once in Node (the module is already loaded); kept for code shared with browsers. */
export function init() {
  return Promise.resolve();
}

export const {
  importKey,
  sign,
  signDetailed,
  clearKeyCache,
  createSigner,
  decode,
  verify,
  parseLifetime,
  errorCodes,
  presets,
  presetSummaries,
  describePreset,
  checkPreset,
  mint,
  fieldsFromFile,
  toCurl,
  toFetch,
  toPython,
  toHttpie,
  TokenSource,
} = api;
export { JwtMintError, Key, JS_ONLY_CODES };
export default init;
