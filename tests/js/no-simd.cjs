// Preloaded (node -r) by tests/js/rsa.test.mjs: makes this process look like an engine without
// wasm SIMD (WebAssembly.validate refuses jwtmint's small probe module) and records which .wasm
// files are read, so the test can check that the scalar build is the one loaded.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const validate = WebAssembly.validate;
WebAssembly.validate = (bytes) => bytes.length >= 64 && validate(bytes);

const read = fs.readFileSync;
globalThis.jwtmintWasmLoaded = [];
fs.readFileSync = function readFileSync(file, ...rest) {
  if (String(file).endsWith('.wasm')) globalThis.jwtmintWasmLoaded.push(path.basename(String(file)));
  return read.call(this, file, ...rest);
};
