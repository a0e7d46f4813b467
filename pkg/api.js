// The JavaScript API of jwtmint, shared by every entry point (Node ESM and CommonJS, browsers,
// bundlers). It only converts arguments, wraps key handles and maps errors: all logic lives in
// the Rust core. scripts/make-cjs.mjs derives the CommonJS copy, so this file has no imports.

/**
 * Codes thrown only by the JavaScript layer, in addition to the core's: NOT_READY (init() not
 * awaited), INTERNAL (a bug), EXCHANGE_FAILED (TokenSource's token exchange, the one network call).
 */
export const JS_ONLY_CODES = Object.freeze(['NOT_READY', 'INTERNAL', 'EXCHANGE_FAILED']);

/**
 * How long the key last given to sign(), signDetailed() or verify() as a string stays imported
 * after its last use (see keyForString below): long enough for a loop or a burst of requests,
 * short enough that an idle process holds no secret in wasm memory.
 */
export const STRING_KEY_IDLE_MS = 1000;

// wasm SIMD (the RSA kernel's i64x2.extmul) is in every engine since 2023 but Safari 16.3 and
// older lack it: the smallest module that returns a v128 validates only where it is supported.
const SIMD_PROBE = [
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 8, 1, 6, 0, 65, 0, 253, 17, 11,
];

/** Whether this engine runs wasm SIMD, i.e. loads `jwtmint_simd_bg.wasm` rather than the scalar build. */
export function simdSupported() {
  return WebAssembly.validate(new Uint8Array(SIMD_PROBE));
}

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

// Claims and sign options cross into wasm as JSON text: V8's own JSON encoder is many times
// faster than converting an object member by member through the glue. Plain JSON data only:
// anything JSON.stringify would silently drop, turn into null or call toJSON on is an error that
// names where it is, so a token never carries something other than what the caller wrote.
// Object members whose value is undefined are left out, as JSON.stringify and every JWT library
// do; undefined in an array, NaN, Infinity, functions, symbols, Dates, Maps and class instances
// are refused.
const MAX_DEPTH = 64;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const wellFormed =
  typeof ''.isWellFormed === 'function' ? (text) => text.isWellFormed() : (text) => !LONE_SURROGATE.test(text);
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;
// Long strings are quoted by hand: Node 20's JSON.stringify escapes about 4 ns a character
// (4.1 µs for 1,000), while `includes` finds each character JSON must escape at memchr speed
// (0.6 µs for all 34 over 1,000 characters). Short strings stay with JSON.stringify, which is
// faster for them. The text is the same either way (tests/js/rsa.test.mjs checks).
const LONG_STRING = 256;
const MUST_ESCAPE = ['"', '\\', ...Array.from({ length: 32 }, (_, code) => String.fromCharCode(code))];

function quote(text) {
  if (text.length < LONG_STRING) return JSON.stringify(text);
  for (let index = 0; index < MUST_ESCAPE.length; index += 1) {
    if (text.includes(MUST_ESCAPE[index])) return JSON.stringify(text);
  }
  return `"${text}"`;
}

function jsonText(value, what) {
  if (value === undefined) return 'null';
  const path = [];
  // JSON.stringify writes the text unless a BigInt (which it refuses) or a long string (which
  // `quote` writes faster) asks for a second walk that writes it.
  let byHand = false;
  const refuse = (problem) => {
    const where = path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key.slice(0, 40)}`)).join('');
    return new JwtMintError('INVALID_ARGUMENT', `${what}${where} ${problem}`);
  };
  // One walk checks everything; a second one writes only when byHand says so.
  const walk = (item, write) => {
    switch (typeof item) {
      case 'string':
        if (!wellFormed(item)) throw refuse('holds half of a UTF-16 surrogate pair, which JSON text cannot carry');
        if (item.length >= LONG_STRING) byHand = true;
        return write && quote(item);
      case 'number':
        if (!Number.isFinite(item)) throw refuse(`is ${item}; JSON numbers cannot be NaN or Infinity`);
        return write && JSON.stringify(item);
      case 'boolean':
        return write && String(item);
      case 'bigint':
        if (item < INT64_MIN || item > UINT64_MAX) {
          throw refuse('is a BigInt beyond 64 bits, which JSON numbers here cannot carry exactly');
        }
        byHand = true;
        return write && item.toString();
      case 'object':
        if (item === null) return write && 'null';
        if (path.length >= MAX_DEPTH) throw refuse(`nests deeper than ${MAX_DEPTH} levels, or refers to itself`);
        return Array.isArray(item) ? walkArray(item, write) : walkObject(item, write);
      default:
        throw refuse(`is ${item === undefined ? 'undefined' : `a ${typeof item}`}; it must be plain JSON data`);
    }
  };
  const walkArray = (array, write) => {
    let out = '[';
    for (let index = 0; index < array.length; index += 1) {
      path.push(index);
      if (array[index] === undefined) throw refuse('is undefined; JSON arrays cannot hold undefined (use null)');
      const text = walk(array[index], write);
      if (write) out += (index === 0 ? '' : ',') + text;
      path.pop();
    }
    return write && `${out}]`;
  };
  const walkObject = (object, write) => {
    const prototype = Object.getPrototypeOf(object);
    // Plain objects only (any realm's Object.prototype, or none): everything else has a toJSON,
    // hidden state or methods that JSON would drop.
    if (prototype !== null && Object.getPrototypeOf(prototype) !== null) {
      if (object instanceof Date) {
        throw refuse('is a Date; JWT times are seconds since 1970, e.g. Math.floor(date.getTime() / 1000)');
      }
      const name = typeof prototype.constructor === 'function' ? prototype.constructor.name : '';
      throw refuse(
        `is ${name ? `an instance of ${name}` : 'not a plain object'}; it must be plain JSON data (objects, arrays, strings, numbers, booleans, null)`,
      );
    }
    let out = '{';
    for (const key of Object.keys(object)) {
      const member = object[key];
      if (member === undefined) continue;
      path.push(key);
      if (!wellFormed(key)) throw refuse('has a name with half of a UTF-16 surrogate pair');
      if (key.length >= LONG_STRING) byHand = true;
      const text = walk(member, write);
      if (write) out += `${out.length === 1 ? '' : ','}${quote(key)}:${text}`;
      path.pop();
    }
    return write && `${out}}`;
  };
  walk(value, false);
  return byHand ? walk(value, true) : JSON.stringify(value);
}

// Claims cross as UTF-8 bytes encoded into one reused buffer: the glue's own string passing
// copies ASCII one character at a time in JavaScript, 30 times slower for 1 KB of claims. The
// buffer is wiped after each call, as claims may carry a token or a PAT.
const encoder = new TextEncoder();
let scratch = new Uint8Array(4096);

function withClaims(claims, run) {
  const text = typeof claims === 'string' ? claims : jsonText(claims, 'claims');
  if (typeof claims === 'string' && !wellFormed(text)) {
    throw new JwtMintError(
      'INVALID_ARGUMENT',
      'the claims text holds half of a UTF-16 surrogate pair, which JSON text cannot carry',
    );
  }
  if (text.length * 3 > scratch.length) scratch = new Uint8Array(text.length * 3);
  const bytes = scratch.subarray(0, encoder.encodeInto(text, scratch).written);
  try {
    return run(bytes);
  } finally {
    bytes.fill(0);
  }
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
    /** `P-256`, `P-384`, `P-521` or `Ed25519`; null for RSA keys and secrets. */
    this.curve = handle.curve ?? null;
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

  /**
   * The public JWK (`{ kty: 'RSA', n, e }`, `{ kty: 'EC', crv, x, y }` or `{ kty: 'OKP', crv, x }`),
   * plus `kid`/`alg`/`use` when options give them.
   */
  publicJwk(options) {
    return guard(() => JSON.parse(liveHandle(this).publicJwk(jsonText(options, 'JWK options'))));
  }

  /** A JWKS `{ keys: [jwk] }` with `use: "sig"` and `kid` (default: the thumbprint). */
  jwks(options) {
    return guard(() => JSON.parse(liveHandle(this).jwks(jsonText(options, 'JWK options'))));
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

// TokenSource's token exchange: posts the exchange request exactly as minted and reads its
// `read` member from the JSON answer. Redirects are not followed (as in the rendered commands).
// Every failure is EXCHANGE_FAILED with the HTTP status when there was one; the message names
// the endpoint without its query and never holds the assertion or a secret field (`scrub`).
async function exchangeToken(fetcher, exchange, scrub) {
  const { method, url, headers, body, read } = exchange;
  let endpoint = url;
  try {
    const parsed = new URL(url);
    endpoint = parsed.origin + parsed.pathname;
  } catch {
    // The core checked the URL; the message just names it as it is.
  }
  // Scrubbed before anything is cut short: a cut must never leave half a secret behind.
  const redact = (text) =>
    scrub.reduce((rest, secret) => (secret ? rest.split(secret).join('[redacted]') : rest), text);
  const fail = (message, status) => {
    const error = new JwtMintError('EXCHANGE_FAILED', redact(message));
    if (status !== undefined) error.status = status;
    return error;
  };
  let response;
  try {
    response = await fetcher(url, { method, headers, body: body ?? undefined, redirect: 'manual' });
  } catch (error) {
    const cause = error?.cause?.code ?? error?.cause?.message ?? error?.message ?? String(error);
    throw fail(`could not reach the token endpoint ${endpoint}: ${cause}`);
  }
  let answer = null;
  try {
    answer = JSON.parse(await response.text());
  } catch {
    // Not JSON: said below.
  }
  if (!response.ok) {
    // The OAuth error (RFC 6749 §5.2) says why: invalid_grant, invalid_client...
    const said = typeof answer?.error === 'string' ? redact(answer.error).slice(0, 100) : '';
    const description =
      typeof answer?.error_description === 'string' ? redact(answer.error_description).slice(0, 300) : '';
    const detail = said ? ` (${said}${description ? `: ${description}` : ''})` : '';
    throw fail(`the token endpoint ${endpoint} answered HTTP ${response.status}${detail}`, response.status);
  }
  const value = answer !== null && typeof answer === 'object' ? answer[read] : undefined;
  if (typeof value !== 'string' || value === '') {
    throw fail(
      `the token endpoint ${endpoint} answered HTTP ${response.status} without a "${read}" string in a JSON object`,
      response.status,
    );
  }
  const seconds = Number(answer.expires_in);
  return {
    value,
    expiresIn: answer.expires_in !== undefined && seconds > 0 && Number.isFinite(seconds) ? seconds : null,
  };
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

  // Results and JSON inputs cross as JSON text (see to_js in src/wasm/mod.rs); a JWK object
  // goes as its JSON text, which the core reads like a pasted JWK.
  function importHandle(input, options, lenient) {
    const isJwk = typeof input === 'object' && input !== null && !Array.isArray(input) && !ArrayBuffer.isView(input);
    return wasm.importKey(isJwk ? jsonText(input, 'the JWK') : input, jsonText(options, 'import options'), lenient);
  }

  // `orSecret: true` reads a string the way sign() and verify() read a string key: key material
  // in any form is a key (or refused), anything else a UTF-8 HMAC secret.
  function importKey(input, options) {
    let lenient = false;
    let rest = options;
    if (options !== null && typeof options === 'object' && 'orSecret' in options) {
      ({ orSecret: lenient, ...rest } = options);
      if (typeof lenient !== 'boolean')
        throw new JwtMintError('INVALID_ARGUMENT', 'importKey option "orSecret" must be a boolean');
    }
    return call(() => new Key(importHandle(input, rest, lenient), internal));
  }

  // The key last given as a string (a secret or a PEM, as in `sign(claims, 'secret')`) is kept
  // imported, with its prepared signer, so the one-liner costs what a Key costs. It is freed (its
  // material zeroized in wasm memory) when another string key replaces it, when it has not been
  // used for STRING_KEY_IDLE_MS, or by clearKeyCache(). The timer never keeps Node alive.
  let stringKey = null;
  function keyForString(text) {
    if (stringKey !== null && stringKey.text === text) {
      stringKey.usedAt = Date.now();
      return stringKey.key;
    }
    const key = new Key(importHandle(text, undefined, true), internal);
    clearKeyCache();
    stringKey = { text, key, usedAt: Date.now(), timer: null };
    idleCheck(stringKey, STRING_KEY_IDLE_MS);
    return key;
  }
  function idleCheck(entry, delay) {
    entry.timer = setTimeout(() => {
      if (stringKey !== entry) return;
      const idle = Date.now() - entry.usedAt;
      if (idle >= STRING_KEY_IDLE_MS) clearKeyCache();
      else idleCheck(entry, STRING_KEY_IDLE_MS - idle);
    }, delay);
    entry.timer?.unref?.();
  }
  function clearKeyCache() {
    if (stringKey === null) return;
    const { key, timer } = stringKey;
    stringKey = null;
    clearTimeout(timer);
    const prepared = preparedByKey.get(key);
    if (prepared) {
      preparedByKey.delete(key);
      registry?.unregister(prepared);
      prepared.signer.free();
    }
    key.free();
  }

  // A Key is used as it is, a string key through keyForString; anything else (bytes, a JWK
  // object) is imported for this one call and freed right after.
  function withKey(key, run) {
    if (key instanceof Key) return call(() => run(liveHandle(key)));
    if (key === undefined || key === null) {
      throw new JwtMintError('INVALID_ARGUMENT', 'a key is required: a Key from importKey(), a PEM string or a secret');
    }
    if (typeof key === 'string') return call(() => run(liveHandle(keyForString(key))));
    return call(() => {
      const handle = importHandle(key, undefined, true);
      try {
        return run(handle);
      } finally {
        handle.free();
      }
    });
  }

  // Claims given as text are the caller's JSON and are parsed (and checked) by the core as they are.
  function signDetailed(claims, key, options) {
    const optionsJson = call(() => jsonText(options, 'sign options'));
    return call(() =>
      JSON.parse(
        withClaims(claims, (bytes) => withKey(key, (handle) => wasm.signDetailed(bytes, handle, optionsJson))),
      ),
    );
  }

  // sign() with a Key keeps the signer it last prepared for that key, with its options as JSON
  // text: called again with the same options, it skips checking them and encoding the header,
  // as createSigner does. The prepared signer holds no key material; it is freed when replaced
  // or when the Key is garbage-collected.
  const preparedByKey = new WeakMap();
  function preparedFor(key, optionsJson) {
    const cached = preparedByKey.get(key);
    if (cached?.optionsJson === optionsJson) return cached.signer;
    const signer = wasm.prepareSigner(liveHandle(key), optionsJson);
    if (cached) {
      registry?.unregister(cached);
      cached.signer.free();
    }
    const entry = { optionsJson, signer };
    preparedByKey.set(key, entry);
    registry?.register(key, signer, entry);
    return signer;
  }

  function sign(claims, key, options) {
    const optionsJson = call(() => jsonText(options, 'sign options'));
    const bound = typeof key === 'string' ? call(() => keyForString(key)) : key;
    if (bound instanceof Key) {
      return call(() =>
        withClaims(claims, (bytes) => wasm.signPrepared(preparedFor(bound, optionsJson), liveHandle(bound), bytes)),
      );
    }
    return call(() =>
      withClaims(claims, (bytes) => withKey(key, (handle) => wasm.signToken(bytes, handle, optionsJson))),
    );
  }

  /**
   * Checks `options` against `key` once and returns `(claims) => token`, for minting many tokens
   * with the same key and options: the header is encoded once and nothing is converted twice.
   * A key given as text is imported once; freeing a `Key` also stops the signers made with it.
   */
  function createSigner(key, options) {
    if (key === undefined || key === null) {
      throw new JwtMintError('INVALID_ARGUMENT', 'a key is required: a Key from importKey(), a PEM string or a secret');
    }
    const bound = key instanceof Key ? key : call(() => new Key(importHandle(key, undefined, true), internal));
    const prepared = call(() => wasm.prepareSigner(liveHandle(bound), jsonText(options, 'sign options')));
    const signer = (claims) =>
      call(() => withClaims(claims, (bytes) => wasm.signPrepared(prepared, liveHandle(bound), bytes)));
    registry?.register(signer, prepared);
    return signer;
  }

  function decode(token) {
    return call(() => JSON.parse(wasm.decode(token)));
  }

  function verify(token, key, options) {
    const optionsJson = call(() => jsonText(options, 'verify options'));
    return withKey(key, (handle) => JSON.parse(wasm.verify(token, handle, optionsJson)));
  }

  function parseLifetime(value) {
    return call(() => wasm.parseSpan(jsonText(value, 'the lifetime')));
  }

  function errorCodes() {
    return call(() => [...wasm.errorCodes(), ...JS_ONLY_CODES]);
  }

  let presetList;
  function presets() {
    // Descriptors never change: built once, then handed out as deep copies callers may edit.
    presetList ??= call(() => JSON.parse(wasm.presets()));
    return structuredClone(presetList);
  }

  // What a preset picker lists, without reading and checking every document as presets() does.
  let summaryList;
  function presetSummaries() {
    summaryList ??= call(() => JSON.parse(wasm.presetSummaries()));
    return summaryList.map((item) => ({ ...item }));
  }

  // One built-in preset's descriptor: only its document is read (presets() reads them all).
  function describePreset(id) {
    if (typeof id !== 'string') {
      throw new JwtMintError('INVALID_ARGUMENT', 'describePreset takes a built-in preset id (see presets())');
    }
    if (presetList) {
      const found = presetList.find((item) => item.id === id);
      if (found) return structuredClone(found);
    }
    return call(() => JSON.parse(wasm.describePreset(id)));
  }

  // A preset is an id or a document: an object goes as its JSON text, text as it is (the core
  // reads a string starting with `{` as a document; a BOM or blank lines before it are dropped).
  function presetArgument(preset) {
    if (typeof preset === 'string') {
      const trimmed = preset.replace(/^[\ufeff\s]+/, '');
      return trimmed.startsWith('{') ? trimmed : preset;
    }
    if (preset !== null && typeof preset === 'object' && !Array.isArray(preset)) {
      return jsonText(preset, 'the preset document');
    }
    throw new JwtMintError(
      'INVALID_ARGUMENT',
      'the preset must be an id (see presets()), a preset document object or its JSON text',
    );
  }

  function checkPreset(document, options) {
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw new JwtMintError('INVALID_ARGUMENT', 'checkPreset options must be an object: { source }');
    }
    const { source = 'preset document', ...unknown } = options ?? {};
    if (Object.keys(unknown).length) {
      throw new JwtMintError(
        'INVALID_ARGUMENT',
        `unknown checkPreset option "${Object.keys(unknown)[0]}"; known: source`,
      );
    }
    if (typeof source !== 'string') {
      throw new JwtMintError('INVALID_ARGUMENT', 'checkPreset option "source" must be a string (a file name)');
    }
    const text = presetArgument(document);
    if (!text.startsWith('{')) {
      throw new JwtMintError(
        'INVALID_ARGUMENT',
        'checkPreset takes a preset document (an object or its JSON text), not an id; presets() describes the built-in ones',
      );
    }
    return call(() => JSON.parse(wasm.checkPreset(text, source)));
  }

  // What a file loaded into a field fills in elsewhere, by the field's fromFileName and
  // fromKeyFile rules: `AuthKey_ABC123DEFG.p8` → `{ kid: 'ABC123DEFG' }`, a Coinbase key file →
  // its key name. The page calls it for a dropped file, the CLI for --key FILE.
  function fieldsFromFile(preset, field, file) {
    const presetText = presetArgument(preset);
    if (typeof field !== 'string') {
      throw new JwtMintError('INVALID_ARGUMENT', 'fieldsFromFile takes the name of the field the file is loaded into');
    }
    if (file === null || typeof file !== 'object' || typeof file.name !== 'string' || typeof file.text !== 'string') {
      throw new JwtMintError('INVALID_ARGUMENT', 'fieldsFromFile takes the file as { name, text }, both strings');
    }
    return call(() => JSON.parse(wasm.fieldsFromFile(presetText, field, file.name, file.text)));
  }

  // A field may hold a Key imported once (the page re-mints on every edit): it goes to the
  // core as the key for that field instead of text.
  function mint(preset, fields, options) {
    const presetText = presetArgument(preset);
    const keyed =
      fields !== null && typeof fields === 'object'
        ? Object.keys(fields).filter((name) => fields[name] instanceof Key)
        : [];
    if (keyed.length > 1) {
      throw new JwtMintError('INVALID_ARGUMENT', `only one field can be a Key; ${keyed.join(' and ')} are`);
    }
    if (keyed.length === 0) {
      return call(() =>
        JSON.parse(wasm.mint(presetText, jsonText(fields, 'fields'), jsonText(options, 'mint options'))),
      );
    }
    const [name] = keyed;
    const { [name]: key, ...rest } = fields;
    return call(() =>
      JSON.parse(
        wasm.mintWithKey(
          presetText,
          jsonText(rest, 'fields'),
          jsonText(options, 'mint options'),
          name,
          liveHandle(key),
        ),
      ),
    );
  }

  // Renderers take a request, or a minted result: its request, after its exchange when it has one
  // (one piece that posts the assertion, reads the access token and sends the request with it).
  function render(subject, format) {
    let request = subject;
    let exchange = null;
    const minted = subject !== null && typeof subject === 'object' && 'request' in subject && !('url' in subject);
    if (minted) {
      ({ request, exchange = null } = subject);
      if (request === null || request === undefined) {
        throw new JwtMintError(
          'INVALID_ARGUMENT',
          'this minted result has no request to render (the preset has none, or custom was given no URL)',
        );
      }
    }
    const exchangeJson = exchange === null ? '' : jsonText(exchange, 'the exchange');
    return call(() => wasm.renderRequest(jsonText(request, 'the request'), format, exchangeJson));
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
   * A preset whose vendor wants a new token for every request (`tokenPerRequest`, Coinbase)
   * mints on every call. With `exchange: true` it also performs the preset's token exchange:
   * `token()` resolves to the access token, cached the same way by the answer's `expires_in`.
   */
  class TokenSource {
    #preset;
    #fields;
    #refreshBefore;
    #lifetime;
    #clock;
    #minted = null;
    #fetch = null;
    #secrets = [];
    #access = null;
    #pending = null;
    #perRequest = false;

    constructor(preset, fields, options = {}) {
      if (options === null || typeof options !== 'object') {
        throw new JwtMintError('INVALID_ARGUMENT', 'TokenSource options must be an object');
      }
      const known = ['refreshBefore', 'lifetime', 'clock', 'exchange', 'fetch'];
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
      if (options.exchange !== undefined && typeof options.exchange !== 'boolean') {
        throw new JwtMintError('INVALID_ARGUMENT', 'TokenSource option "exchange" must be a boolean');
      }
      if (options.fetch !== undefined && (typeof options.fetch !== 'function' || options.exchange !== true)) {
        throw new JwtMintError(
          'INVALID_ARGUMENT',
          'TokenSource option "fetch" must be a function, with exchange: true',
        );
      }
      // A document is read once, as text: later edits of the caller's object change nothing.
      this.#preset = presetArgument(preset);
      const named = this.#preset.startsWith('{') ? 'this preset document' : `preset "${this.#preset}"`;
      this.#fields = { ...fields };
      this.#refreshBefore = parseLifetime(options.refreshBefore ?? '60s');
      this.#lifetime = options.lifetime;
      this.#clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
      const first = this.#mint();
      const refuse = (message) => {
        this.dispose();
        return new JwtMintError('INVALID_ARGUMENT', message);
      };
      if (first.token === null) throw refuse(`${named} sends an API key as it is; there is no token to refresh`);
      this.#perRequest = describe(this.#preset)?.tokenPerRequest === true;
      if (options.exchange) {
        if (!first.exchange) throw refuse(`${named} has no token exchange; leave out exchange: true`);
        this.#fetch = options.fetch ?? globalThis.fetch;
        if (typeof this.#fetch !== 'function') {
          throw refuse('exchange: true needs fetch, which this runtime lacks: pass one as the "fetch" option');
        }
        this.#secrets = secretValues(this.#preset, this.#fields);
      }
    }

    #live() {
      if (this.#fields === null) throw new JwtMintError('INVALID_ARGUMENT', 'this TokenSource was disposed');
    }

    #mint() {
      this.#live();
      this.#minted = mint(this.#preset, this.#fields, { now: this.#clock(), lifetime: this.#lifetime });
      return this.#minted;
    }

    // Due once less than refreshBefore (at most half the lifetime) is left.
    #due(expiresAt, lifetime) {
      if (expiresAt === null) return true;
      return this.#clock() >= expiresAt - Math.min(this.#refreshBefore, lifetime / 2);
    }

    /** The latest mint result: token, claims, expiry and request. Fresh, like `token()`. */
    minted() {
      this.#live();
      const current = this.#minted;
      if (this.#perRequest) return this.#mint();
      return this.#due(current.expiresAt, current.expiresAt - current.issuedAt) ? this.#mint() : current;
    }

    /**
     * A token with at least `refreshBefore` left to live; with `exchange: true`, a promise of
     * the access token the exchange gave.
     */
    token() {
      return this.#fetch ? this.#accessToken() : this.minted().token;
    }

    async #accessToken() {
      this.#live();
      const access = this.#access;
      if (access && !this.#due(access.expiresAt, access.lifetime)) return access.value;
      // Calls made while an exchange runs share it; a failed one is retried by the next call.
      this.#pending ??= this.#exchange().finally(() => {
        this.#pending = null;
      });
      return (await this.#pending).value;
    }

    async #exchange() {
      // A fresh assertion for each exchange: services refuse a jti they have seen.
      const minted = this.#mint();
      const startedAt = this.#clock();
      const scrub = [...this.#secrets, minted.token];
      const access = await exchangeToken(this.#fetch, minted.exchange, scrub);
      this.#live();
      // Without expires_in (Salesforce sends none), exchanged again when the assertion would be re-minted.
      this.#access =
        access.expiresIn === null
          ? { value: access.value, expiresAt: minted.expiresAt, lifetime: minted.expiresAt - minted.issuedAt }
          : { value: access.value, expiresAt: startedAt + access.expiresIn, lifetime: access.expiresIn };
      return this.#access;
    }

    /** `"Bearer <token>"`, for an Authorization header (a promise with `exchange: true`). */
    authorization() {
      const token = this.token();
      return typeof token === 'string' ? `Bearer ${token}` : token.then((value) => `Bearer ${value}`);
    }

    /** Forgets the fields (and the secrets among them) and the access token; later calls throw. */
    dispose() {
      this.#fields = null;
      this.#minted = null;
      this.#access = null;
      this.#secrets = [];
    }

    [disposeSymbol]() {
      this.dispose();
    }
  }

  // The descriptor of a preset given as an id or a document's text.
  function describe(preset) {
    return preset.startsWith('{') ? checkPreset(preset) : describePreset(preset);
  }

  // The text an exchange error must never show: the values of the preset's secret fields.
  function secretValues(preset, fields) {
    const descriptor = describe(preset);
    return (descriptor?.fields ?? [])
      .filter((field) => field.secret || ['pem', 'key', 'json'].includes(field.kind.type))
      .map((field) => fields[field.name])
      .filter((value) => typeof value === 'string' && value.length >= 4);
  }

  return {
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
    toFetch: (request) => render(request, 'fetch'),
    toPython: (request) => render(request, 'python'),
    toHttpie: (request) => render(request, 'httpie'),
    TokenSource,
  };
}
