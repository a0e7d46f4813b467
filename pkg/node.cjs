'use strict';
// Node CommonJS entry: the same API as node.mjs, for require('jwtmint').
const wasm = require('./wasm/node/jwtmint.cjs');
const { createApi, JwtMintError, Key, JS_ONLY_CODES } = require('./wasm/api.cjs');

const api = createApi(wasm, () => true);

/** Resolves at once in Node (the module is already loaded); kept for code shared with browsers. */
function init() {
  return Promise.resolve();
}

module.exports = { ...api, init, default: init, JwtMintError, Key, JS_ONLY_CODES };
