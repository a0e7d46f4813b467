// Presets through the npm API and the CLI: tokens verify with node:crypto and jose, header and
// claims are exactly the vendor's documented set, the CLI and the API agree byte for byte, and
// TokenSource refreshes on time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, createPublicKey, generateKeyPairSync, verify as cryptoVerify } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';
import {
  presets,
  mint,
  importKey,
  toCurl,
  toFetch,
  toPython,
  toHttpie,
  TokenSource,
  JwtMintError,
} from '../../pkg/node.mjs';
import { root } from './helpers.mjs';

const NOW = 1_700_000_000;
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' });
const SECRET = 'vl-secret-'.padEnd(40, 'x');

const FIELDS = {
  'teradata-lake': {
    private_key: PEM,
    pat: 'pat-123',
    sub: 'lake_user',
    org_id: 'fd3463dee-3efe-4120-8153-0bb253547df7',
    host: 'tddemos.innovationlabs.teradata.com',
    system: 'shared_demo',
  },
  'visual-layer': { api_key: 'vl-key', api_secret: SECRET, dataset_id: 'ds-1' },
  dataos: { api_key: 'dos-key', context: 'emerging-hawk', path: '/lens2/api/public:sales/v2/load' },
  'github-app': { private_key: PEM, client_id: 'Iv23liAbc' },
  snowflake: { private_key: PEM, account: 'myorg-acct', user: 'jsmith' },
  'google-service-account': {
    key_file: JSON.stringify({
      type: 'service_account',
      project_id: 'p1',
      private_key_id: 'kid-1',
      private_key: PEM,
      client_email: 'robot@p1.iam.gserviceaccount.com',
    }),
  },
  // RS512, not PS*: PSS signatures are randomized, and the CLI test compares tokens byte for byte.
  custom: { key: PEM, alg: 'RS512', claims: '{"sub":"me"}', url: 'https://api.example.com/x' },
};

function splitToken(token) {
  const [header, payload, signature] = token.split('.');
  const json = (part) => JSON.parse(Buffer.from(part, 'base64url').toString());
  return { header: json(header), payload: json(payload), input: `${header}.${payload}`, signature };
}

async function verifyBoth(token, alg) {
  const { input, signature } = splitToken(token);
  const data = Buffer.from(input);
  const sig = Buffer.from(signature, 'base64url');
  if (alg === 'HS256') {
    assert.equal(createHmac('sha256', SECRET).update(data).digest('base64url'), signature);
    await jose.jwtVerify(token, new TextEncoder().encode(SECRET), { currentDate: new Date(NOW * 1000) });
  } else {
    const bits = Number(alg.slice(2));
    const options = alg.startsWith('PS') ? { key: publicKey, padding: 6, saltLength: bits / 8 } : publicKey;
    assert.ok(cryptoVerify(`sha${bits}`, data, options, sig), `node:crypto verifies ${alg}`);
    await jose.jwtVerify(token, await jose.importSPKI(publicKey.export({ type: 'spki', format: 'pem' }), alg), {
      currentDate: new Date(NOW * 1000),
    });
  }
}

test("teradata-lake: the guide's header and claims, verified by node:crypto and jose", async () => {
  const minted = mint('teradata-lake', FIELDS['teradata-lake'], { now: NOW });
  await verifyBoth(minted.token, 'RS256');
  const { header, payload } = splitToken(minted.token);
  assert.deepEqual(Object.entries(header), [
    ['alg', 'RS256'],
    ['kid', 'primary'],
    ['typ', 'JWT'],
  ]);
  assert.deepEqual(Object.entries(payload), [
    ['aud', ['td:service:authentication']],
    ['exp', NOW + 3600],
    ['iat', NOW],
    ['iss', 'jwtmint'],
    ['org_id', 'fd3463dee-3efe-4120-8153-0bb253547df7'],
    ['multi-use', true],
    ['pat', 'pat-123'],
    ['sub', 'lake_user'],
  ]);
  assert.deepEqual(minted.request, {
    method: 'POST',
    url: 'https://tddemos.innovationlabs.teradata.com/api/tdrest/systems/shared_demo/queries',
    headers: {
      Accept: 'application/json',
      Authorization: `Bearer ${minted.token}`,
      'Content-Type': 'application/json',
    },
    body: '{"query":"SEL * FROM dbc.dbcinfo","logMech":"JWT"}',
  });
  assert.deepEqual([minted.issuedAt, minted.expiresAt], [NOW, NOW + 3600]);
});

test('visual-layer: HS256 with the secret, kid and sub the API key, 10 minutes', async () => {
  const minted = mint('visual-layer', FIELDS['visual-layer'], { now: NOW });
  await verifyBoth(minted.token, 'HS256');
  const { header, payload } = splitToken(minted.token);
  assert.deepEqual(Object.entries(header), [
    ['alg', 'HS256'],
    ['typ', 'JWT'],
    ['kid', 'vl-key'],
  ]);
  assert.deepEqual(Object.entries(payload), [
    ['sub', 'vl-key'],
    ['iat', NOW],
    ['exp', NOW + 600],
    ['iss', 'sdk'],
  ]);
  assert.equal(minted.request.url, 'https://app.visual-layer.com/api/v1/dataset/ds-1');
  assert.equal(minted.request.body, null);
});

test('dataos: no token; the key goes where the placement says', () => {
  const minted = mint('dataos', FIELDS.dataos, { now: NOW });
  assert.equal(minted.token, null);
  assert.deepEqual(minted.request.headers, { Authorization: 'Bearer dos-key' });
  const query = mint('dataos', { ...FIELDS.dataos, placement: 'query', method: 'POST', body: '{"a":1}' });
  assert.equal(query.request.url, 'https://emerging-hawk.dataos.app/lens2/api/public:sales/v2/load?apikey=dos-key');
  assert.deepEqual(query.request.headers, { 'Content-Type': 'application/json' });
  assert.equal(query.request.body, '{"a":1}');
});

test('presets beyond the seeds verify with jose', async () => {
  for (const [id, alg] of [
    ['github-app', 'RS256'],
    ['snowflake', 'RS256'],
    ['google-service-account', 'RS256'],
    ['custom', 'RS512'],
  ]) {
    const minted = mint(id, FIELDS[id], { now: NOW });
    await verifyBoth(minted.token, alg);
  }
  await verifyBoth(mint('custom', { ...FIELDS.custom, alg: 'PS256' }, { now: NOW }).token, 'PS256');
  const { payload } = splitToken(mint('snowflake', FIELDS.snowflake, { now: NOW }).token);
  const fingerprint = execFileSync('openssl', ['dgst', '-sha256', '-binary'], {
    input: publicKey.export({ type: 'spki', format: 'der' }),
  }).toString('base64');
  assert.equal(payload.iss, `MYORG-ACCT.JSMITH.SHA256:${fingerprint}`);
});

test('every preset descriptor is complete, and presets() hands out copies', () => {
  const all = presets();
  // Every document in presets/, in the order src/preset/mod.rs lists them, the seeds' first.
  const listed = [...readFileSync(join(root, 'src/preset/mod.rs'), 'utf8').matchAll(/built_in!\("([a-z0-9-]+)"\)/g)];
  const files = readdirSync(join(root, 'presets')).filter((name) => name.endsWith('.json'));
  assert.deepEqual(
    all.map((preset) => preset.id),
    listed.map(([, id]) => id),
  );
  assert.deepEqual(all.map((preset) => `${preset.id}.json`).sort(), files.sort());
  assert.deepEqual(
    all.slice(0, 3).map((preset) => preset.id),
    ['teradata-lake', 'visual-layer', 'dataos'],
  );
  assert.equal(all.at(-1).id, 'custom');
  for (const preset of all) {
    assert.ok(preset.name && preset.description && preset.docsUrl.startsWith('https://'), preset.id);
    for (const field of preset.fields) {
      assert.equal(typeof field.secret, 'boolean');
      assert.ok(
        [
          'text',
          'pem',
          'boolean',
          'choice',
          'lifetime',
          'host',
          'label',
          'url',
          'path',
          'multiline',
          'json',
          'key',
          'certificate',
        ].includes(field.kind.type),
      );
    }
  }
  all[0].fields.length = 0;
  assert.ok(presets()[0].fields.length > 0);
  assert.equal(presets()[1].fields.find((field) => field.name === 'api_secret').secret, true);
});

test('bad fields fail together, each named with its message', () => {
  assert.throws(
    () => mint('teradata-lake', { ...FIELDS['teradata-lake'], host: 'https://x/', pat: undefined, extra: 1 }),
    (error) => {
      assert.ok(error instanceof JwtMintError);
      assert.equal(error.code, 'FIELDS_INVALID');
      assert.deepEqual(Object.keys(error.fields), ['extra', 'pat', 'host']);
      assert.match(error.fields.host, /without https:\/\//);
      return true;
    },
  );
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' });
  assert.throws(
    () => mint('github-app', { ...FIELDS['github-app'], private_key: publicPem }),
    (error) => error.code === 'KEY_NOT_PRIVATE' && /BEGIN PRIVATE KEY/.test(error.fields.private_key),
  );
  assert.throws(() => mint('nope', {}), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => mint('dataos', 'fields'), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => mint('dataos', FIELDS.dataos, { soon: 1 }), { code: 'INVALID_ARGUMENT' });
});

test('the renderers take the request mint returns', () => {
  const { request } = mint('teradata-lake', FIELDS['teradata-lake'], { now: NOW });
  assert.match(toCurl(request), /^curl -q -g --fail-with-body -sS -X POST 'https:\/\/tddemos/);
  assert.match(
    toCurl(request, { shell: 'powershell' }),
    /^# PowerShell 7\.3 or later: .*\nif \(\$PSVersionTable\.PSVersion -lt \[version\]'7\.3' .*\} else \{\ncurl\.exe [^]*\n\}$/,
  );
  assert.match(toFetch(request), /^const response = await fetch\("https:/);
  assert.match(toPython(request), /^import requests\n/);
  assert.match(toHttpie(request), /^http --ignore-stdin --ignore-netrc --check-status \\\n {2}--raw='/);
  assert.throws(() => toCurl(request, { shell: 'cmd' }), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => toCurl({ ...request, headers: { A: 'x\r\nB: y' } }), { code: 'INVALID_ARGUMENT' });
});

test('TokenSource caches, then re-mints within refreshBefore of expiry', () => {
  let now = NOW;
  const source = new TokenSource('visual-layer', FIELDS['visual-layer'], { refreshBefore: '60s', clock: () => now });
  const first = source.token();
  assert.equal(splitToken(first).payload.iat, NOW);
  now = NOW + 539;
  assert.equal(source.token(), first, 'cached while more than 60 s remain');
  now = NOW + 540;
  const second = source.token();
  assert.notEqual(second, first);
  assert.equal(splitToken(second).payload.iat, NOW + 540);
  assert.equal(source.authorization(), `Bearer ${second}`);
  assert.equal(source.minted().request.headers.Authorization, `Bearer ${second}`);
  // A refreshBefore longer than the lifetime is held to half of it rather than re-minting always.
  const eager = new TokenSource('visual-layer', FIELDS['visual-layer'], { refreshBefore: '1h', clock: () => now });
  const kept = eager.token();
  now += 299;
  assert.equal(eager.token(), kept);
  source.dispose();
  assert.throws(() => source.token(), { code: 'INVALID_ARGUMENT' });
  assert.throws(() => new TokenSource('dataos', FIELDS.dataos), /no token to refresh/);
  assert.throws(() => new TokenSource('visual-layer', {}), { code: 'FIELDS_INVALID' });
  assert.throws(() => new TokenSource('visual-layer', FIELDS['visual-layer'], { refresh: '1m' }), {
    code: 'INVALID_ARGUMENT',
  });
});

const cli = (args, options = {}) =>
  spawnSync(process.execPath, [`${root}pkg/cli.mjs`, ...args], { encoding: 'utf8', ...options });

test('the CLI mints the same token as the API for every signing preset', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jwtmint-cli-'));
  for (const [id, fields] of Object.entries(FIELDS)) {
    const api = mint(id, fields, { now: NOW });
    const args = ['mint', id, '--now', String(NOW), '--json'];
    const env = { ...process.env };
    for (const [name, value] of Object.entries(fields)) {
      const file = join(dir, `${id}-${name}`);
      writeFileSync(file, value);
      if (name === 'api_secret') {
        env.VL_SECRET = value;
        args.push('--field', `${name}=env:VL_SECRET`);
      } else {
        args.push('--field', `${name}=@${file}`);
      }
    }
    const result = cli(args, { env });
    assert.equal(result.status, 0, `${id}: ${result.stderr}`);
    assert.deepEqual(JSON.parse(result.stdout), api, id);
    if (api.request) {
      const curl = cli(
        args.map((arg) => (arg === '--json' ? '--curl' : arg)),
        { env },
      );
      assert.equal(curl.stdout, `${toCurl(api.request)}\n`, id);
    }
  }
  const key = join(dir, 'key.pem');
  writeFileSync(key, PEM);
  const viaKey = cli(['mint', 'github-app', '--key', key, '--field', 'client_id=Iv23liAbc', '--now', String(NOW)]);
  assert.equal(viaKey.stdout.trim(), mint('github-app', FIELDS['github-app'], { now: NOW }).token);
  const python = cli(
    ['mint', 'dataos', '--field', 'api_key=env:K', '--field', 'context=c', '--field', 'path=/p', '--python'],
    {
      env: { ...process.env, K: 'dos' },
    },
  );
  assert.equal(python.stdout, toPython(mint('dataos', { api_key: 'dos', context: 'c', path: '/p' }).request));
});

test('the CLI lists presets and explains bad input', () => {
  const list = cli(['presets']);
  assert.equal(list.status, 0);
  for (const preset of presets()) assert.match(list.stdout, new RegExp(`^${preset.id} `, 'm'));
  assert.deepEqual(JSON.parse(cli(['presets', 'dataos', '--json']).stdout), presets()[2]);
  const literal = cli(['mint', 'dataos', '--field', 'api_key=abc', '--field', 'context=c', '--field', 'path=/p']);
  assert.equal(literal.status, 0);
  assert.match(literal.stderr, /shell history/);
  const bad = cli(['mint', 'teradata-lake', '--field', 'host=https://x']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^jwtmint: FIELDS_INVALID: check these fields: private_key: .*host: a host name/);
  assert.equal(cli(['mint', 'nope']).status, 2);
  assert.match(cli(['mint', 'dataos', '--field', 'x']).stderr, /NAME=VALUE/);
  assert.match(cli(['mint', 'dataos', '--curl', '--json']).stderr, /choose one output/);
});

test('a Key imported once stands in for the key field: the same token as from its text', () => {
  const encrypted = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw-1' });
  const key = importKey(encrypted, { passphrase: 'pw-1' });
  const fields = { ...FIELDS['teradata-lake'] };
  const fromText = mint('teradata-lake', fields, { now: NOW });
  const fromKey = mint('teradata-lake', { ...fields, private_key: key }, { now: NOW });
  assert.equal(fromKey.token, fromText.token, 'RS256 is deterministic: the same key gives the same token');
  // The custom preset's key field takes one too, in place of an encrypted key and its passphrase.
  const claims = '{"sub":"me"}';
  const custom = mint('custom', { key, claims }, { now: NOW });
  assert.equal(custom.token, mint('custom', { key: encrypted, passphrase: 'pw-1', claims }, { now: NOW }).token);
  const [header, payload, signature] = custom.token.split('.');
  assert.ok(
    cryptoVerify('sha256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url')),
  );
  const source = new TokenSource('teradata-lake', { ...fields, private_key: key }, { clock: () => NOW });
  assert.equal(source.token(), fromKey.token);
  source.dispose();
  // Only a private-key field takes a Key, only one, and it must sign the preset's algorithm.
  const secret = importKey(SECRET, { encoding: 'utf8' });
  const refused = (run) => {
    try {
      run();
    } catch (error) {
      return [error.code, Object.keys(error.fields ?? {})];
    }
    return 'minted';
  };
  assert.deepEqual(
    refused(() => mint('visual-layer', { api_key: 'k', api_secret: secret, dataset_id: 'd' })),
    ['FIELDS_INVALID', ['api_secret']],
  );
  assert.deepEqual(
    refused(() => mint('teradata-lake', { ...fields, private_key: secret })),
    ['KEY_ALG_MISMATCH', ['private_key']],
  );
  assert.deepEqual(
    refused(() => mint('custom', { key, passphrase: key })),
    ['INVALID_ARGUMENT', []],
  );
  secret.free();
  key.free();
  assert.throws(() => mint('teradata-lake', { ...fields, private_key: key }), { code: 'INVALID_ARGUMENT' });
});

// describePreset reads one document and presetSummaries none in full: in a fresh process (so
// that nothing has read them all yet) both must give what presets() gives.
test('describePreset and presetSummaries agree with presets(), called first in a fresh process', () => {
  const child = `
const api = require(${JSON.stringify(join(root, 'pkg/node.cjs'))});
const summaries = api.presetSummaries();
const described = summaries.map(({ id }) => api.describePreset(id));
let unknown = null;
try { api.describePreset('no-such-preset'); } catch (error) { unknown = [error.code, error.message]; }
process.stdout.write(JSON.stringify({ summaries, described, unknown, all: api.presets() }));`;
  const { summaries, described, unknown, all } = JSON.parse(
    execFileSync(process.execPath, ['-e', child], { encoding: 'utf8' }),
  );
  assert.ok(all.length >= 30);
  assert.deepEqual(
    summaries,
    all.map(({ id, name }) => ({ id, name })),
  );
  assert.deepEqual(described, all);
  assert.equal(unknown[0], 'INVALID_ARGUMENT');
  assert.match(unknown[1], /unknown preset "no-such-preset"; known presets: teradata-lake, visual-layer/);
});
