// The jwtmint CLI as a subprocess: each command, each exit code, secrets from file, env and stdin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  assert.equal(malformed.code, 2);
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
    [['sign', '--alg', 'RS256', '--key', keyPath('ec.pem')], /KEY_UNSUPPORTED/],
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
