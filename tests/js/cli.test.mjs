// The jwtmint CLI as a subprocess: each command, each exit code, secrets from file, env and stdin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';
import { SECRET, keyPath, readKey, root } from './helpers.mjs';

const cli = `${root}pkg/cli.mjs`;
const dir = mkdtempSync(join(tmpdir(), 'jwtmint-cli-'));

function run(args, { input, env } = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    input,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function hmacOk(token, secret) {
  const [header, payload, signature] = token.split('.');
  return crypto.createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url') === signature;
}

test('sign with a PEM file and claims file; the token verifies with node:crypto', () => {
  const claims = join(dir, 'claims.json');
  writeFileSync(claims, '{"sub":"me","org_id":"acme"}');
  const signed = run([
    'sign',
    '--alg',
    'RS256',
    '--key',
    keyPath('rsa2048.pem'),
    '--claims',
    claims,
    '--exp',
    '1h',
    '--kid',
    'primary',
    '--now',
    '1700000000',
  ]);
  assert.equal(signed.code, 0, signed.stderr);
  const token = signed.stdout.trim();
  const [header, payload, signature] = token.split('.');
  assert.ok(
    crypto.verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      readKey('rsa2048.pub.pem'),
      Buffer.from(signature, 'base64url'),
    ),
  );
  assert.deepEqual(JSON.parse(Buffer.from(payload, 'base64url')), {
    sub: 'me',
    org_id: 'acme',
    iat: 1700000000,
    exp: 1700003600,
  });
  assert.deepEqual(JSON.parse(Buffer.from(header, 'base64url')), { alg: 'RS256', typ: 'JWT', kid: 'primary' });
  const json = JSON.parse(run(['sign', '--alg', 'PS256', '--key', keyPath('rsa2048.pem'), '--json']).stdout);
  assert.equal(json.header.alg, 'PS256');
});

test('secrets from a file, an environment variable and stdin give the same token', () => {
  const secretFile = join(dir, 'secret.txt');
  writeFileSync(secretFile, `${SECRET}\n`);
  const common = ['sign', '--alg', 'HS256', '--now', '1700000000', '--claims', '{"a":1}'];
  const fromFile = run([...common, '--secret-file', secretFile]);
  const fromEnv = run([...common, '--secret-env', 'JWTMINT_TEST_SECRET'], { env: { JWTMINT_TEST_SECRET: SECRET } });
  const fromStdin = run([...common, '--secret-file', '-'], { input: `${SECRET}\n` });
  for (const result of [fromFile, fromEnv, fromStdin]) {
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '', 'no warning for a file, env or stdin secret');
  }
  assert.equal(fromFile.stdout, fromEnv.stdout);
  assert.equal(fromFile.stdout, fromStdin.stdout);
  assert.ok(hmacOk(fromFile.stdout.trim(), SECRET));
  const inline = run([...common, '--secret', SECRET]);
  assert.equal(inline.stdout, fromFile.stdout);
  assert.match(inline.stderr, /shell history/);
  const keyFromStdin = run(['sign', '--alg', 'RS256', '--key', '-', '--now', '1'], { input: readKey('rsa2048.pem') });
  assert.equal(keyFromStdin.code, 0, keyFromStdin.stderr);
  const hex = run(['sign', '--alg', 'HS256', '--secret-env', 'S', '--encoding', 'hex', '--now', '1'], {
    env: { S: Buffer.from(SECRET).toString('hex') },
  });
  assert.equal(
    hex.stdout,
    run(['sign', '--alg', 'HS256', '--secret-env', 'S', '--now', '1'], { env: { S: SECRET } }).stdout,
  );
});

test('verify: exit 0 when valid, 1 when verification fails, 2 for bad input', () => {
  const token = run([
    'sign',
    '--alg',
    'RS256',
    '--key',
    keyPath('rsa2048.pem'),
    '--iss',
    'sdk',
    '--exp',
    '10m',
    '--now',
    '1700000000',
  ]).stdout.trim();
  const ok = run(['verify', token, '--key', keyPath('rsa2048.pub.pem'), '--iss', 'sdk', '--now', '1700000100']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).iss, 'sdk');
  const fromStdin = run(['verify', '-', '--key', keyPath('rsa2048.cert.pem'), '--now', '1700000100', '--json'], {
    input: `${token}\n`,
  });
  assert.equal(JSON.parse(fromStdin.stdout).header.alg, 'RS256');
  for (const [args, code, words] of [
    [['--now', '1700000600'], 1, 'TOKEN_EXPIRED'],
    [['--now', '1700000100', '--iss', 'other'], 1, 'CLAIM_MISMATCH'],
    [['--now', '1700000100', '--alg', 'PS256'], 1, 'ALG_NOT_ALLOWED'],
    [['--now', '1700000100', '--require', 'jti'], 1, 'CLAIM_MISSING'],
  ]) {
    const result = run(['verify', token, '--key', keyPath('rsa2048.pub.pem'), ...args]);
    assert.equal(result.code, code, result.stderr);
    assert.match(result.stderr, new RegExp(words));
  }
  const tampered = run([
    'verify',
    `${token.slice(0, -4)}AAAA`,
    '--key',
    keyPath('rsa2048.pub.pem'),
    '--now',
    '1700000100',
  ]);
  assert.equal(tampered.code, 1);
  assert.match(tampered.stderr, /SIGNATURE_INVALID/);
  const malformed = run(['verify', 'not-a-token', '--key', keyPath('rsa2048.pub.pem')]);
  assert.equal(malformed.code, 1);
  assert.match(malformed.stderr, /TOKEN_MALFORMED/);
});

test('decode labels its output unverified; pubkey prints every public form', () => {
  const token = run(['sign', '--alg', 'HS256', '--secret', SECRET, '--sub', 'x']).stdout.trim();
  const decoded = run(['decode', token]);
  assert.equal(decoded.code, 0);
  assert.match(decoded.stderr, /UNVERIFIED/);
  assert.equal(JSON.parse(decoded.stdout).payload.sub, 'x');
  const publicKey = crypto.createPublicKey(readKey('rsa2048.pem'));
  const pem = run(['pubkey', '--key', keyPath('rsa2048.pem')]);
  assert.equal(pem.stdout, publicKey.export({ type: 'spki', format: 'pem' }));
  const jwk = JSON.parse(
    run(['pubkey', '--key', keyPath('rsa2048.pkcs1.pem'), '--format', 'jwk', '--kid', 'primary']).stdout,
  );
  assert.equal(jwk.n, publicKey.export({ format: 'jwk' }).n);
  assert.equal(jwk.kid, 'primary');
  const all = JSON.parse(
    run(['pubkey', '--key', keyPath('rsa2048.enc.pem'), '--passphrase-env', 'P', '--json'], {
      env: { P: 'correct-horse' },
    }).stdout,
  );
  assert.equal(all.jwks.keys[0].kid, all.thumbprint);
  assert.equal(
    run(['pubkey', '--key', keyPath('rsa2048.pem'), '--format', 'thumbprint']).stdout.trim(),
    all.thumbprint,
  );
});

test('usage errors and bad keys exit 2 with the code on stderr; --help works everywhere', () => {
  for (const [args, words] of [
    [['sign', '--key', keyPath('rsa2048.pem')], /--alg is required/],
    [['sign', '--alg', 'RS256'], /a key is required/],
    [['sign', '--alg', 'RS256', '--key', keyPath('rsa2048.pub.pem')], /KEY_NOT_PRIVATE: this is a public key/],
    [['sign', '--alg', 'RS256', '--key', keyPath('dsa.pem')], /KEY_UNSUPPORTED/],
    [['sign', '--alg', 'RS256', '--key', keyPath('ec.pem')], /KEY_ALG_MISMATCH: .*ES256/],
    [['sign', '--alg', 'EdDSA', '--key', keyPath('ec.pem')], /KEY_ALG_MISMATCH/],
    [['sign', '--alg', 'RS256', '--key', keyPath('rsa2048.enc.pem')], /PASSPHRASE_REQUIRED.*--passphrase-env/],
    [['sign', '--alg', 'HS256', '--secret-env', 'JWTMINT_UNSET_VARIABLE'], /not set/],
    [['sign', '--alg', 'RS256', '--key', join(dir, 'missing.pem')], /cannot read key file/],
    [['sign', '--alg', 'RS256', '--key', keyPath('rsa2048.pem'), '--exp', 'soon'], /BAD_LIFETIME/],
    [
      ['sign', '--alg', 'RS256', '--key', keyPath('rsa2048.pem'), '--claims', '[1]'],
      /CLAIMS_NOT_OBJECT|cannot read claims/,
    ],
    [['sign', '--alg', 'RS256', '--key', keyPath('rsa2048.pem'), '--bogus'], /Unknown option/],
    [['nonsense'], /unknown command/],
  ]) {
    const result = run(args);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, words);
  }
  for (const command of ['sign', 'decode', 'verify', 'pubkey']) {
    const help = run([command, '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, new RegExp(`Usage: jwtmint ${command}`));
  }
  assert.match(run(['--help']).stdout, /Exit codes: 0 ok, 1 verification failed, 2 bad usage/);
});

/** An HS256 token with exactly this header and payload text, signed with SECRET. */
function forge(header, payload) {
  const input = `${Buffer.from(header).toString('base64url')}.${Buffer.from(payload).toString('base64url')}`;
  return `${input}.${crypto.createHmac('sha256', SECRET).update(input).digest('base64url')}`;
}

test('every way a token fails verification exits 1, as the README says', () => {
  const secretEnv = { JWTMINT_TEST_SECRET: SECRET };
  const verifyArgs = (token) => ['verify', token, '--secret-env', 'JWTMINT_TEST_SECRET', '--now', '1700000000'];
  const good = forge('{"alg":"HS256"}', '{"sub":"me","exp":1700000600}');
  assert.equal(run(verifyArgs(good), { env: secretEnv }).code, 0);
  const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"me"}').toString('base64url')}.`;
  for (const [what, token] of [
    ['alg none', none],
    ['crit', forge('{"alg":"HS256","crit":["exp"],"exp":1}', '{"sub":"me"}')],
    ['a bad signature', `${good.slice(0, -2)}AA`],
    ['an expired token', forge('{"alg":"HS256"}', '{"exp":1699999999}')],
    ['an exp written 1e9', forge('{"alg":"HS256"}', '{"exp":1e9}')],
    ['an exp that is a string', forge('{"alg":"HS256"}', '{"exp":"1800000000"}')],
    ['an exp in milliseconds', forge('{"alg":"HS256"}', '{"exp":1700000600000}')],
    ['a duplicate member', forge('{"alg":"HS256"}', '{"sub":"a","sub":"b"}')],
    ['a payload that is not JSON', forge('{"alg":"HS256"}', '{"sub":')],
    ['not a token at all', 'not-a-token'],
    ['an RS256 token for an HMAC secret', forge('{"alg":"RS256"}', '{"sub":"me"}')],
  ]) {
    const result = run(verifyArgs(token), { env: secretEnv });
    assert.equal(result.code, 1, `${what}: ${result.stderr}`);
    assert.match(result.stderr, /^jwtmint: [A-Z_]+: /, what);
  }
  // Bad usage and bad keys stay 2.
  assert.equal(run(['verify', good, '--secret-env', 'JWTMINT_NO_SUCH_VAR']).code, 2);
  for (const bad of [
    ['--leeway', 'soon'],
    ['--max-age', '-1'],
    ['--alg', 'XS256'],
    ['--alg', 'none'],
  ]) {
    const result = run(['verify', none, '--secret-env', 'JWTMINT_TEST_SECRET', ...bad], { env: secretEnv });
    assert.equal(result.code, 2, `${bad.join(' ')}: ${result.stderr}`);
  }
});

test('text from a token reaches the terminal escaped: no control codes, no bidi overrides', () => {
  const secretEnv = { JWTMINT_TEST_SECRET: SECRET };
  // A member name that would erase the UNVERIFIED line and rewrite the screen.
  const erase = '\u001b[1A\u001b[2K\r';
  const name = JSON.stringify(`${erase}x`);
  const sub = JSON.stringify(`a\u009b2Kb\u202etxt.exe\u2066`);
  const hostile = forge('{"alg":"HS256"}', `{${name}:1,${name}:2,"sub":${sub}}`);
  for (const args of [
    ['decode', hostile],
    ['verify', hostile, '--secret-env', 'JWTMINT_TEST_SECRET'],
    ['decode', '--json', hostile],
  ]) {
    const result = run(args, { env: secretEnv });
    for (const [where, text] of Object.entries({ stdout: result.stdout, stderr: result.stderr })) {
      assert.doesNotMatch(
        text,
        /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/,
        `${args[0]} ${where}`,
      );
    }
    assert.ok(
      result.stdout.includes('\\u001b') || result.stderr.includes('\\u{1b}') || result.stderr.includes('\\u001b'),
      args.join(' '),
    );
  }
  const decoded = run(['decode', hostile]);
  assert.match(decoded.stderr, /^jwtmint: UNVERIFIED/);
  // The escaped JSON is still the token's JSON.
  const json = JSON.parse(run(['decode', '--json', hostile]).stdout);
  assert.equal(json.payload.sub, `a\u009b2Kb\u202etxt.exe\u2066`);
});

/** Key files made by node:crypto for the EC and Ed25519 CLI tests. */
function asymmetricKeyFiles(name, pair) {
  const files = {
    pem: join(dir, `${name}.pem`),
    sec1: join(dir, `${name}.sec1.pem`),
    jwk: join(dir, `${name}.jwk.json`),
    publicPem: join(dir, `${name}.pub.pem`),
    publicJwk: join(dir, `${name}.pub.jwk.json`),
    der: join(dir, `${name}.der`),
  };
  writeFileSync(files.pem, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(files.der, pair.privateKey.export({ type: 'pkcs8', format: 'der' }));
  writeFileSync(files.jwk, JSON.stringify(pair.privateKey.export({ format: 'jwk' })));
  writeFileSync(files.publicPem, pair.publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(files.publicJwk, JSON.stringify(pair.publicKey.export({ format: 'jwk' })));
  if (pair.privateKey.asymmetricKeyType === 'ec') {
    writeFileSync(files.sec1, pair.privateKey.export({ type: 'sec1', format: 'pem' }));
  } else {
    delete files.sec1;
  }
  return files;
}

for (const [alg, hash, pair] of [
  ['ES256', 'sha256', crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' })],
  ['ES512', 'sha512', crypto.generateKeyPairSync('ec', { namedCurve: 'P-521' })],
  ['EdDSA', null, crypto.generateKeyPairSync('ed25519')],
]) {
  test(`${alg}: sign (the key implies its algorithm), verify and pubkey with EC and Ed25519 key files`, async () => {
    const files = asymmetricKeyFiles(alg, pair);
    const nodeVerifies = (token) => {
      const [header, payload, signature] = token.split('.');
      return crypto.verify(
        hash,
        Buffer.from(`${header}.${payload}`),
        { key: pair.publicKey, dsaEncoding: 'ieee-p1363' },
        Buffer.from(signature, 'base64url'),
      );
    };
    for (const [form, file] of Object.entries({ pem: files.pem, sec1: files.sec1, jwk: files.jwk, der: files.der })) {
      if (file === undefined) continue;
      for (const algArgs of [[], ['--alg', alg]]) {
        const signed = run(['sign', ...algArgs, '--key', file, '--sub', 'me', '--exp', '10m', '--now', '1700000000']);
        assert.equal(signed.code, 0, `${form} ${algArgs}: ${signed.stderr}`);
        const token = signed.stdout.trim();
        assert.deepEqual(JSON.parse(Buffer.from(token.split('.')[0], 'base64url')), { alg, typ: 'JWT' });
        assert.ok(nodeVerifies(token), `${form}: node:crypto verifies`);
        for (const key of [files.publicPem, files.publicJwk, file]) {
          const verified = run(['verify', token, '--key', key, '--now', '1700000100']);
          assert.equal(verified.code, 0, `${form} verify with ${key}: ${verified.stderr}`);
          assert.equal(JSON.parse(verified.stdout).sub, 'me');
        }
      }
    }
    const token = run(['sign', '--key', files.pem, '--now', '1700000000']).stdout.trim();
    const tampered = run([
      'verify',
      `${token.slice(0, -3)}${token.endsWith('A') ? 'B' : 'A'}AA`,
      '--key',
      files.publicPem,
    ]);
    assert.equal(tampered.code, 1, tampered.stderr);
    assert.match(tampered.stderr, /SIGNATURE_INVALID/);
    const wrongAlg = run(['verify', token, '--key', files.publicPem, '--alg', alg === 'EdDSA' ? 'ES256' : 'EdDSA']);
    assert.equal(wrongAlg.code, 1, wrongAlg.stderr);
    assert.match(wrongAlg.stderr, /ALG_NOT_ALLOWED|KEY_ALG_MISMATCH/);
    // --alg is still checked against the key: exit 2, bad input.
    const mismatch = run(['sign', '--alg', alg === 'ES256' ? 'ES384' : 'ES256', '--key', files.pem]);
    assert.equal(mismatch.code, 2, mismatch.stderr);
    assert.match(mismatch.stderr, new RegExp(`KEY_ALG_MISMATCH: .*${alg}`));
    const publicOnly = run(['sign', '--key', files.publicPem]);
    assert.equal(publicOnly.code, 2);
    assert.match(publicOnly.stderr, /KEY_NOT_PRIVATE/);
    // pubkey: every form equals what node:crypto and jose write.
    const expectedJwk = await jose.exportJWK(pair.publicKey);
    for (const file of [files.pem, files.jwk, files.publicPem]) {
      assert.equal(run(['pubkey', '--key', file]).stdout, pair.publicKey.export({ type: 'spki', format: 'pem' }));
      assert.deepEqual(JSON.parse(run(['pubkey', '--key', file, '--format', 'jwk']).stdout), expectedJwk);
      const thumbprint = run(['pubkey', '--key', file, '--format', 'thumbprint']).stdout.trim();
      assert.equal(thumbprint, await jose.calculateJwkThumbprint(expectedJwk));
      const jwks = JSON.parse(run(['pubkey', '--key', file, '--format', 'jwks', '--alg', alg]).stdout);
      assert.deepEqual(jwks, { keys: [{ ...expectedJwk, kid: thumbprint, alg, use: 'sig' }] });
    }
  });
}

test('sign without --alg: a key with several algorithms names them; --help lists the new ones', () => {
  const rsa = run(['sign', '--key', keyPath('rsa2048.pem')]);
  assert.equal(rsa.code, 2);
  assert.match(rsa.stderr, /--alg is required: this key signs RS256, RS384, RS512, PS256, PS384, PS512/);
  const secret = run(['sign', '--secret-env', 'S'], { env: { S: SECRET } });
  assert.equal(secret.code, 2);
  assert.match(secret.stderr, /this key signs HS256, HS384, HS512/);
  for (const command of ['sign', 'verify', 'pubkey']) {
    assert.match(run([command, '--help']).stdout, /ES256 ES384 ES512 EdDSA/, command);
  }
  // The repository's own keys: a P-256 PKCS#8 and an Ed25519 PKCS#8.
  for (const [file, alg] of [
    ['ec.pem', 'ES256'],
    ['ed25519.pem', 'EdDSA'],
  ]) {
    const token = run(['sign', '--key', keyPath(file)]).stdout.trim();
    assert.equal(JSON.parse(Buffer.from(token.split('.')[0], 'base64url')).alg, alg);
    assert.equal(run(['verify', token, '--key', keyPath(file)]).code, 0);
  }
});

/** A hand-written preset for an internal API, written by the test outside the project. */
const TEAM = {
  format: 1,
  id: 'acme-reports',
  name: 'Acme reports API',
  description: 'HS256 token for the internal reports API',
  docs: 'https://wiki.acme.example/reports-api',
  brings: 'key-and-secret',
  fields: [
    { name: 'secret', label: 'Signing secret', help: 'From the team vault', kind: 'text', secret: true },
    { name: 'user', label: 'User', help: 'Your user name; goes into sub', kind: 'text' },
  ],
  algorithm: 'HS256',
  key: { field: 'secret' },
  lifetime: { default: '15m', max: '1h' },
  header: { alg: 'HS256', typ: 'JWT' },
  claims: { iss: 'acme-dashboard', sub: '{user}', iat: '{now}', exp: '{exp}' },
  request: {
    method: 'GET',
    url: 'https://reports.internal.acme.example/v1/me',
    headers: { Authorization: 'Bearer {token}' },
  },
};

test('mint --preset-file: a document from a file mints what the API mints, in every output', async () => {
  const { mint, toCurl, toPython } = await import('../../pkg/node.mjs');
  const file = join(dir, 'acme-reports.json');
  writeFileSync(file, JSON.stringify(TEAM, null, 2));
  const args = ['mint', '--preset-file', file, '--field', 'secret=env:ACME_SECRET', '--field', 'user=jsmith'];
  const env = { ACME_SECRET: SECRET };
  const api = mint(TEAM, { secret: SECRET, user: 'jsmith' }, { now: 1700000000 });
  const token = run([...args, '--now', '1700000000'], { env });
  assert.equal(token.code, 0, token.stderr);
  assert.equal(token.stderr, '');
  assert.equal(token.stdout, `${api.token}\n`);
  assert.ok(hmacOk(api.token, SECRET));
  assert.deepEqual(JSON.parse(run([...args, '--now', '1700000000', '--json'], { env }).stdout), api);
  assert.equal(run([...args, '--now', '1700000000', '--curl'], { env }).stdout, `${toCurl(api.request)}\n`);
  assert.equal(
    run([...args, '--now', '1700000000', '--python'], { env }).stdout,
    `${toPython(api.request).replace(/\n$/, '')}\n`,
  );
  // A literal secret works, with the history warning; the id and --preset-file do not mix.
  assert.match(
    run(['mint', '--preset-file', file, '--field', `secret=${SECRET}`, '--field', 'user=me']).stderr,
    /shell history/,
  );
  for (const [extra, words] of [
    [['github-app'], /a preset id or --preset-file FILE, not both/],
    [['--field', 'user=x', '--field', 'user=y'], /given twice/],
  ]) {
    const result = run([...args, ...extra], { env });
    assert.equal(result.code, 2);
    assert.match(result.stderr, words);
  }
  const missing = run(['mint', '--preset-file', join(dir, 'nowhere.json')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /USAGE: cannot read preset file/);
});

test('presets --check: "FILE: ok (id, N fields)", or the coded problem and exit 2', () => {
  const good = join(dir, 'good-preset.json');
  const typo = join(dir, 'typo-preset.json');
  writeFileSync(good, JSON.stringify(TEAM));
  writeFileSync(typo, JSON.stringify({ ...TEAM, claims: { ...TEAM.claims, exp: '{lifetme}' } }));
  const ok = run(['presets', '--check', good]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, `${good}: ok (acme-reports, 2 fields)\n`);
  const bad = run(['presets', '--check', typo]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, '');
  assert.match(
    bad.stderr,
    new RegExp(`^jwtmint: PRESET_INVALID: ${typo.replace(/[.]/g, '\\.')}: claims\\.exp: .*lifetme`),
  );
  // Every document is checked; one problem makes the exit code 2.
  const both = run(['presets', '--check', typo, '--check', good]);
  assert.equal(both.code, 2);
  assert.equal(both.stdout, `${good}: ok (acme-reports, 2 fields)\n`);
  assert.match(both.stderr, /PRESET_INVALID/);
  assert.equal(JSON.parse(run(['presets', '--check', good, '--json']).stdout).source, good);
  const minted = run(['mint', '--preset-file', typo, '--field', 'secret=env:S', '--field', 'user=u'], {
    env: { S: SECRET },
  });
  assert.equal(minted.code, 2);
  assert.match(minted.stderr, /PRESET_INVALID: .*typo-preset\.json: claims\.exp/);
  assert.match(run(['presets', '--help']).stdout, /--check FILE/);
  assert.match(run(['mint', '--help']).stdout, /--preset-file FILE/);
  assert.equal(run(['presets', 'github-app', '--check', good]).code, 2);
});

test('mint --preset-file with an exchange prints the whole flow by default', async () => {
  const { mint, toCurl, toFetch } = await import('../../pkg/node.mjs');
  const document = {
    ...TEAM,
    id: 'acme-exchange',
    claims: { ...TEAM.claims, aud: 'https://auth.acme.example/token' },
    exchange: {
      method: 'POST',
      url: 'https://auth.acme.example/token',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: { form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: '{token}' } },
      read: 'access_token',
    },
    request: { ...TEAM.request, headers: { Authorization: 'Bearer {access_token}' } },
  };
  const file = join(dir, 'acme-exchange.json');
  writeFileSync(file, JSON.stringify(document));
  const args = [
    'mint',
    '--preset-file',
    file,
    '--field',
    'secret=env:S',
    '--field',
    'user=jsmith',
    '--now',
    '1700000000',
  ];
  const env = { S: SECRET };
  const api = mint(document, { secret: SECRET, user: 'jsmith' }, { now: 1700000000 });
  assert.ok(hmacOk(api.token, SECRET));
  assert.equal(api.exchange.url, 'https://auth.acme.example/token');
  const flow = run(args, { env });
  assert.equal(flow.code, 0, flow.stderr);
  assert.equal(flow.stdout, `${toCurl(api).replace(/\n$/, '')}\n`);
  assert.notEqual(toCurl(api), toCurl(api.request), 'the flow, not the request alone');
  assert.match(flow.stdout, /auth\.acme\.example\/token[^]*reports\.internal\.acme\.example\/v1\/me/);
  assert.equal(run([...args, '--fetch'], { env }).stdout, `${toFetch(api).replace(/\n$/, '')}\n`);
  assert.deepEqual(JSON.parse(run([...args, '--json'], { env }).stdout), api);
});
