// Algorithm confusion (issue #14, the class of PyJWT's CVE-2022-29217): an attacker who has a
// public key HMACs a token with the key's text. Whatever form the key is pasted in, jwtmint's
// string shortcut must not verify it. And a JWK's alg, use and key_ops restrict the key as they
// do in jose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';
import { importKey, sign, verify, JwtMintError } from '../../pkg/node.mjs';
import { readKey, root } from './helpers.mjs';

const privatePem = readKey('rsa2048.pem');
const publicPem = readKey('rsa2048.pub.pem');
const publicKey = crypto.createPublicKey(publicPem);
const publicJwk = publicKey.export({ format: 'jwk' });
const privateJwk = crypto.createPrivateKey(privatePem).export({ format: 'jwk' });

const wrap = (text, width) => text.match(new RegExp(`.{1,${width}}`, 'g')).join('\n');
const sshString = (bytes) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, Buffer.from(bytes)]);
};
const sshMpint = (base64url) => {
  let bytes = Buffer.from(base64url, 'base64url');
  if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return sshString(bytes);
};
// RFC 4253 §6.6, from the key's numbers; compared with ssh-keygen's when it is installed.
const sshRsaBlob = Buffer.concat([sshString('ssh-rsa'), sshMpint(publicJwk.e), sshMpint(publicJwk.n)]);

function sshKeygenLine() {
  const dir = mkdtempSync(join(tmpdir(), 'jwtmint-ssh-'));
  try {
    writeFileSync(join(dir, 'rsa'), privatePem, { mode: 0o600 });
    const line = execFileSync('ssh-keygen', ['-y', '-f', join(dir, 'rsa')], { encoding: 'utf8' }).trim();
    writeFileSync(join(dir, 'rsa.pub'), line);
    const rfc4716 = execFileSync('ssh-keygen', ['-e', '-f', join(dir, 'rsa.pub')], { encoding: 'utf8' });
    return { line, rfc4716 };
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function keyForms() {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const pkcs1 = publicKey.export({ type: 'pkcs1', format: 'der' });
  const certificate = new crypto.X509Certificate(readKey('rsa2048.cert.pem')).raw;
  const ssh = sshKeygenLine();
  if (ssh) assert.equal(ssh.line.split(' ')[1], sshRsaBlob.toString('base64'), 'our ssh-rsa blob is ssh-keygen’s');
  const line = ssh?.line ?? `ssh-rsa ${sshRsaBlob.toString('base64')} user@host`;
  const rfc4716 =
    ssh?.rfc4716 ??
    `---- BEGIN SSH2 PUBLIC KEY ----\nComment: "rsa"\n${wrap(sshRsaBlob.toString('base64'), 70)}\n---- END SSH2 PUBLIC KEY ----\n`;
  const jwkText = JSON.stringify(publicJwk);
  return {
    'SPKI base64 (Keycloak, Auth0, Snowflake)': spki.toString('base64'),
    'SPKI base64, wrapped': wrap(spki.toString('base64'), 64),
    'SPKI base64url': spki.toString('base64url'),
    'SPKI hex': spki.toString('hex'),
    'PKCS#1 public base64': pkcs1.toString('base64'),
    'certificate base64': wrap(certificate.toString('base64'), 64),
    'OpenSSH line': line,
    'authorized_keys line': `no-pty,from="10.0.0.0/8" ${line}`,
    'RFC 4716 block': rfc4716,
    'PuTTY .ppk': `PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nComment: k\nPublic-Lines: 6\n${wrap(sshRsaBlob.toString('base64'), 64)}\n`,
    'PEM with BOM': `\uFEFF${publicPem}`,
    'JWK with BOM': `\uFEFF${jwkText}`,
    'JWK in zero-width spaces': `\u200B${jwkText}\u200B\n`,
    'SPKI in zero-width spaces': `\u200B\u00A0${spki.toString('base64')}\u2060`,
    // Layered forms: encoded as a whole, escaped, dumped or split.
    'base64 of the PEM (a Kubernetes Secret)': Buffer.from(publicPem).toString('base64'),
    'base64 of the JWK': Buffer.from(jwkText).toString('base64'),
    'the JWK as a JSON string': JSON.stringify(jwkText),
    'base64 DER with \\/ escapes': spki.toString('base64').replaceAll('/', '\\/'),
    'percent-encoded base64 DER': encodeURIComponent(spki.toString('base64')),
    'hex DER with colons': spki.toString('hex').match(/../g).join(':'),
    'hex of the PEM': Buffer.from(publicPem).toString('hex'),
    'base64 DER lines with <br>': wrap(spki.toString('base64'), 64).replaceAll('\n', '<br>'),
    'base64 DER with soft hyphens': wrap(spki.toString('base64'), 64).replaceAll('\n', '\u00AD'),
    'base64 DER after letters': `pk${spki.toString('base64')}`,
    'JWK with an escaped member name': jwkText.replace('"kty"', '"\\u006bty"'),
    'JWK as YAML': `kty: RSA\nn: ${publicJwk.n}\ne: ${publicJwk.e}\n`,
  };
}

function hs256(keyText, claims) {
  const input = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${crypto.createHmac('sha256', keyText).update(input).digest('base64url')}`;
}

const claims = { sub: 'attacker', admin: true, exp: Math.floor(Date.now() / 1000) + 3600 };

test('a token HMACed with a public key’s text never verifies with that text, in any form', () => {
  const forms = Object.entries(keyForms());
  assert.ok(forms.length >= 14);
  for (const [form, text] of forms) {
    const forged = hs256(text, claims);
    assert.throws(
      () => verify(forged, text),
      (error) => error instanceof JwtMintError && error.code !== 'INTERNAL',
      `${form}: the forgery verified`,
    );
    // Said as a secret, the text is refused too.
    assert.throws(() => importKey(text, { encoding: 'utf8' }), { code: 'SECRET_IS_KEY' }, form);
  }
  // The forgery is made right: with a real secret the same construction verifies.
  const secret = crypto.randomBytes(32).toString('base64');
  assert.equal(verify(hs256(secret, claims), secret).payload.sub, 'attacker');
});

test('the RSA forms that hold a public key import as that key', () => {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const token = sign({ sub: 'me' }, privatePem, { alg: 'RS256', expiresIn: '1h' });
  for (const text of [spki.toString('base64'), wrap(spki.toString('base64'), 64), `\uFEFF${publicPem}`]) {
    const key = importKey(text);
    assert.equal(key.kind, 'public');
    assert.equal(key.publicPem(), publicPem);
    assert.equal(verify(token, text).payload.sub, 'me');
  }
});

test('a secret that looks like base64 still works, by the shortcut and said as utf8', () => {
  for (const secret of [
    crypto.randomBytes(32).toString('base64'),
    crypto.randomBytes(48).toString('base64url'),
    crypto.randomBytes(32).toString('hex'),
    'MAA=',
    'correct horse battery staple',
  ]) {
    const forged = hs256(secret, claims);
    assert.equal(verify(forged, secret).payload.sub, 'attacker');
    assert.equal(verify(forged, importKey(secret, { encoding: 'utf8' })).payload.sub, 'attacker');
    // Node's HMAC of the same token agrees with jwtmint's.
    const token = sign({ sub: 'me' }, importKey(secret, { encoding: 'utf8' }), { alg: 'HS256' });
    const [header, payload, signature] = token.split('.');
    assert.equal(signature, crypto.createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url'));
  }
});

// ---- JWK alg, use and key_ops, against jose ----

async function joseVerifies(token, jwk) {
  try {
    await jose.jwtVerify(token, jwk);
    return true;
  } catch {
    return false;
  }
}

function jwtmintVerifies(token, jwk) {
  let key;
  try {
    key = importKey(jwk);
  } catch (error) {
    assert.equal(error.code, 'KEY_PARSE', error.message);
    return false;
  }
  try {
    verify(token, key);
    return true;
  } catch (error) {
    assert.ok(['KEY_ALG_MISMATCH', 'ALG_NOT_ALLOWED'].includes(error.code), error.message);
    return false;
  }
}

test('a JWK’s alg, use and key_ops restrict verification as in jose', async () => {
  const rs512 = sign({ sub: 'me' }, privatePem, { alg: 'RS512', expiresIn: '1h' });
  const ps256 = sign({ sub: 'me' }, privatePem, { alg: 'PS256', expiresIn: '1h' });
  const cases = [
    [{ alg: 'PS256', use: 'enc' }, rs512, false],
    [{ alg: 'PS256', use: 'enc' }, ps256, false],
    [{ alg: 'PS256' }, rs512, false],
    [{ alg: 'PS256' }, ps256, true],
    [{ alg: 'RS512', use: 'sig' }, rs512, true],
    [{ use: 'enc' }, rs512, false],
    [{ use: 'signature' }, rs512, false],
    [{ alg: 'HS256' }, rs512, false],
    [{ key_ops: ['sign'] }, rs512, false],
    [{ key_ops: ['verify'] }, rs512, true],
    [{ key_ops: 'verify' }, rs512, false],
    [{ key_ops: ['verify', 'verify'] }, rs512, false],
    [{ key_ops: [1] }, rs512, false],
    [{}, rs512, true],
  ];
  for (const [members, token, expected] of cases) {
    const jwk = { ...publicJwk, ...members };
    const alg = JSON.parse(Buffer.from(token.split('.')[0], 'base64url')).alg;
    assert.equal(await joseVerifies(token, jwk), expected, `jose, ${alg} with ${JSON.stringify(members)}`);
    assert.equal(jwtmintVerifies(token, jwk), expected, `jwtmint, ${alg} with ${JSON.stringify(members)}`);
    assert.equal(jwtmintVerifies(token, { keys: [jwk] }), expected, `jwtmint JWKS, ${JSON.stringify(members)}`);
  }
  // key_ops with an unrelated operation beside "verify" (RFC 7517 §4.3: SHOULD NOT, not MUST NOT)
  // still verify in jwtmint; jose refuses them only because WebCrypto will not import an RSA-PSS
  // key with an "encrypt" usage.
  assert.equal(jwtmintVerifies(ps256, { ...publicJwk, key_ops: ['encrypt', 'verify'] }), true);
  // The case in words.
  assert.throws(() => verify(rs512, { ...publicJwk, alg: 'PS256', use: 'enc' }), {
    code: 'KEY_ALG_MISMATCH',
    message: /"use": "enc"/,
  });
  const ps256Only = importKey({ ...publicJwk, alg: 'PS256' });
  assert.deepEqual(ps256Only.algorithms, ['PS256']);
  assert.equal(ps256Only.publicJwk().alg, 'PS256');
  assert.throws(() => verify(rs512, ps256Only, { algorithms: ['RS512'] }), { code: 'KEY_ALG_MISMATCH' });
});

test('a private JWK’s alg and key_ops restrict signing as in jose', async () => {
  for (const [members, alg, expected] of [
    [{ alg: 'RS256' }, 'RS256', true],
    [{ alg: 'RS256' }, 'PS256', false],
    [{ use: 'enc' }, 'RS256', false],
    [{ key_ops: ['verify'] }, 'RS256', false],
    [{ key_ops: ['sign'] }, 'RS256', true],
  ]) {
    const jwk = { ...privateJwk, ...members };
    const joseSigns = await new jose.SignJWT({ sub: 'me' })
      .setProtectedHeader({ alg })
      .sign(jwk)
      .then(
        () => true,
        () => false,
      );
    assert.equal(joseSigns, expected, `jose, ${alg} with ${JSON.stringify(members)}`);
    let signs = true;
    try {
      sign({ sub: 'me' }, importKey(jwk), { alg });
    } catch (error) {
      assert.equal(error.code, 'KEY_ALG_MISMATCH', error.message);
      signs = false;
    }
    assert.equal(signs, expected, `jwtmint, ${alg} with ${JSON.stringify(members)}`);
  }
});

test('the explicit utf8 path reads the public key file the CLI would pass', () => {
  // `jwtmint verify --secret-file key.pub` passes the file's text with { encoding: 'utf8' }.
  const file = readFileSync(new URL('../keys/rsa2048.pub.pem', import.meta.url), 'utf8');
  assert.throws(() => importKey(file, { encoding: 'utf8' }), {
    code: 'SECRET_IS_KEY',
    message: /a PEM block \(BEGIN PUBLIC KEY\)/,
  });
});

test('the CLI refuses a public key given with --secret-file or --secret-env', () => {
  const forms = keyForms();
  const dir = mkdtempSync(join(tmpdir(), 'jwtmint-confusion-'));
  try {
    for (const form of ['SPKI base64 (Keycloak, Auth0, Snowflake)', 'OpenSSH line', 'RFC 4716 block', 'PEM with BOM']) {
      const text = forms[form];
      const file = join(dir, 'key.pub');
      writeFileSync(file, text);
      // The CLI drops one final newline from a secret file; the attacker keys the HMAC the same way.
      const forged = hs256(text.replace(/\r?\n$/, ''), claims);
      for (const [args, env] of [
        [['--secret-file', file], {}],
        [['--secret-env', 'JWT_KEY'], { JWT_KEY: text }],
      ]) {
        const result = spawnSync(process.execPath, [`${root}pkg/cli.mjs`, 'verify', forged, ...args], {
          env: { ...process.env, ...env },
          encoding: 'utf8',
        });
        assert.notEqual(result.status, 0, `${form} ${args[0]}: ${result.stdout}`);
        assert.match(result.stderr, /SECRET_IS_KEY/, `${form} ${args[0]}`);
      }
      // As --key, the same file is read as the key it is, or refused with how to convert it.
      const asKey = spawnSync(process.execPath, [`${root}pkg/cli.mjs`, 'verify', forged, '--key', file], {
        encoding: 'utf8',
      });
      assert.equal(asKey.status === 0, false, form);
      assert.match(
        asKey.stderr,
        // OpenSSH public lines are imported (ssh-rsa, ssh-ed25519, ecdsa-sha2-*); RFC 4716 is not.
        form === 'RFC 4716 block' ? /ssh-keygen/ : /ALG_NOT_ALLOWED/,
        `${form} --key: ${asKey.stderr}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
