// The JavaScript API of jwtmint, shared by every entry point (Node ESM and CommonJS, browsers,
// bundlers). It only converts arguments, wraps key handles and maps errors: all logic lives in
// the Rust core. scripts/make-cjs.mjs derives the CommonJS copy, so this file has no imports.

/** Codes thrown only by the JavaScript layer, in addition to the core's. */
export const JS_ONLY_CODES = Object.freeze(['NOT_READY', 'INTERNAL']);

/** The error every jwtmint function throws; `code` is stable across releases. */
export class JwtMintError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'JwtMintError';
    this.code = code;
  }
}

function toJwtMintError(error) {
  if (error instanceof JwtMintError) return error;
  if (error && typeof error === 'object' && !(error instanceof Error) && typeof error.code === 'string') {
    return new JwtMintError(error.code, String(error.message));
  }
  // A wasm trap or a glue failure: a bug in jwtmint, never the caller's input.
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new JwtMintError('INTERNAL', `internal error in jwtmint, please report it (${detail})`);
}

const handles = new WeakMap();
const registry =
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((handle) => handle.free()) : null;
const disposeSymbol = typeof Symbol.dispose === 'symbol' ? Symbol.dispose : Symbol.for('Symbol.dispose');
const internal = Symbol('jwtmint.internal');

/**
 * A key parsed once and reused. Free it with `free()` (or `using`) to zeroize its material now;
 * otherwise it is freed when garbage-collected.
 */
export class Key {
  constructor(handle, token) {
    if (token !== internal) {
      throw new JwtMintError('INVALID_ARGUMENT', 'create keys with importKey(), not new Key()');
    }
    handles.set(this, handle);
    this.kind = handle.kind;
    this.keyType = handle.keyType;
    this.bits = handle.bits;
    this.algorithms = Object.freeze(handle.algorithms);
    registry?.register(this, handle, this);
  }

  /** True once `free()` has run. */
  get freed() {
    return !handles.has(this);
  }

  /** The public key as SPKI PEM (`-----BEGIN PUBLIC KEY-----`). */
  publicPem() {
    return guard(() => liveHandle(this).publicPem());
  }

  /** The public JWK `{ kty, n, e }`, plus `kid`/`alg`/`use` when options give them. */
  publicJwk(options) {
    return guard(() => liveHandle(this).publicJwk(options));
  }

  /** A JWKS `{ keys: [jwk] }` with `use: "sig"` and `kid` (default: the thumbprint). */
  jwks(options) {
    return guard(() => liveHandle(this).jwks(options));
  }

  /** The RFC 7638 JWK thumbprint (base64url SHA-256). */
  thumbprint() {
    return guard(() => liveHandle(this).thumbprint());
  }

  /** Zeroizes and releases the key material. Safe to call twice. */
  free() {
    const handle = handles.get(this);
    if (!handle) return;
    handles.delete(this);
    registry?.unregister(this);
    handle.free();
  }

  [disposeSymbol]() {
    this.free();
  }
}

function liveHandle(key) {
  const handle = handles.get(key);
  if (!handle) throw new JwtMintError('INVALID_ARGUMENT', 'this key was freed; import it again');
  return handle;
}

function guard(run) {
  try {
    return run();
  } catch (error) {
    throw toJwtMintError(error);
  }
}

/**
 * Builds the API over one loaded wasm module. `isReady` says whether the module can be called
 * (browsers load it asynchronously; Node loads it before the first call).
 */
export function createApi(wasm, isReady) {
  function call(run) {
    if (!isReady()) {
      throw new JwtMintError('NOT_READY', 'jwtmint is still loading: await init() once before the first call');
    }
    return guard(run);
  }

  function importKey(input, options) {
    return call(() => new Key(wasm.importKey(input, options, false), internal));
  }

  // A Key is used as it is; anything else is imported for this one call and freed right after.
  function withKey(key, run) {
    if (key instanceof Key) return call(() => run(liveHandle(key)));
    if (key === undefined || key === null) {
      throw new JwtMintError('INVALID_ARGUMENT', 'a key is required: a Key from importKey(), a PEM string or a secret');
    }
    return call(() => {
      const handle = wasm.importKey(key, undefined, true);
      try {
        return run(handle);
      } finally {
        handle.free();
      }
    });
  }

  function signDetailed(claims, key, options) {
    return withKey(key, (handle) => wasm.signDetailed(claims, handle, options));
  }

  function sign(claims, key, options) {
    return signDetailed(claims, key, options).token;
  }

  function decode(token) {
    return call(() => wasm.decode(token));
  }

  function verify(token, key, options) {
    return withKey(key, (handle) => wasm.verify(token, handle, options));
  }

  function parseLifetime(value) {
    return call(() => wasm.parseSpan(value));
  }

  function errorCodes() {
    return call(() => [...wasm.errorCodes(), ...JS_ONLY_CODES]);
  }

  return { importKey, sign, signDetailed, decode, verify, parseLifetime, errorCodes };
}
