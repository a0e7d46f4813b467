// Browser and bundler entry. The wasm module is fetched asynchronously: call `await init()` once
// (it is idempotent) before the first call; calls made earlier throw a NOT_READY JwtMintError.
import loadWasm, * as wasm from './wasm/web/jwtmint.js';
import { createApi, JwtMintError, Key, JS_ONLY_CODES, simdSupported } from './api.js';

let loading = null;
let loaded = false;

/**
 * Loads the wasm module. `source` may be a URL, a Response, bytes or a WebAssembly.Module; by
 * default the SIMD build is fetched from `wasm/web/` beside this file, or the scalar build where
 * the engine lacks wasm SIMD (bundlers see both URLs and emit both files).
 */
export function init(source) {
  const standard = simdSupported()
    ? new URL('./wasm/web/jwtmint_simd_bg.wasm', import.meta.url)
    : new URL('./wasm/web/jwtmint_bg.wasm', import.meta.url);
  loading ??= loadWasm({ module_or_path: source ?? standard }).then(() => {
    loaded = true;
  });
  return loading;
}

const api = createApi(wasm, () => loaded);

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
