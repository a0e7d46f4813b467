// The JavaScript API of jwtmint, shared by every entry point (Node ESM and CommonJS, browsers,
// bundlers). It only converts arguments, wraps key handles and maps errors: all logic lives in
// the Rust core. scripts/make-cjs.mjs derives the CommonJS copy, so this file has no imports.

/** Codes thrown only by the JavaScript layer, in addition to the core's. */
export const JS_ONLY_CODES = Object.freeze(['NOT_READY', 'INTERNAL']);

/** The error every jwtmint function throws; `code` is stable across releases. */
export class JwtMintError extends Error {
  constructor(code, message, fields) {
    super(message);
    this.name = 'JwtMintError';
    this.code = code;
    /** For preset errors: field name → what is wrong with it. */
    if (fields) this.fields = fields;
  }
}

function toJwtMintError(error) {
  if (error instanceof JwtMintError) return error;
  if (error && typeof error === 'object' && !(error instanceof Error) && typeof error.code === 'string') {
    return new JwtMintError(error.code, String(error.message), error.fields);
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
    return withKey(key, (handle) => wasm.signToken(claims, handle, options));
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

  let presetList;
  function presets() {
    // Descriptors never change: built once, then handed out as deep copies callers may edit.
    presetList ??= call(() => wasm.presets());
    return structuredClone(presetList);
  }

  function mint(presetId, fields, options) {
    return call(() => wasm.mint(presetId, fields, options));
  }

  function render(request, format) {
    return call(() => wasm.renderRequest(request, format));
  }

  function toCurl(request, options) {
    const shell = options?.shell ?? 'posix';
    if (shell !== 'posix' && shell !== 'powershell') {
      throw new JwtMintError('INVALID_ARGUMENT', 'toCurl options.shell must be "posix" or "powershell"');
    }
    return render(request, shell === 'posix' ? 'curl' : 'powershell');
  }

  /**
   * Mints from a preset on demand and caches the result: `token()` re-mints once the cached
   * token is within `refreshBefore` of its expiry (or half its lifetime, if that is shorter).
   */
  class TokenSource {
    #presetId;
    #fields;
    #refreshBefore;
    #lifetime;
    #clock;
    #minted = null;

    constructor(presetId, fields, options = {}) {
      if (options === null || typeof options !== 'object') {
        throw new JwtMintError('INVALID_ARGUMENT', 'TokenSource options must be an object');
      }
      const known = ['refreshBefore', 'lifetime', 'clock'];
      const unknown = Object.keys(options).find((name) => !known.includes(name));
      if (unknown !== undefined) {
        throw new JwtMintError(
          'INVALID_ARGUMENT',
          `unknown TokenSource option "${unknown}"; known: ${known.join(', ')}`,
        );
      }
      if (options.clock !== undefined && typeof options.clock !== 'function') {
        throw new JwtMintError('INVALID_ARGUMENT', 'TokenSource option "clock" must be a function returning seconds');
      }
      this.#presetId = presetId;
      this.#fields = { ...fields };
      this.#refreshBefore = parseLifetime(options.refreshBefore ?? '60s');
      this.#lifetime = options.lifetime;
      this.#clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
      const first = this.#mint();
      if (first.token === null) {
        this.#fields = null;
        throw new JwtMintError(
          'INVALID_ARGUMENT',
          `preset "${presetId}" sends an API key as it is; there is no token to refresh`,
        );
      }
    }

    #mint() {
      if (this.#fields === null) throw new JwtMintError('INVALID_ARGUMENT', 'this TokenSource was disposed');
      this.#minted = mint(this.#presetId, this.#fields, { now: this.#clock(), lifetime: this.#lifetime });
      return this.#minted;
    }

    /** The latest mint result: token, claims, expiry and request. Fresh, like `token()`. */
    minted() {
      if (this.#fields === null) throw new JwtMintError('INVALID_ARGUMENT', 'this TokenSource was disposed');
      const current = this.#minted;
      const now = this.#clock();
      const margin = Math.min(this.#refreshBefore, (current.expiresAt - current.issuedAt) / 2);
      return now >= current.expiresAt - margin ? this.#mint() : current;
    }

    /** A token with at least `refreshBefore` left to live. */
    token() {
      return this.minted().token;
    }

    /** `"Bearer <token>"`, for an Authorization header. */
    authorization() {
      return `Bearer ${this.token()}`;
    }

    /** Forgets the fields (and the secrets among them); later calls throw. */
    dispose() {
      this.#fields = null;
      this.#minted = null;
    }

    [disposeSymbol]() {
      this.dispose();
    }
  }

  return {
    importKey,
    sign,
    signDetailed,
    decode,
    verify,
    parseLifetime,
    errorCodes,
    presets,
    mint,
    toCurl,
    toFetch: (request) => render(request, 'fetch'),
    toPython: (request) => render(request, 'python'),
    toHttpie: (request) => render(request, 'httpie'),
    TokenSource,
  };
}
