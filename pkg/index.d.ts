// Types for jwtmint. The same API is exported by the Node entry (ESM and CommonJS) and the browser
// entry; in browsers call `await init()` once before the first call.

/** JSON values as they appear in headers and claims. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [member: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [member: string]: JsonValue };

/**
 * Algorithms jwtmint signs and verifies. `none` is never produced or accepted. ES256, ES384 and
 * ES512 go with P-256, P-384 and P-521 keys (one each: a P-384 key never signs ES256), EdDSA with
 * Ed25519 keys.
 */
export type Algorithm =
  | 'HS256'
  | 'HS384'
  | 'HS512'
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA';

/** The curve of an EC (`P-256`, `P-384`, `P-521`) or OKP (`Ed25519`) key, as the JWK `crv` names it. */
export type Curve = 'P-256' | 'P-384' | 'P-521' | 'Ed25519';

/** Seconds as a number, or a span: `90s`, `10m`, `1h`, `1h30m`, `2d`, `1w` (largest unit first). */
export type Lifetime = number | string;

/** Every code a JwtMintError can carry. Stable: codes never change once released. */
export type JwtMintErrorCode =
  | 'KEY_PARSE'
  | 'KEY_MULTIPLE_PEM'
  | 'KEY_NOT_PRIVATE'
  | 'KEY_UNSUPPORTED'
  | 'KEY_TOO_SMALL'
  | 'KEY_TOO_LARGE'
  | 'KEY_ALG_MISMATCH'
  | 'PASSPHRASE_REQUIRED'
  | 'PASSPHRASE_WRONG'
  | 'SECRET_ENCODING'
  | 'SECRET_EMPTY'
  | 'SECRET_IS_KEY'
  | 'SECRET_TOO_SHORT'
  | 'ALG_UNSUPPORTED'
  | 'ALG_NOT_ALLOWED'
  | 'JSON_INVALID'
  | 'CLAIMS_NOT_OBJECT'
  | 'HEADER_INVALID'
  | 'CLAIM_INVALID'
  | 'BAD_LIFETIME'
  | 'BAD_TIME'
  | 'TOKEN_MALFORMED'
  | 'TOKEN_DUPLICATE_MEMBER'
  | 'SIGNATURE_INVALID'
  | 'TOKEN_EXPIRED'
  | 'TOKEN_NOT_YET_VALID'
  | 'TOKEN_TOO_OLD'
  | 'TOKEN_ISSUED_IN_FUTURE'
  | 'CLAIM_MISSING'
  | 'CLAIM_MISMATCH'
  | 'CRYPTO'
  | 'INVALID_ARGUMENT'
  | 'FIELDS_INVALID'
  | 'PRESET_INVALID'
  | 'NOT_READY'
  | 'INTERNAL'
  | 'EXCHANGE_FAILED';

/** The error every jwtmint function throws. */
export declare class JwtMintError extends Error {
  readonly name: 'JwtMintError';
  /** A stable code, e.g. `KEY_NOT_PRIVATE`. */
  readonly code: JwtMintErrorCode;
  /** For `mint` errors: the preset field each problem belongs to, field name → message. */
  readonly fields?: { readonly [field: string]: string };
  /** For `EXCHANGE_FAILED`: the token endpoint's HTTP status, when it answered. */
  readonly status?: number;
}

/**
 * Codes thrown only by the JavaScript layer: `NOT_READY` (call `init()` first), `INTERNAL` (a bug),
 * `EXCHANGE_FAILED` (a `TokenSource` token exchange failed; `status` is the HTTP status).
 */
export declare const JS_ONLY_CODES: readonly ['NOT_READY', 'INTERNAL', 'EXCHANGE_FAILED'];

/** How the text of an HMAC secret becomes bytes. Never guessed; `utf8` unless said. */
export type SecretEncoding = 'utf8' | 'base64' | 'base64url' | 'hex';

export interface ImportOptions {
  /** Passphrase of an encrypted PKCS#8 key (`BEGIN ENCRYPTED PRIVATE KEY`). */
  passphrase?: string;
  /**
   * Treat a string input as an HMAC secret written in this encoding. Key material is still
   * refused (`SECRET_IS_KEY`): a public key, private key or certificate in any common form (PEM,
   * JWK, base64 or hex DER, OpenSSH, SSH2, PuTTY) is never an HMAC secret.
   */
  encoding?: SecretEncoding;
  /**
   * Read a string as `sign()` and `verify()` read a string key: key material in any form (PEM,
   * JWK, base64 DER, an OpenSSH line...) is imported as a key or refused, any other text is a
   * UTF-8 HMAC secret. Without it, text that is no key is refused unless `encoding` is given.
   *
   * ```ts
   * importKey('my-shared-secret-of-at-least-32-bytes', { orSecret: true }).kind; // 'secret'
   * ```
   */
  orSecret?: boolean;
}

export interface JwkOptions {
  /** The `kid` to put in the JWK (for `jwks()` the default is the thumbprint). */
  kid?: string;
  /**
   * The `alg` to put in the JWK (adds `use: "sig"`). A key imported from a JWK with `alg` keeps
   * that `alg` by default and refuses another (`KEY_ALG_MISMATCH`).
   */
  alg?: Algorithm;
}

/** What every public JWK jwtmint writes may carry besides its key. */
interface PublicJwkMembers {
  kid?: string;
  alg?: Algorithm;
  /** `sig`, or the `use` of the JWK the key was imported from. */
  use?: 'sig' | 'enc';
}

/** An RSA public JWK as jwtmint writes it. */
export interface RsaPublicJwk extends PublicJwkMembers {
  kty: 'RSA';
  n: string;
  e: string;
}

/** An EC public JWK: the point's coordinates, base64url, each as long as the curve's size. */
export interface EcPublicJwk extends PublicJwkMembers {
  kty: 'EC';
  crv: 'P-256' | 'P-384' | 'P-521';
  x: string;
  y: string;
}

/** An Ed25519 public JWK (RFC 8037): `x` is the 32-byte public key, base64url. */
export interface OkpPublicJwk extends PublicJwkMembers {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
}

/** A public JWK as jwtmint writes it; `kty` tells which. */
export type PublicJwk = RsaPublicJwk | EcPublicJwk | OkpPublicJwk;

/**
 * A key parsed once and reused. `free()` (or `using key = importKey(…)`) zeroizes its material at
 * once; otherwise it is freed when garbage-collected.
 *
 * @example
 * const key = importKey(pem);
 * key.kind;        // 'private'
 * key.algorithms;  // ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']
 * key.thumbprint(); // 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs'
 *
 * const ec = importKey(readFileSync('ec-p256.pem', 'utf8')); // PKCS#8 or SEC1 `EC PRIVATE KEY`
 * ec.keyType;    // 'EC'
 * ec.curve;      // 'P-256'
 * ec.algorithms; // ['ES256']
 */
export declare class Key {
  private constructor();
  /** `secret` (HMAC), `private` (signs), `public` (verifies only). */
  readonly kind: 'secret' | 'private' | 'public';
  /** The JWK `kty`: `oct` (HMAC), `RSA`, `EC` (P-256/384/521) or `OKP` (Ed25519). */
  readonly keyType: 'oct' | 'RSA' | 'EC' | 'OKP';
  /** RSA modulus size, curve size (256, 384, 521; 256 for Ed25519) or secret size, in bits. */
  readonly bits: number;
  /** The curve of an EC or Ed25519 key; null for RSA keys and secrets. */
  readonly curve: Curve | null;
  /**
   * The algorithms this key can be used with: those of its kind; only its JWK's `alg` when it has
   * one; none when its JWK's `use` is `enc` or its `key_ops` allow neither `sign` nor `verify`.
   */
  readonly algorithms: readonly Algorithm[];
  /** True once `free()` has run. */
  readonly freed: boolean;
  /** The public key as SPKI PEM. Throws `KEY_ALG_MISMATCH` for secrets. */
  publicPem(): string;
  /** The public JWK. */
  publicJwk(options?: JwkOptions): PublicJwk;
  /** `{ keys: [jwk] }` with `use: "sig"` (or the imported JWK's `use`) and a `kid`. */
  jwks(options?: JwkOptions): { keys: [PublicJwk & { kid: string; use: 'sig' | 'enc' }] };
  /** The RFC 7638 thumbprint, base64url SHA-256. */
  thumbprint(): string;
  /** Zeroizes and releases the key now. Safe to call twice. */
  free(): void;
  [Symbol.dispose](): void;
}

/** What `importKey` reads: PEM or JWK text, DER bytes, a JWK object, or a secret (with `encoding`). */
export type KeyInput = string | Uint8Array | JsonObject;

/**
 * Parses a key once for reuse: RSA, EC (P-256, P-384, P-521) or Ed25519 keys as PKCS#8 PEM or DER
 * (encrypted too), PKCS#1 or SEC1 (`EC PRIVATE KEY`) PEM, SPKI public keys, certificates, or JWKs;
 * HMAC secrets with `encoding`.
 *
 * @example
 * const key = importKey(readFileSync('primary.pem', 'utf8'));
 * const secret = importKey(process.env.API_SECRET!, { encoding: 'utf8' });
 * const encrypted = importKey(pem, { passphrase: 'correct horse' });
 * const ed25519 = importKey({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' });
 */
export declare function importKey(input: KeyInput, options?: ImportOptions): Key;

/**
 * A key for one call: a `Key`, or text. Text that is or holds key material in any common form
 * (PEM, JWK, base64 or hex DER, OpenSSH, SSH2, PuTTY) is read as that key or refused with how to
 * convert it; only other text is a UTF-8 secret.
 */
export type KeyLike = Key | string | Uint8Array | JsonObject;

export interface SignOptions {
  /**
   * The algorithm; it also sets the header's `alg`, which nothing else can. It may be left out
   * for a key with exactly one algorithm (an EC or Ed25519 key, a JWK that names its `alg`):
   * a P-256 key signs ES256, an Ed25519 key EdDSA. When given, it must fit the key
   * (`KEY_ALG_MISMATCH` otherwise).
   */
  alg?: Algorithm;
  /** Header `kid`. */
  kid?: string;
  /** Header `typ` (default `JWT`); `false` leaves it out. */
  typ?: string | false;
  /** Extra header members, in order; a template whose order is kept. */
  header?: JsonObject;
  /** `exp` = `iat` (or now) + this lifetime. */
  expiresIn?: Lifetime;
  /** `nbf` = `iat` (or now) + this offset. */
  notBefore?: Lifetime;
  /** `iat` in seconds (default: now); `false` leaves it out. */
  issuedAt?: number | false;
  /** `true` for a random UUID v4, or a value. */
  jti?: true | string;
  /** `iss` claim. */
  iss?: string;
  /** `sub` claim. */
  sub?: string;
  /** `aud` claim. */
  aud?: string | string[];
  /** The current time in seconds (default `Date.now() / 1000`). Milliseconds are refused. */
  now?: number;
  /** Turn warnings (a short HMAC secret) into errors. */
  strict?: boolean;
}

export interface Warning {
  /** e.g. `SECRET_SHORT`. */
  code: string;
  message: string;
}

export interface SignedToken {
  token: string;
  header: JsonObject;
  payload: JsonObject;
  /** The `iat` claim, if any. */
  issuedAt: number | null;
  /** The `exp` claim, if any. */
  expiresAt: number | null;
  warnings: Warning[];
}

/**
 * Signs claims (an object, or JSON text whose member order is kept) and returns the token.
 * Synchronous in Node; in browsers after `await init()`.
 *
 * @example
 * const token = sign({ sub: 'me' }, key, { alg: 'RS256', kid: 'primary', expiresIn: '1h' });
 * // An EC or Ed25519 key implies its algorithm (ES256 for P-256):
 * const es256 = sign({ sub: 'me' }, ecKey, { expiresIn: '1h' });
 */
export declare function sign(claims: JsonObject | string, key: KeyLike, options?: SignOptions): string;

/**
 * Frees, now, the key that `sign`, `signDetailed` or `verify` keep imported after being given a
 * key as a string (a secret or a PEM), zeroizing its material in wasm memory. Without this call
 * it is freed when another string key replaces it or after one second without use.
 *
 * @example
 * sign({ sub: 'me' }, 'a-string-secret-at-least-32-bytes!', { alg: 'HS256' });
 * clearKeyCache();
 */
export declare function clearKeyCache(): void;

/**
 * Like `sign`, and also returns the header, payload, times and warnings.
 *
 * @example
 * const { token, expiresAt, warnings } = signDetailed({ sub: 'me' }, 'secret', { alg: 'HS256', expiresIn: 600 });
 */
export declare function signDetailed(claims: JsonObject | string, key: KeyLike, options?: SignOptions): SignedToken;

/**
 * Checks `options` against `key` once and returns a function that signs claims with them: the
 * header is encoded once, so minting many tokens with the same key and options is faster than
 * calling `sign` each time. The time (`iat`, `exp`) is taken at each call unless `options.now` is
 * set. Freeing the `Key` also stops the signer.
 *
 * @example
 * const signHs256 = createSigner(key, { alg: 'HS256', expiresIn: '10m' });
 * const token = signHs256({ sub: 'me' });
 */
export declare function createSigner(key: KeyLike, options?: SignOptions): (claims: JsonObject | string) => string;

export interface DecodedToken {
  /** UNVERIFIED header. */
  header: JsonObject;
  /** UNVERIFIED payload. */
  payload: JsonObject;
  /** The signature segment, base64url. */
  signature: string;
  /** Member names that appear twice (`header.alg`, `payload.sub`), the first 16; JSON keeps the last. */
  duplicates: string[];
  /**
   * `iat`, `nbf` and `exp` in seconds as `verify` reads them (any JSON number form: `1.7e9` is
   * 1700000000; fractions kept). A time claim that is no NumericDate leaves all three out and
   * says why in `timeError`.
   */
  times: { iat?: number; nbf?: number; exp?: number; timeError?: string };
}

/**
 * Reads a token WITHOUT verifying it. A leading `Bearer ` and surrounding whitespace are ignored.
 *
 * @example
 * const { header, payload } = decode(token);
 */
export declare function decode(token: string): DecodedToken;

export interface VerifyOptions {
  /** Allowed algorithms (default: those the key supports). */
  algorithms?: Algorithm[];
  /** `iss` must be one of these. */
  issuer?: string | string[];
  /** `aud` must contain one of these. */
  audience?: string | string[];
  /** `sub` must equal this. */
  subject?: string;
  /** Header `typ` must equal this (case-insensitive, `application/` optional). */
  typ?: string;
  /** Clock skew allowed for `exp`/`nbf`/age (default 0). */
  clockTolerance?: Lifetime;
  /** Maximum age from `iat`. */
  maxTokenAge?: Lifetime;
  /** Claims that must be present. */
  requiredClaims?: string[];
  /** The current time in seconds. */
  now?: number;
}

export interface VerifiedToken {
  header: JsonObject;
  payload: JsonObject;
}

/**
 * Verifies the signature and claims; throws a JwtMintError (`SIGNATURE_INVALID`, `TOKEN_EXPIRED`,
 * `CLAIM_MISMATCH`, ...) otherwise.
 *
 * @example
 * const { payload } = verify(token, publicKey, { issuer: 'sdk', clockTolerance: '30s' });
 */
export declare function verify(token: string, key: KeyLike, options?: VerifyOptions): VerifiedToken;

/**
 * A lifetime in seconds: `parseLifetime('1h30m') === 5400`.
 */
export declare function parseLifetime(value: Lifetime): number;

/** Every code a JwtMintError can carry (the core's and `JS_ONLY_CODES`). */
export declare function errorCodes(): JwtMintErrorCode[];

/** What a preset asks the user to bring. */
export type Brings =
  'rsa-private-key' | 'ec-private-key' | 'private-key' | 'key-and-secret' | 'api-key' | 'secret' | 'key-file' | 'any';

/** The kinds of field a preset can have (each checks its value its own way). */
export type FieldType =
  | 'text'
  | 'pem'
  | 'boolean'
  | 'lifetime'
  | 'host'
  | 'label'
  | 'url'
  | 'path'
  | 'multiline'
  | 'json'
  | 'key'
  | 'certificate';

/** A field's input kind and validation; `choice` lists its options. */
export type FieldKind = { type: FieldType } | { type: 'choice'; options: string[] };

/** One field of a preset's form. */
export interface PresetField {
  /** The key in `mint`'s `fields` and the CLI's `--field name=value`. */
  name: string;
  label: string;
  /** Help shown under the field. */
  help: string;
  kind: FieldKind;
  /** Secret fields are never stored, logged or put in URLs by the page. */
  secret: boolean;
  required: boolean;
  /** The value used when none is given. */
  default: string | null;
  /** For a field that takes a file: the field its file name fills (`AuthKey_ABC123DEFG.p8` → `kid`). */
  fromFileName?: PresetFileNameRule;
  /** For a field that takes a JSON key file: field name → the file's members tried in order. */
  fromKeyFile?: { [field: string]: string[] };
}

/** A file named `prefix` + X + `suffix` fills field `fills` with X. */
export interface PresetFileNameRule {
  prefix: string;
  suffix: string;
  fills: string;
}

/** Everything a UI needs to render a preset's form. */
export interface PresetDescriptor {
  /** Stable id, e.g. `teradata-lake`. */
  id: string;
  name: string;
  /** One line saying what it is for. */
  description: string;
  /** The vendor documentation the preset follows. */
  docsUrl: string;
  brings: Brings;
  /** The algorithm it signs with; null when it signs nothing or the user picks one. */
  algorithm: Algorithm | null;
  /** The longest lifetime the vendor accepts, in seconds. */
  maxLifetime: number | null;
  /** How to get credentials, deprecations, remarks. */
  notes: string[];
  fields: PresetField[];
  /** `built-in` for `presets()`; for a document, the name it was checked under (`checkPreset`'s `source`). */
  source: 'built-in' | (string & {});
  /** Whether the token is first exchanged at a token endpoint (RFC 7523) before the request. */
  exchange: boolean;
  /** Whether the vendor wants a new token for every request (Coinbase); `TokenSource` then mints on every call. */
  tokenPerRequest: boolean;
  /** The hosts its requests go to (the exchange's too), literal or a template like `{host}`. */
  hosts: string[];
}

/** Every built-in preset: teradata-lake, visual-layer, dataos, github-app, snowflake, google-service-account, custom, ... */
export declare function presets(): PresetDescriptor[];

/**
 * Every built-in preset's id and name, in the order `presets()` lists them, without reading the
 * rest of the documents: what a picker lists before one preset is chosen (`describePreset`).
 *
 * @example
 * const options = presetSummaries().map(({ id, name }) => `${id}: ${name}`);
 */
export declare function presetSummaries(): { id: string; name: string }[];

/**
 * One built-in preset's descriptor, as `presets()` lists it. Reads only that preset's document,
 * so it is faster than `presets().find(...)` for a first call. Unknown ids throw INVALID_ARGUMENT.
 *
 * @example
 * const { fields } = describePreset('github-app');
 */
export declare function describePreset(id: string): PresetDescriptor;

/** A validation rule of a document field, checked in order; the first failure is reported with `message`. */
export type PresetRule = { message?: string; ignoreCase?: boolean } & (
  | { startsWith: string }
  | { endsWith: string }
  | { notEndsWith: string }
  | { contains: string }
  | { notContains: string }
  | { minLength: number }
  | { maxLength: number }
  | { chars: string }
  | { member: string; equals: string }
  | { absent: string }
);

/** A field of a preset document. */
export interface PresetDocumentField {
  name: string;
  label: string;
  help?: string;
  kind: FieldType | 'choice';
  /** Default false. A link (`#preset=`) carrying a document with a secret field's default is refused by the page. */
  secret?: boolean;
  /** Default true. */
  required?: boolean;
  default?: string;
  /** For kind `choice`. */
  options?: string[];
  validate?: PresetRule[];
  /** Only on a field that takes a file (kind pem, key, json): see `fieldsFromFile`. */
  fromFileName?: PresetFileNameRule;
  /** Field name → a member of the JSON key file (`a.b` nested), or several tried in order. */
  fromKeyFile?: { [field: string]: string | string[] };
}

/**
 * A preset document (format 1): one JSON file describing a service, the format of the built-in
 * presets (`presets/*.json`) and of anyone's own. Templates (`"{client_id}"`, `"{now - 60}"`,
 * `"{key.thumbprint}"`) fill header, claims, exchange and request; nothing in a document runs code.
 * The JSON Schema is `jwtmint/preset.schema.json`; `checkPreset` checks a document.
 */
export interface PresetDocument {
  $schema?: string;
  format: 1;
  /** `[a-z0-9-]+`, 1 to 64 characters. */
  id: string;
  name: string;
  description: string;
  /** An https URL. */
  docs: string;
  brings: Brings;
  notes?: string[];
  fields: PresetDocumentField[];
  /**
   * An algorithm, `"{alg}"` naming a choice field, or `"key"` (the first of `algorithms` the
   * private key signs); left out for presets that sign nothing.
   */
  algorithm?: Algorithm | 'key' | string;
  algorithms?: Algorithm[];
  key?: { field: string; text?: string; encoding?: SecretEncoding | string; passphrase?: string };
  lifetime?: { default?: string; max?: string };
  addTimes?: boolean;
  /** The vendor wants a new token for every request: `TokenSource` mints on every call. */
  tokenPerRequest?: boolean;
  header?: JsonObject;
  claims?: JsonObject;
  /** First POST the token to a token endpoint and read `read` (default `access_token`) from its JSON answer. */
  exchange?: {
    method?: string;
    url: string;
    headers?: { [name: string]: string };
    body?: { form: JsonObject } | { json: JsonValue } | { text: string };
    read?: string;
  };
  request?: JsonObject;
}

/**
 * Checks a preset document and returns its descriptor (its `source` is the `source` given), as
 * `presets()` describes the built-in ones. Every problem is a `PRESET_INVALID` error that says
 * where, prefixed with `source` (default `preset document`): `team.json: claims.exp: unknown name 'lifetme'`.
 *
 * @example
 * const document = readFileSync('team-api.json', 'utf8');
 * const descriptor = checkPreset(document, { source: 'team-api.json' });
 * descriptor.fields.map((field) => field.name); // ['secret', 'user']
 * mint(document, { secret, user: 'me' });
 */
export declare function checkPreset(document: PresetDocument | string, options?: { source?: string }): PresetDescriptor;

/**
 * What a file loaded into `field` fills in the other fields, by the field's `fromFileName` and
 * `fromKeyFile` rules; `{}` when the file matches none. `name` may be a path. The page calls it
 * when a file is dropped on a field, the CLI for `--key FILE` (a `--field` given wins).
 *
 * @example
 * fieldsFromFile(appleDocument, 'private_key', { name: 'AuthKey_ABC123DEFG.p8', text }); // { kid: 'ABC123DEFG' }
 * fieldsFromFile('coinbase-cdp', 'private_key', { name: 'cdp_api_key.json', text: keyFile }); // { key_id: '…' }
 */
export declare function fieldsFromFile(
  preset: string | PresetDocument,
  field: string,
  file: { name: string; text: string },
): { [field: string]: string };

/** Field values keyed by the descriptor's field names. */
/**
 * Field values by name. One private-key field (`private_key`, or `key` of `custom`) may hold a
 * `Key` imported once instead of its text, so that minting again does not import it again.
 */
export type PresetFields = { [field: string]: string | boolean | number | Key | null | undefined };

export interface MintOptions {
  /** The current time in seconds since 1970 (default: the clock). */
  now?: number;
  /** Overrides the preset's lifetime (still held to the vendor's maximum). */
  lifetime?: Lifetime;
}

/** An HTTP request; `body` is the exact string to send. */
export interface HttpRequest {
  method: string;
  url: string;
  headers: { [name: string]: string };
  body: string | null;
  /**
   * Present and true when the service takes HTTP/2 only (APNs): curl is told to use it, and the
   * Python, HTTPie and fetch renderings, whose clients speak HTTP/1.1 only, throw INVALID_ARGUMENT.
   */
  http2?: boolean;
}

/**
 * The token exchange sent before the request (RFC 7523 JWT bearer, client assertions): the
 * signed token is in its body; `read` names the member of the JSON answer the request uses.
 */
export interface HttpExchange extends HttpRequest {
  read: string;
}

/** What `mint` returns. `token` and the claims are null for presets that send an API key as it is. */
export interface Minted {
  token: string | null;
  header: JsonObject | null;
  payload: JsonObject | null;
  issuedAt: number | null;
  expiresAt: number | null;
  warnings: Warning[];
  /**
   * The ready request; null for `custom` without a URL. After an exchange its headers (or URL)
   * hold the placeholder `{access_token}` (the exchange's `read` name in braces) where the
   * exchanged value goes; the renderers, given the minted result, fill it in the script.
   */
  request: HttpRequest | null;
  /** The token exchange to perform first, for presets that have one. */
  exchange: HttpExchange | null;
}

/**
 * Fills a preset from field values and mints. The preset is a built-in id, or a preset document
 * (an object, or its JSON text) checked as `checkPreset` checks it (`PRESET_INVALID`). Missing or
 * invalid fields fail together with one `FIELDS_INVALID` error whose `fields` names each bad field and why.
 *
 * @example
 * const { token, request } = mint('visual-layer', { api_key, api_secret, dataset_id: 'ds1' });
 * // A key imported once, for many mints:
 * const key = importKey(pem, { passphrase });
 * mint('github-app', { private_key: key, client_id: 'Iv23liAbc' });
 * // Your own preset:
 * mint(readFileSync('team-api.json', 'utf8'), { secret, user: 'me' });
 */
export declare function mint(preset: string | PresetDocument, fields: PresetFields, options?: MintOptions): Minted;

/** A request for the renderers: headers may also be `[name, value]` pairs. */
export type RequestInput = {
  method?: string;
  url: string;
  headers?: { [name: string]: string } | [string, string][];
  body?: string | null;
};

/**
 * What the renderers take: a request, or a minted result. A minted result with an `exchange`
 * renders the whole flow as one piece: post the token to the token endpoint, read the access
 * token from its JSON answer, then send the request with it. A minted result without a request
 * is refused (`INVALID_ARGUMENT`).
 */
export type RenderInput = RequestInput | Pick<Minted, 'request' | 'exchange'>;

/**
 * A curl command; every value quoted for the shell (`posix`: bash/zsh, `powershell`: 7.3+). For
 * an exchange, a script: bash reads the JSON member with `jq` (or says it is missing), PowerShell
 * with `Invoke-RestMethod`.
 *
 * @example
 * toCurl(mint('github-app', fields).request);
 * toCurl(mint(document, fields)); // an exchange and the request, as one script
 */
export declare function toCurl(request: RenderInput, options?: { shell?: 'posix' | 'powershell' }): string;
/** JavaScript (ES module) that sends the request (after the exchange, if any) with `fetch` and prints the answer. */
export declare function toFetch(request: RenderInput): string;
/** Python 3 that sends the request (after the exchange, if any) with `requests` and prints the answer. */
export declare function toPython(request: RenderInput): string;
/** HTTPie 3 for a POSIX shell (for an exchange, a script of two commands). */
export declare function toHttpie(request: RenderInput): string;

export interface TokenSourceOptions {
  /** Re-mint when the cached token has less than this left (default `60s`; at most half the lifetime). */
  refreshBefore?: Lifetime;
  /** Overrides the preset's lifetime. */
  lifetime?: Lifetime;
  /** The clock in seconds since 1970 (default: `Date.now()`), for tests. */
  clock?: () => number;
  /**
   * Perform the preset's token exchange: `token()` and `authorization()` then return promises of
   * the access token, which is cached by the answer's `expires_in` (less `refreshBefore`, at most
   * half of it) and exchanged again with a fresh assertion when due. Without `expires_in` it is
   * exchanged again when the assertion would be re-minted. Failures are `EXCHANGE_FAILED` with
   * the HTTP `status`; their messages never hold the assertion or a secret field.
   */
  exchange?: boolean;
  /** The `fetch` to exchange with (default: the global one, Node 18+ and browsers). Only with `exchange: true`. */
  fetch?: (
    url: string,
    init: { method: string; headers: { [name: string]: string }; body?: string; redirect: 'manual' },
  ) => Promise<{
    ok: boolean;
    status: number;
    text(): Promise<string>;
  }>;
}

/**
 * A cached, self-refreshing token from a preset (an id or a document), for services and
 * dashboards that call an API all day. It keeps the fields (secrets included) in memory until
 * `dispose()`.
 *
 * @example
 * const source = new TokenSource('teradata-lake', fields, { refreshBefore: '5m' });
 * await fetch(url, { headers: { Authorization: source.authorization() } });
 */
export interface TokenSource {
  /** A token with at least `refreshBefore` left to live; a new one on every call for a `tokenPerRequest` preset. */
  token(): string;
  /** `"Bearer <token>"`. */
  authorization(): string;
  /** The latest full mint result (refreshed like `token()`). */
  minted(): Minted;
  /** Forgets the fields; later calls throw. */
  dispose(): void;
  [Symbol.dispose](): void;
}

/**
 * A `TokenSource` made with `exchange: true`: it performs the preset's token exchange itself.
 *
 * @example
 * const google = new TokenSource('google-oauth', { key_file, scope }, { exchange: true });
 * await fetch(url, { headers: { Authorization: await google.authorization() } });
 */
export interface ExchangingTokenSource extends Omit<TokenSource, 'token' | 'authorization'> {
  /** The access token, exchanged (with a fresh assertion) when less than `refreshBefore` is left. */
  token(): Promise<string>;
  /** `"Bearer <access token>"`. */
  authorization(): Promise<string>;
  /** The latest mint result: the assertion and the exchange and request it goes in. */
  minted(): Minted;
}

export declare const TokenSource: {
  new (
    preset: string | PresetDocument,
    fields: PresetFields,
    options: TokenSourceOptions & { exchange: true },
  ): ExchangingTokenSource;
  new (
    preset: string | PresetDocument,
    fields: PresetFields,
    options?: TokenSourceOptions & { exchange?: false },
  ): TokenSource;
  new (
    preset: string | PresetDocument,
    fields: PresetFields,
    options?: TokenSourceOptions,
  ): TokenSource | ExchangingTokenSource;
  readonly prototype: TokenSource;
};

/**
 * Loads the wasm module: required once in browsers before the first call (idempotent), a no-op
 * in Node. By default it fetches `wasm/web/jwtmint_simd_bg.wasm` from beside the package entry,
 * or `wasm/web/jwtmint_bg.wasm` where the engine lacks wasm SIMD. `source` overrides where the
 * `.wasm` comes from; either file works everywhere the engine supports it.
 *
 * @example
 * import init, { sign } from 'jwtmint';
 * await init();
 */
export declare function init(source?: string | URL | Response | BufferSource | WebAssembly.Module): Promise<void>;
export default init;
