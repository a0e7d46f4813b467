// The CLI takes the files people have: `--key AuthKey_ABC123DEFG.p8` fills kid (by the field's
// fromFileName rule, here in a document of our own), a Coinbase key file fills the key name
// (fromKeyFile), `--field NAME=@FILE` does the same for its field, and a --field given wins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';
import { keyPath, openssl, root } from './helpers.mjs';

const cli = `${root}pkg/cli.mjs`;
const dir = mkdtempSync(join(tmpdir(), 'jwtmint-cli-files-'));
const NOW = '1700000000';

const run = (args) => {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};
const minted = (args) => {
  const result = run([...args, '--now', NOW, '--json']);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
};

// A team's document shaped like Apple's: the .p8 file's name carries the key id.
const document = join(dir, 'team.json');
writeFileSync(
  document,
  JSON.stringify({
    format: 1,
    id: 'team-p8',
    name: 'Team',
    description: 'ES256 with a .p8 key',
    docs: 'https://example.com/team',
    brings: 'ec-private-key',
    fields: [
      {
        name: 'private_key',
        label: 'Private key (.p8)',
        kind: 'pem',
        secret: true,
        fromFileName: { prefix: 'AuthKey_', suffix: '.p8', fills: 'kid' },
      },
      { name: 'kid', label: 'Key ID', help: 'From the file name', kind: 'text' },
    ],
    algorithm: 'ES256',
    key: { field: 'private_key' },
    lifetime: { default: '20m' },
    header: { kid: '{kid}', typ: 'JWT' },
    claims: { iat: '{now}', exp: '{exp}' },
  }),
);
const p8 = join(dir, 'AuthKey_ABC123DEFG.p8');
copyFileSync(keyPath('ec.pem'), p8);

test('--key AuthKey_ABC123DEFG.p8 fills kid, and the token verifies with jose', async () => {
  const result = minted(['mint', '--preset-file', document, '--key', p8]);
  assert.equal(result.header.kid, 'ABC123DEFG');
  const publicKey = createPublicKey(openssl('ec', '-in', keyPath('ec.pem'), '-pubout').toString());
  const { protectedHeader } = await jose.jwtVerify(result.token, publicKey, {
    currentDate: new Date(Number(NOW) * 1000),
  });
  assert.equal(protectedHeader.kid, 'ABC123DEFG');
});

test('a --field kid given wins over the file name; @FILE for the key field fills it too', () => {
  assert.equal(minted(['mint', '--preset-file', document, '--key', p8, '--field', 'kid=OTHER']).header.kid, 'OTHER');
  assert.equal(minted(['mint', '--preset-file', document, '--field', `private_key=@${p8}`]).header.kid, 'ABC123DEFG');
  // A key from stdin has no name: kid must be given.
  const stdin = spawnSync(process.execPath, [cli, 'mint', '--preset-file', document, '--key', '-'], {
    input: openssl('ec', '-in', keyPath('ec.pem')).toString(),
    encoding: 'utf8',
  });
  assert.equal(stdin.status, 2);
  assert.match(stdin.stderr, /FIELDS_INVALID: .*kid: Key ID is required/);
});

test('a Coinbase key file given with --key fills the key name; one given with --field wins', () => {
  const pem = openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout').toString();
  const name = 'organizations/o-1/apiKeys/k-1';
  const file = join(dir, 'cdp_api_key.json');
  writeFileSync(file, JSON.stringify({ name, privateKey: pem }));
  const result = minted(['mint', 'coinbase-advanced-trade', '--key', file]);
  assert.equal(result.header.kid, name);
  assert.equal(result.payload.sub, name);
  assert.equal(result.header.alg, 'ES256');
  const given = minted(['mint', 'coinbase-advanced-trade', '--key', file, '--field', 'key_name=mine']);
  assert.equal(given.header.kid, 'mine');
  // The text output is the token; the default request is GET api.coinbase.com.
  const curl = run(['mint', 'coinbase-advanced-trade', '--key', file, '--curl']);
  assert.equal(curl.code, 0, curl.stderr);
  assert.match(curl.stdout, /'https:\/\/api\.coinbase\.com\/api\/v3\/brokerage\/accounts'/);
});

test('the built-in Apple presets read the key id from AuthKey_<KEYID>.p8', () => {
  const result = minted(['mint', 'musickit', '--key', p8, '--field', 'team_id=TEAM123456']);
  assert.equal(result.header.kid, 'ABC123DEFG');
  assert.equal(result.payload.iss, 'TEAM123456');
});
