// Browser and bundler entry. The wasm module is fetched asynchronously: call `await init()` once
// (it is idempotent) before the first call; calls made earlier throw a NOT_READY JwtMintError.
import loadWasm, * as wasm from './wasm/web/jwtmint.js';
import { createApi, JwtMintError, Key, JS_ONLY_CODES } from './api.js';

let loading = null;
let loaded = false;

/**
 * Loads the wasm module. `source` may be a URL, a Response, bytes or a WebAssembly.Module; by
 * default `jwtmint_bg.wasm` is fetched from beside the glue (bundlers rewrite that URL).
 */
export function init(source) {
  loading ??= loadWasm(source === undefined ? undefined : { module_or_path: source }).then(() => {
    loaded = true;
  });
  return loading;
}

const api = createApi(wasm, () => loaded);

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
