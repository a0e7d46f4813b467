#!/usr/bin/env node
// The jwtmint command: parses arguments, calls the public API, maps error codes to exit codes
// (0 ok, 1 verification failed, 2 bad usage or bad input). Errors go to stderr as "CODE: message".
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  importKey,
  signDetailed,
  decode,
  verify,
  presets,
  describePreset,
  checkPreset,
  mint,
  fieldsFromFile,
  toCurl,
  toFetch,
  toPython,
  toHttpie,
  JwtMintError,
} from './node.mjs';

const VERIFICATION_FAILURES = new Set([
  'SIGNATURE_INVALID',
  'TOKEN_EXPIRED',
  'TOKEN_NOT_YET_VALID',
  'TOKEN_TOO_OLD',
  'CLAIM_MISSING',
  'CLAIM_MISMATCH',
  'ALG_NOT_ALLOWED',
  'TOKEN_DUPLICATE_MEMBER',
]);

const KEY_OPTIONS = {
  key: { type: 'string' },
  'secret-file': { type: 'string' },
  'secret-env': { type: 'string' },
  secret: { type: 'string' },
  encoding: { type: 'string' },
  'passphrase-file': { type: 'string' },
  'passphrase-env': { type: 'string' },
};
const KEY_HELP = `Key (one of):
  --key FILE           PEM, DER or JWK key file (RSA, EC P-256/384/521, Ed25519); - reads stdin
  --secret-file FILE   HMAC secret from a file (one trailing newline is dropped); - reads stdin
  --secret-env NAME    HMAC secret from an environment variable
  --secret VALUE       HMAC secret on the command line (works, but lands in shell history)
  --encoding ENC       how the secret is written: utf8 (default), base64, base64url, hex
  --passphrase-file F / --passphrase-env NAME   passphrase of an encrypted PKCS#8 key`;

const ALGORITHM_NAMES = 'HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA';

const COMMANDS = {
  sign: {
    usage: 'jwtmint sign [--alg ALG] (--key FILE | --secret-file FILE | --secret-env NAME) [options]',
    help: `Signs claims and prints the token.

  --alg ALG            ${ALGORITHM_NAMES}
                       required unless the key has one algorithm: an EC key signs the ES* of
                       its curve (P-256 ES256, P-384 ES384, P-521 ES512), Ed25519 EdDSA
  --claims FILE|JSON   claims object: a file, - for stdin, or inline JSON text (default {})
  --exp SPAN           lifetime: seconds or a span like 90s, 10m, 1h, 1h30m, 2d
  --nbf SPAN           not valid until this long after iat
  --iat SECONDS        issued-at time (default now); --no-iat leaves it out
  --kid ID  --typ TYP  header members (typ defaults to JWT)
  --header FILE|JSON   extra header members
  --iss --sub --aud    registered claims (--aud may repeat)
  --jti ID             a jti value; --random-jti for a random UUID
  --now SECONDS        the current time (for reproducible tokens)
  --strict             fail instead of warning (e.g. a short HMAC secret)
  --json               print {token, header, payload, issuedAt, expiresAt, warnings}
${KEY_HELP}`,
    options: {
      ...KEY_OPTIONS,
      alg: { type: 'string' },
      claims: { type: 'string' },
      exp: { type: 'string' },
      nbf: { type: 'string' },
      iat: { type: 'string' },
      'no-iat': { type: 'boolean' },
      kid: { type: 'string' },
      typ: { type: 'string' },
      header: { type: 'string' },
      iss: { type: 'string' },
      sub: { type: 'string' },
      aud: { type: 'string', multiple: true },
      jti: { type: 'string' },
      'random-jti': { type: 'boolean' },
      now: { type: 'string' },
      strict: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    run: runSign,
  },
  decode: {
    usage: 'jwtmint decode TOKEN|-',
    help: 'Prints the header and payload of a token WITHOUT verifying it.\n\n  --json   print {header, payload, signature, duplicates}',
    options: { json: { type: 'boolean' } },
    run: runDecode,
  },
  verify: {
    usage: 'jwtmint verify TOKEN|- (--key FILE | --secret-file FILE | --secret-env NAME) [options]',
    help: `Verifies a token's signature and claims; exit code 1 if it does not verify.

  --alg ALG            allowed algorithm (may repeat; default: what the key supports)
                       ${ALGORITHM_NAMES}
  --iss ISS  --aud AUD  --sub SUB  --typ TYP   expected values (--iss and --aud may repeat)
  --leeway SPAN        clock tolerance for exp/nbf (default 0)
  --max-age SPAN       maximum age from iat
  --require CLAIM      a claim that must be present (may repeat)
  --now SECONDS        the current time
  --json               print {header, payload}
${KEY_HELP}`,
    options: {
      ...KEY_OPTIONS,
      alg: { type: 'string', multiple: true },
      iss: { type: 'string', multiple: true },
      aud: { type: 'string', multiple: true },
      sub: { type: 'string' },
      typ: { type: 'string' },
      leeway: { type: 'string' },
      'max-age': { type: 'string' },
      require: { type: 'string', multiple: true },
      now: { type: 'string' },
      json: { type: 'boolean' },
    },
    run: runVerify,
  },
  presets: {
    usage: 'jwtmint presets [ID] [--json] | jwtmint presets --check FILE ...',
    help: `Lists the built-in service presets, or one preset's fields in detail.

  --json         print the descriptors as JSON (what the page renders its form from)
  --check FILE   check a preset document (may repeat): prints "FILE: ok (id, N fields)", or
                 the problem with where it is, and exits 2 if a document has one`,
    options: { json: { type: 'boolean' }, check: { type: 'string', multiple: true } },
    run: runPresets,
  },
  mint: {
    usage:
      'jwtmint mint (PRESET | --preset-file FILE) --field NAME=VALUE ... [--key FILE] [--curl | --powershell | --fetch | --python | --httpie | --json]',
    help: `Fills a preset (see "jwtmint presets PRESET" for its fields) and prints the token.

  --preset-file FILE   your own preset: a preset document (JSON), checked first
                       (see "jwtmint presets --check FILE") instead of a built-in PRESET
  --field NAME=VALUE   a field value (may repeat). VALUE may be @FILE (the file's contents),
                       env:NAME (an environment variable) or - (stdin); prefer these for secrets
  --key FILE           the preset's key field (private key PEM, or the JSON key file) from a file;
                       where the preset says so, the file's name or contents fill other fields
                       (AuthKey_ABC123DEFG.p8 gives kid, a Coinbase key file its key name), as
                       --field NAME=@FILE does for its field; a --field given wins
  --lifetime SPAN      override the preset's lifetime (held to the vendor's maximum)
  --now SECONDS        the current time (for reproducible tokens)
  --curl               print the request as a curl command for bash/zsh
  --powershell         print it as a curl.exe command for PowerShell 7.3+
  --fetch | --python | --httpie   print it as JavaScript fetch, Python requests or HTTPie
  --json               print {token, header, payload, issuedAt, expiresAt, warnings, request, exchange}
Without an output flag: the token; the curl command for presets that sign nothing; for presets
that exchange the token first, the whole flow (the exchange, then the request with its answer).`,
    options: {
      'preset-file': { type: 'string' },
      field: { type: 'string', multiple: true },
      key: { type: 'string' },
      lifetime: { type: 'string' },
      now: { type: 'string' },
      curl: { type: 'boolean' },
      powershell: { type: 'boolean' },
      fetch: { type: 'boolean' },
      python: { type: 'boolean' },
      httpie: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    run: runMint,
  },
  pubkey: {
    usage: 'jwtmint pubkey --key FILE [--format pem|jwk|jwks|thumbprint] [--kid ID] [--alg ALG]',
    help: `Prints the public half of a key, to register it with a service.

  --format F   pem (default), jwk, jwks or thumbprint (RFC 7638)
  --kid ID     kid for jwk/jwks (jwks defaults to the thumbprint)
  --alg ALG    alg for jwk/jwks: ${ALGORITHM_NAMES}
  --json       print {pem, jwk, jwks, thumbprint}
${KEY_HELP}`,
    options: {
      ...KEY_OPTIONS,
      format: { type: 'string' },
      kid: { type: 'string' },
      alg: { type: 'string' },
      json: { type: 'boolean' },
    },
    run: runPubkey,
  },
};

class UsageError extends Error {}

function mainHelp() {
  return `jwtmint: mint API tokens locally

Usage:
${Object.values(COMMANDS)
  .map((command) => `  ${command.usage}`)
  .join('\n')}

Run "jwtmint COMMAND --help" for a command's options.
Exit codes: 0 ok, 1 verification failed, 2 bad usage or bad input.`;
}

let stdinText;
function readStdin() {
  try {
    stdinText ??= readFileSync(0, 'utf8');
  } catch (error) {
    // `< /`, a closed descriptor: bad input, not a failed verification.
    throw new UsageError(`cannot read standard input (${error.code ?? error.message})`);
  }
  return stdinText;
}

function readSource(path, what) {
  if (path === '-') return readStdin();
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} file ${JSON.stringify(path)}: ${error.code ?? error.message}`);
  }
}

const dropFinalNewline = (text) => text.replace(/\r?\n$/, '');

function passphrase(values) {
  if (values['passphrase-env'] !== undefined) return envValue(values['passphrase-env'], 'passphrase');
  if (values['passphrase-file'] !== undefined)
    return dropFinalNewline(readSource(values['passphrase-file'], 'passphrase'));
  return undefined;
}

function envValue(name, what) {
  const value = process.env[name];
  if (value === undefined) throw new UsageError(`environment variable ${name} (the ${what}) is not set`);
  return value;
}

function loadKey(values) {
  const given = ['key', 'secret-file', 'secret-env', 'secret'].filter((name) => values[name] !== undefined);
  if (given.length !== 1) {
    throw new UsageError(
      given.length
        ? `give one key, not ${given.map((name) => `--${name}`).join(' and ')}`
        : 'a key is required: --key FILE, --secret-file FILE or --secret-env NAME',
    );
  }
  if (values.key !== undefined) {
    if (values.encoding !== undefined) throw new UsageError('--encoding goes with the --secret-* options, not --key');
    const bytes = values.key === '-' ? Buffer.from(readStdin()) : readBytes(values.key);
    const text = bytes.toString('utf8');
    const input = text.includes('-----BEGIN') || text.trimStart().startsWith('{') ? text : new Uint8Array(bytes);
    return importKey(input, { passphrase: passphrase(values) });
  }
  let secret;
  if (values.secret !== undefined) {
    process.stderr.write(
      'jwtmint: warning: a secret given with --secret lands in your shell history; prefer --secret-env or --secret-file\n',
    );
    secret = values.secret;
  } else if (values['secret-env'] !== undefined) {
    secret = envValue(values['secret-env'], 'secret');
  } else {
    secret = dropFinalNewline(readSource(values['secret-file'], 'secret'));
  }
  return importKey(secret, { encoding: values.encoding ?? 'utf8' });
}

function readBytes(path) {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read key file ${JSON.stringify(path)}: ${error.code ?? error.message}`);
  }
}

function jsonArgument(value, what) {
  if (value === undefined) return undefined;
  const text = value.trimStart().startsWith('{') ? value : readSource(value, what);
  return text;
}

function seconds(value, name) {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} takes whole seconds since 1970, e.g. 1700000000`);
  return Number(value);
}

function span(value) {
  if (value === undefined) return undefined;
  return /^\d+$/.test(value) ? Number(value) : value;
}

function tokenArgument(positionals) {
  if (positionals.length !== 1) throw new UsageError('give exactly one token (or - to read it from stdin)');
  return positionals[0] === '-' ? readStdin().trim() : positionals[0];
}

// What a token or a key file says reaches the terminal only escaped: JSON.stringify escapes C0
// controls (ESC among them) but not DEL, the C1 controls (U+009B is a CSI of its own in some
// terminals), line and paragraph separators, or the bidirectional overrides that reorder what a
// line shows. Each becomes a \uXXXX escape, which is valid in JSON output too.
const UNSAFE_FOR_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
function terminalSafe(text) {
  return text.replace(
    UNSAFE_FOR_TERMINAL,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

// JSON is printed escaped (the same JSON). Plain text (a token, a command) goes out as it is
// when piped; on a terminal, text with such characters is shown escaped, with a warning, so a
// command cannot show the user something other than what it does.
function print(value, asJson) {
  if (asJson || typeof value !== 'string')
    return process.stdout.write(`${terminalSafe(JSON.stringify(value, null, 2))}\n`);
  const safe = terminalSafe(value);
  if (safe !== value && process.stdout.isTTY) {
    warn(
      'the output holds control or bidirectional characters, shown here as \\uXXXX; redirect it to a file to get it as it is',
    );
    return process.stdout.write(`${safe}\n`);
  }
  process.stdout.write(`${value}\n`);
}

function warn(message) {
  process.stderr.write(`jwtmint: warning: ${terminalSafe(message)}\n`);
}

function runSign(values, positionals) {
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const key = loadKey(values);
  try {
    // A key with one algorithm (EC, Ed25519, a JWK naming its alg) implies it: the core picks it
    // when alg is left out, and checks an --alg that is given against the key.
    if (values.alg === undefined && key.algorithms.length !== 1) {
      throw new UsageError(
        key.algorithms.length
          ? `--alg is required: this key signs ${key.algorithms.join(', ')}`
          : '--alg is required, e.g. --alg RS256',
      );
    }
    const claims = jsonArgument(values.claims, 'claims') ?? '{}';
    const header = jsonArgument(values.header, 'header');
    const options = {
      alg: values.alg,
      kid: values.kid,
      typ: values.typ,
      expiresIn: span(values.exp),
      notBefore: span(values.nbf),
      issuedAt: values['no-iat'] ? false : seconds(values.iat, 'iat'),
      iss: values.iss,
      sub: values.sub,
      aud: values.aud?.length === 1 ? values.aud[0] : values.aud,
      jti: values.jti ?? (values['random-jti'] ? true : undefined),
      now: seconds(values.now, 'now'),
      strict: values.strict ?? false,
      header: header === undefined ? undefined : JSON.parse(header),
    };
    const signed = signDetailed(claims, key, options);
    for (const warning of signed.warnings) warn(warning.message);
    print(values.json ? signed : signed.token, values.json);
  } finally {
    key.free();
  }
}

function runDecode(values, positionals) {
  const decoded = decode(tokenArgument(positionals));
  if (values.json) return print(decoded, true);
  process.stderr.write('jwtmint: UNVERIFIED: the signature was not checked\n');
  if (decoded.duplicates.length)
    warn(`duplicate members ${decoded.duplicates.map((name) => JSON.stringify(name)).join(', ')}`);
  print({ header: decoded.header, payload: decoded.payload }, true);
}

function runVerify(values, positionals) {
  const token = tokenArgument(positionals);
  const options = {
    algorithms: values.alg,
    issuer: values.iss,
    audience: values.aud,
    subject: values.sub,
    typ: values.typ,
    clockTolerance: span(values.leeway),
    maxTokenAge: span(values['max-age']),
    requiredClaims: values.require,
    now: seconds(values.now, 'now'),
  };
  const key = loadKey(values);
  try {
    // The options first, on an empty token: the core reads them before the token, so a bad
    // --alg, --leeway or --max-age is refused here as bad input (exit 2) ...
    try {
      verify('', key, options);
    } catch (error) {
      if (error.code !== 'TOKEN_MALFORMED') throw error;
    }
    // ... and whatever verify() refuses now is the token (alg none, crit, a bad signature, an
    // expiry, a time that is no NumericDate, a malformed or confused token): exit 1.
    let verified;
    try {
      verified = verify(token, key, options);
    } catch (error) {
      if (error instanceof JwtMintError) error.verificationFailed = true;
      throw error;
    }
    if (values.json) return print(verified, true);
    process.stderr.write('jwtmint: verified\n');
    print(verified.payload, true);
  } finally {
    key.free();
  }
}

function runPubkey(values, positionals) {
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const key = loadKey(values);
  try {
    const jwkOptions = { kid: values.kid, alg: values.alg };
    const forms = {
      pem: () => key.publicPem().trimEnd(),
      jwk: () => key.publicJwk(jwkOptions),
      jwks: () => key.jwks(jwkOptions),
      thumbprint: () => key.thumbprint(),
    };
    if (values.json) {
      return print(Object.fromEntries(Object.entries(forms).map(([name, make]) => [name, make()])), true);
    }
    const format = values.format ?? 'pem';
    if (!forms[format])
      throw new UsageError(`--format must be pem, jwk, jwks or thumbprint, not ${JSON.stringify(format)}`);
    print(forms[format](), false);
  } finally {
    key.free();
  }
}

// Each document is checked on its own: one that fails does not hide what the others say.
function checkDocuments(files, asJson) {
  let code = 0;
  const checked = [];
  for (const file of files) {
    try {
      const descriptor = checkPreset(readSource(file, 'preset'), { source: file === '-' ? 'stdin' : file });
      if (asJson) checked.push(descriptor);
      else print(`${file}: ok (${descriptor.id}, ${descriptor.fields.length} fields)`, false);
    } catch (error) {
      code = Math.max(code, report(error, 'presets'));
    }
  }
  if (asJson) print(files.length === 1 ? (checked[0] ?? null) : checked, true);
  return code;
}

function runPresets(values, positionals) {
  if (values.check !== undefined) {
    if (positionals.length) throw new UsageError('give a preset id or --check FILE, not both');
    return checkDocuments(values.check, values.json);
  }
  if (positionals.length > 1) throw new UsageError('give at most one preset id');
  const all = positionals.length ? null : presets();
  const chosen = positionals.length ? [describePreset(positionals[0])] : all;
  if (values.json) return print(positionals.length ? chosen[0] : chosen, true);
  if (!positionals.length) {
    const width = Math.max(...all.map((preset) => preset.id.length));
    for (const preset of all) process.stdout.write(`${preset.id.padEnd(width)}  ${preset.description}\n`);
    process.stdout.write('\nRun "jwtmint presets ID" for a preset\'s fields.\n');
    return;
  }
  const [preset] = chosen;
  const lines = [`${preset.name} (${preset.id})`, preset.description, `Docs: ${preset.docsUrl}`, ''];
  for (const note of preset.notes) lines.push(`* ${note}`);
  lines.push('', 'Fields:');
  for (const field of preset.fields) {
    const traits = [
      field.required && field.default === null ? 'required' : 'optional',
      field.secret ? 'secret' : null,
      field.default !== null ? `default ${JSON.stringify(field.default)}` : null,
      field.kind.type === 'choice' ? `one of ${field.kind.options.join(', ')}` : null,
    ].filter(Boolean);
    lines.push(`  ${field.name}  ${field.label} (${traits.join('; ')})`, `      ${field.help}`);
  }
  print(lines.join('\n'), false);
}

const KEY_KINDS = new Set(['pem', 'json', 'key']);

function fieldValue(raw, field, name) {
  if (raw === '-') return readStdin();
  if (raw.startsWith('@')) return readSource(raw.slice(1), `field ${name}`);
  if (raw.startsWith('env:')) return envValue(raw.slice(4), `field ${name}`);
  if (field?.secret) {
    process.stderr.write(
      `jwtmint: warning: the secret field ${name} given on the command line lands in your shell history; prefer ${name}=env:NAME or ${name}=@FILE\n`,
    );
  }
  return raw;
}

// A built-in preset by id, or a document from --preset-file, checked with its file name so that
// a problem in it says where: `team.json: claims.exp: unknown name 'lifetme'`.
function chosenPreset(values, positionals) {
  const file = values['preset-file'];
  if (file !== undefined) {
    if (positionals.length) throw new UsageError('give a preset id or --preset-file FILE, not both');
    const document = readSource(file, 'preset');
    return { spec: document, preset: checkPreset(document, { source: file === '-' ? 'stdin' : file }) };
  }
  if (positionals.length !== 1) {
    throw new UsageError('give exactly one preset id (see "jwtmint presets") or --preset-file FILE');
  }
  // One document read, not all of them: the first token comes sooner.
  const preset = describePreset(positionals[0]);
  return { spec: preset.id, preset };
}

// The value of a field read from a file (`--key FILE`, `--field NAME=@FILE`), with the file's path.
const fileOf = (raw) => (raw === '-' ? '' : raw.startsWith('@') ? raw.slice(1) : null);

function runMint(values, positionals) {
  const { spec, preset } = chosenPreset(values, positionals);
  const fields = {};
  // Field name → the path of the file its value came from.
  const files = new Map();
  for (const item of values.field ?? []) {
    const at = item.indexOf('=');
    if (at <= 0) throw new UsageError(`--field takes NAME=VALUE, not ${JSON.stringify(item)}`);
    const name = item.slice(0, at);
    if (name in fields) throw new UsageError(`field ${name} is given twice`);
    const raw = item.slice(at + 1);
    fields[name] = fieldValue(
      raw,
      preset.fields.find((field) => field.name === name),
      name,
    );
    if (fileOf(raw) !== null) files.set(name, fileOf(raw));
  }
  if (values.key !== undefined) {
    const keyField = preset.fields.find((field) => KEY_KINDS.has(field.kind.type));
    if (!keyField) throw new UsageError(`preset ${preset.id} takes no key file; use --field`);
    if (keyField.name in fields) throw new UsageError(`give the key once: --key or --field ${keyField.name}`);
    fields[keyField.name] = readSource(values.key, 'key');
    files.set(keyField.name, values.key === '-' ? '' : values.key);
  }
  // What a file's name or contents give other fields (AuthKey_ABC123DEFG.p8 → kid), where the
  // preset says so; a field given on the command line keeps its value.
  for (const [name, path] of files) {
    const field = preset.fields.find((candidate) => candidate.name === name);
    if (!field?.fromFileName && !field?.fromKeyFile) continue;
    const filled = fieldsFromFile(spec, name, { name: path, text: fields[name] });
    for (const [target, value] of Object.entries(filled)) {
      if (!(target in fields)) fields[target] = value;
    }
  }
  const formats = ['curl', 'powershell', 'fetch', 'python', 'httpie', 'json'].filter((name) => values[name]);
  if (formats.length > 1) throw new UsageError(`choose one output: ${formats.map((name) => `--${name}`).join(' or ')}`);
  const minted = mint(spec, fields, { now: seconds(values.now, 'now'), lifetime: span(values.lifetime) });
  for (const warning of minted.warnings) warn(warning.message);
  // An exchanged token is of no use alone: by default the flow that exchanges it is printed.
  const format = formats[0] ?? (minted.token === null || minted.exchange ? 'curl' : 'token');
  if (format === 'json') return print(minted, true);
  if (format === 'token') return print(minted.token, false);
  if (minted.request === null) throw new UsageError('this preset has no request (give the url field)');
  // The minted result, not only its request: with an exchange, the flow is rendered.
  const render = {
    curl: () => toCurl(minted),
    powershell: () => toCurl(minted, { shell: 'powershell' }),
    fetch: () => toFetch(minted),
    python: () => toPython(minted),
    httpie: () => toHttpie(minted),
  }[format];
  print(render().replace(/\n$/, ''), false);
}

function main(argv) {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${mainHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    process.stdout.write(`${JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`jwtmint: unknown command ${JSON.stringify(name)}\n\n${mainHelp()}\n`);
    return 2;
  }
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`Usage: ${command.usage}\n\n${command.help}\n`);
      return 0;
    }
    const { values, positionals } = parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: true,
      strict: true,
    });
    // A command returns its exit code when it has one of its own (presets --check).
    const code = command.run(values, positionals);
    return typeof code === 'number' ? code : 0;
  } catch (error) {
    return report(error, name);
  }
}

/** Prints an error as `jwtmint: CODE: message` and returns its exit code; anything else is a bug. */
function report(error, name) {
  if (error instanceof JwtMintError) {
    const hint =
      error.code === 'PASSPHRASE_REQUIRED' && name !== 'mint'
        ? ' (pass --passphrase-env NAME or --passphrase-file FILE)'
        : '';
    process.stderr.write(`jwtmint: ${error.code}: ${terminalSafe(error.message)}${hint}\n`);
    return VERIFICATION_FAILURES.has(error.code) || error.verificationFailed ? 1 : 2;
  }
  if (error instanceof UsageError || error?.code?.startsWith?.('ERR_PARSE_ARGS') || error instanceof SyntaxError) {
    const { usage } = COMMANDS[name];
    process.stderr.write(`jwtmint: USAGE: ${terminalSafe(error.message)}\nUsage: ${usage} (see --help)\n`);
    return 2;
  }
  throw error;
}

process.exitCode = main(process.argv.slice(2));
