// Anyone's own preset through the npm API: a document written by hand (here, and into a temp dir
// outside the project) mints tokens node:crypto and jose verify, checkPreset reports mistakes
// with where they are, the renderers take a minted result with its exchange, and TokenSource
// performs a token exchange against a loopback token endpoint, caching the access token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import * as jose from 'jose';
import {
  presets,
  checkPreset,
  mint,
  toCurl,
  toFetch,
  toPython,
  toHttpie,
  TokenSource,
  JwtMintError,
} from '../../pkg/node.mjs';
import {
  createValueKeeper,
  documentFromFragment,
  hostsOf,
  linkRefusal,
  presetFragment,
} from '../../www/preset-docs.js';

const NOW = 1_700_000_000;
const SECRET = 'acme-reports-shared-secret-0123456789';

/** A small HS256 preset for an internal API, as a team would write it. */
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
    {
      name: 'report',
      label: 'Report',
      help: 'Which report',
      kind: 'choice',
      options: ['daily', 'weekly'],
      default: 'daily',
    },
  ],
  algorithm: 'HS256',
  key: { field: 'secret', encoding: 'utf8' },
  lifetime: { default: '15m', max: '1h' },
  header: { alg: 'HS256', typ: 'JWT' },
  claims: { iss: 'acme-dashboard', sub: '{user}', aud: 'reports', iat: '{now}', exp: '{exp}' },
  request: {
    method: 'GET',
    url: 'https://reports.internal.acme.example/v1/reports/{report | segment}',
    headers: { Authorization: 'Bearer {token}', Accept: 'application/json' },
  },
};

/** A client-assertion exchange (RFC 7523 §2.2) at a token endpoint given as a field. */
function exchangeDocument() {
  return {
    ...TEAM,
    id: 'acme-exchange',
    name: 'Acme API via its token endpoint',
    fields: [
      { name: 'client_secret', label: 'Client secret', help: 'Signs the assertion', kind: 'text', secret: true },
      { name: 'client_id', label: 'Client id', help: 'iss and sub', kind: 'text' },
      { name: 'token_url', label: 'Token endpoint', help: 'aud, and where the assertion goes', kind: 'url' },
    ],
    key: { field: 'client_secret' },
    lifetime: { default: '5m', max: '5m' },
    claims: { iss: '{client_id}', sub: '{client_id}', aud: '{token_url}', iat: '{now}', exp: '{exp}', jti: '{uuid}' },
    exchange: {
      method: 'POST',
      url: '{token_url}',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: {
        form: {
          grant_type: 'client_credentials',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: '{token}',
        },
      },
      read: 'access_token',
    },
    request: {
      method: 'GET',
      url: 'https://api.acme.example/v1/me',
      headers: { Authorization: 'Bearer {access_token}' },
    },
  };
}

const hmacOk = (token, secret) => {
  const [header, payload, signature] = token.split('.');
  return createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url') === signature;
};
const partsOf = (token) =>
  token
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url')));

test('a hand-written document mints like a built-in preset: exact header, claims and request', async () => {
  const text = JSON.stringify(TEAM, null, 2);
  const fields = { secret: SECRET, user: 'jsmith' };
  const minted = mint(text, fields, { now: NOW });
  assert.ok(hmacOk(minted.token, SECRET), 'node:crypto verifies the HMAC');
  await jose.jwtVerify(minted.token, new TextEncoder().encode(SECRET), {
    currentDate: new Date(NOW * 1000),
    issuer: 'acme-dashboard',
    audience: 'reports',
  });
  const [header, payload] = partsOf(minted.token);
  assert.deepEqual(Object.entries(header), [
    ['alg', 'HS256'],
    ['typ', 'JWT'],
  ]);
  assert.deepEqual(Object.entries(payload), [
    ['iss', 'acme-dashboard'],
    ['sub', 'jsmith'],
    ['aud', 'reports'],
    ['iat', NOW],
    ['exp', NOW + 900],
  ]);
  assert.deepEqual(minted.request, {
    method: 'GET',
    url: 'https://reports.internal.acme.example/v1/reports/daily',
    headers: { Authorization: `Bearer ${minted.token}`, Accept: 'application/json' },
    body: null,
  });
  assert.equal(minted.exchange, null);
  // The object, its text, and the text after a BOM and a blank line are the same document.
  for (const same of [TEAM, `\ufeff\n${text}`]) assert.deepEqual(mint(same, fields, { now: NOW }), minted);
  // Its limits hold as a built-in's do.
  assert.throws(() => mint(TEAM, { ...fields, report: 'hourly' }, { now: NOW }), { code: 'FIELDS_INVALID' });
  assert.throws(() => mint(TEAM, fields, { now: NOW, lifetime: '2h' }), { code: 'FIELDS_INVALID' });
  assert.throws(() => mint(42, fields), { code: 'INVALID_ARGUMENT', message: /id .*document/ });
  assert.throws(() => mint([TEAM], fields), { code: 'INVALID_ARGUMENT' });
});

test('checkPreset returns the descriptor, or PRESET_INVALID saying where', () => {
  const descriptor = checkPreset(JSON.stringify(TEAM), { source: 'acme-reports.json' });
  assert.equal(descriptor.id, 'acme-reports');
  assert.equal(descriptor.source, 'acme-reports.json', 'the name it was checked under');
  assert.equal(descriptor.exchange, false);
  assert.deepEqual(descriptor.hosts, ['reports.internal.acme.example']);
  assert.deepEqual(
    descriptor.fields.map((field) => [field.name, field.secret, field.default]),
    [
      ['secret', true, null],
      ['user', false, null],
      ['report', false, 'daily'],
    ],
  );
  assert.deepEqual(checkPreset(TEAM), { ...descriptor, source: 'preset document' }, 'an object is its JSON text');
  const typo = { ...TEAM, claims: { ...TEAM.claims, exp: '{lifetme}' } };
  assert.throws(
    () => checkPreset(typo, { source: 'acme-reports.json' }),
    (error) => {
      assert.ok(error instanceof JwtMintError);
      assert.equal(error.code, 'PRESET_INVALID');
      assert.match(error.message, /^acme-reports\.json: claims\.exp: .*lifetme/);
      return true;
    },
  );
  assert.throws(() => checkPreset(typo), { code: 'PRESET_INVALID', message: /^preset document: claims\.exp/ });
  assert.throws(() => checkPreset('{"format": 1,'), { code: 'PRESET_INVALID', message: /^preset document: / });
  assert.throws(() => checkPreset('github-app'), { code: 'INVALID_ARGUMENT', message: /not an id/ });
  assert.throws(() => checkPreset(TEAM, { sorce: 'x' }), { code: 'INVALID_ARGUMENT', message: /sorce/ });
  assert.throws(() => checkPreset(TEAM, { source: 7 }), { code: 'INVALID_ARGUMENT' });
  // presets() lists the built-in ones only, however many documents were checked or minted.
  const builtIn = presets();
  assert.ok(builtIn.every((preset) => preset.source === 'built-in'));
  assert.ok(!builtIn.some((preset) => preset.id === 'acme-reports'));
});

test('the renderers take a minted result: its request, or the whole exchange flow', () => {
  const team = mint(TEAM, { secret: SECRET, user: 'jsmith' }, { now: NOW });
  const renderers = [toCurl, (subject) => toCurl(subject, { shell: 'powershell' }), toFetch, toPython, toHttpie];
  for (const render of renderers) assert.equal(render(team), render(team.request));
  const fields = { client_secret: SECRET, client_id: 'dash', token_url: 'https://auth.acme.example/oauth2/token' };
  const flow = mint(exchangeDocument(), fields, { now: NOW });
  assert.equal(flow.exchange.url, 'https://auth.acme.example/oauth2/token');
  assert.equal(flow.exchange.read, 'access_token');
  assert.ok(flow.exchange.body.includes(`client_assertion=${flow.token}`));
  assert.equal(flow.request.headers.Authorization, 'Bearer {access_token}');
  for (const render of renderers) {
    const script = render(flow);
    assert.ok(script.includes('auth.acme.example/oauth2/token') && script.includes('api.acme.example/v1/me'));
    assert.ok(script.includes(flow.token), 'the assertion is in the exchange');
    assert.ok(!script.includes('{access_token}'), 'the placeholder became a variable of the script');
  }
  assert.throws(() => toCurl({ ...team, request: null }), { code: 'INVALID_ARGUMENT', message: /no request/ });
});

/** A token endpoint on 127.0.0.1 that checks each assertion and counts the exchanges. */
async function tokenEndpoint() {
  const endpoint = { calls: 0, assertions: [], answer: null };
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      endpoint.calls += 1;
      const form = new URLSearchParams(body);
      const assertion = form.get('client_assertion');
      endpoint.assertions.push(assertion);
      const valid =
        request.method === 'POST' &&
        request.headers['content-type'] === 'application/x-www-form-urlencoded' &&
        form.get('grant_type') === 'client_credentials' &&
        hmacOk(assertion, SECRET);
      const [status, answer] = endpoint.answer?.(assertion) ?? [
        valid ? 200 : 401,
        valid
          ? { access_token: `access-${endpoint.calls}`, token_type: 'Bearer', expires_in: 600 }
          : { error: 'invalid_client' },
      ];
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(typeof answer === 'string' ? answer : JSON.stringify(answer));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint.url = `http://127.0.0.1:${server.address().port}/oauth2/token`;
  endpoint.close = () => {
    server.close();
    server.closeAllConnections(); // fetch keeps connections alive: a closed endpoint must be unreachable
  };
  return endpoint;
}

test('TokenSource with exchange: true exchanges once, caches by expires_in, exchanges again when due', async () => {
  const endpoint = await tokenEndpoint();
  try {
    let now = NOW;
    const fields = { client_secret: SECRET, client_id: 'dash', token_url: endpoint.url };
    const source = new TokenSource(exchangeDocument(), fields, { exchange: true, clock: () => now });
    assert.equal(await source.token(), 'access-1');
    assert.equal(await source.authorization(), 'Bearer access-1');
    now += 539; // 600 s, less the 60 s refresh margin
    assert.equal(await source.token(), 'access-1');
    assert.equal(endpoint.calls, 1, 'cached while more than refreshBefore is left');
    now += 1;
    // Calls made while an exchange runs share it.
    assert.deepEqual(await Promise.all([source.token(), source.token()]), ['access-2', 'access-2']);
    assert.equal(endpoint.calls, 2);
    // Each exchange posts a fresh assertion, minted at the clock's time.
    const [first, second] = endpoint.assertions;
    assert.notEqual(first, second);
    assert.deepEqual([partsOf(first)[1].iat, partsOf(second)[1].iat], [NOW, NOW + 540]);
    assert.equal(source.minted().token, second);
    source.dispose();
    await assert.rejects(source.token(), { code: 'INVALID_ARGUMENT', message: /disposed/ });

    // No expires_in (Salesforce sends none): exchanged again when the assertion would be re-minted.
    endpoint.answer = () => [200, { access_token: `plain-${endpoint.calls}` }];
    const plain = new TokenSource(exchangeDocument(), fields, { exchange: true, clock: () => now });
    const kept = await plain.token();
    now += 239; // a 5 min assertion, re-minted 60 s before its end
    assert.equal(await plain.token(), kept);
    now += 1;
    assert.notEqual(await plain.token(), kept);
  } finally {
    endpoint.close();
  }
});

test('a failed exchange is EXCHANGE_FAILED with the status, never the assertion or the secret', async () => {
  const endpoint = await tokenEndpoint();
  try {
    const fields = { client_secret: SECRET, client_id: 'dash', token_url: endpoint.url };
    const source = new TokenSource(exchangeDocument(), fields, { exchange: true });
    const expectFailure = async (answer, status, pattern) => {
      endpoint.answer = answer;
      await assert.rejects(source.token(), (error) => {
        assert.ok(error instanceof JwtMintError);
        assert.equal(error.code, 'EXCHANGE_FAILED');
        assert.equal(error.status, status);
        assert.match(error.message, pattern);
        for (const assertion of endpoint.assertions) assert.ok(!error.message.includes(assertion));
        assert.ok(!error.message.includes(SECRET));
        return true;
      });
    };
    // The endpoint's own words (RFC 6749 §5.2), even when it echoes what it was sent.
    await expectFailure(
      (assertion) => [400, { error: 'invalid_grant', error_description: `bad ${assertion} for ${SECRET}` }],
      400,
      /answered HTTP 400 \(invalid_grant: bad \[redacted\] for \[redacted\]\)/,
    );
    await expectFailure(() => [200, { token_type: 'Bearer' }], 200, /without a "access_token" string/);
    await expectFailure(() => [200, '<html>'], 200, /without a "access_token"/);
    await expectFailure(() => [302, {}], 302, /HTTP 302/);
    const retried = endpoint.calls;
    endpoint.answer = null;
    assert.equal(await source.token(), `access-${retried + 1}`, 'a failure is not cached');
  } finally {
    endpoint.close();
  }
  const closed = new TokenSource(
    exchangeDocument(),
    { client_secret: SECRET, client_id: 'dash', token_url: endpoint.url },
    { exchange: true },
  );
  await assert.rejects(closed.token(), (error) => error.code === 'EXCHANGE_FAILED' && error.status === undefined);
});

test('TokenSource takes a document; exchange and fetch options are checked', async () => {
  const team = new TokenSource(TEAM, { secret: SECRET, user: 'jsmith' });
  assert.ok(hmacOk(team.token(), SECRET));
  assert.equal(team.authorization(), `Bearer ${team.token()}`);
  const fields = { client_secret: SECRET, client_id: 'dash', token_url: 'https://auth.acme.example/token' };
  let asked = null;
  const injected = new TokenSource(exchangeDocument(), fields, {
    exchange: true,
    fetch: async (url, init) => {
      asked = { url, ...init };
      return { ok: true, status: 200, text: async () => '{"access_token":"injected","expires_in":60}' };
    },
  });
  assert.equal(await injected.token(), 'injected');
  const posted = injected.minted();
  assert.deepEqual(asked, {
    url: posted.exchange.url,
    method: 'POST',
    headers: posted.exchange.headers,
    body: posted.exchange.body,
    redirect: 'manual',
  });
  // Without exchange: true an exchange preset gives its assertion, synchronously.
  assert.ok(hmacOk(new TokenSource(exchangeDocument(), fields).token(), SECRET));
  const refused = [
    [TEAM, { exchange: true }, /no token exchange/],
    [exchangeDocument(), { exchange: 'yes' }, /boolean/],
    [exchangeDocument(), { fetch: () => null }, /with exchange: true/],
    [exchangeDocument(), { exchange: true, fetch: 'fetch' }, /function/],
  ];
  for (const [document, options, message] of refused) {
    const values = document === TEAM ? { secret: SECRET, user: 'jsmith' } : fields;
    assert.throws(() => new TokenSource(document, values, options), { code: 'INVALID_ARGUMENT', message });
  }
});

test("the page's links: a document round-trips through #preset=, and one that carries a secret is refused", () => {
  const text = JSON.stringify({ ...TEAM, description: 'Rapports — équipe ✓ 📈' }, null, 2);
  const fragment = presetFragment(text);
  assert.match(fragment, /^preset=[A-Za-z0-9_-]+$/);
  assert.equal(Buffer.from(fragment.slice(7), 'base64url').toString(), text, 'plain base64url of the UTF-8 text');
  assert.deepEqual(documentFromFragment(`#${fragment}`), { text });
  assert.deepEqual(documentFromFragment(`#other=1&${fragment}`), { text });
  assert.equal(documentFromFragment(''), null);
  assert.equal(documentFromFragment('#section-2'), null);
  for (const damaged of [
    '#preset=',
    '#preset=%%%',
    '#preset=a',
    `#preset=${Buffer.from([0xc3, 0x28]).toString('base64url')}`,
  ]) {
    assert.match(documentFromFragment(damaged).error, /damaged|not UTF-8/, damaged);
  }
  assert.match(documentFromFragment(`#preset=${'A'.repeat(400_000)}`).error, /over 256 KB/);

  assert.equal(linkRefusal(text), null);
  const withField = (change) => JSON.stringify({ ...TEAM, fields: [{ ...TEAM.fields[0], ...change }, TEAM.fields[1]] });
  assert.match(linkRefusal(withField({ default: 'shared-secret' })), /secret field secret/);
  assert.match(
    linkRefusal(withField({ secret: false, default: 'k' })),
    /secret field secret/,
    'the key field is secret',
  );
  assert.equal(linkRefusal(withField({ default: '' })), null);
  assert.match(
    linkRefusal(JSON.stringify({ ...TEAM, key: { field: 'secret', text: 'hunter2-{secret}' } })),
    /key's text/,
  );
  assert.match(linkRefusal(JSON.stringify({ ...TEAM, key: { field: 'secret', passphrase: 'pw' } })), /passphrase/);
  assert.equal(linkRefusal(JSON.stringify({ ...TEAM, key: { field: 'secret', text: '{secret}' } })), null);
  assert.equal(linkRefusal('{"format": 1,'), null, 'not JSON: checkPreset says where');
  const descriptor = { fields: [{ name: 'secret', secret: true, default: 'from-the-engine' }] };
  assert.match(linkRefusal(text, descriptor), /secret field secret/);

  const minted = mint(exchangeDocument(), {
    client_secret: SECRET,
    client_id: 'c',
    token_url: 'https://auth.acme.example:8443/t',
  });
  assert.deepEqual(hostsOf({ hosts: ['{host}'] }), { request: ['{host}'], exchange: [] });
  assert.deepEqual(hostsOf({ hosts: [] }, minted), {
    request: ['api.acme.example'],
    exchange: ['auth.acme.example:8443'],
  });

  const kept = createValueKeeper();
  const values = { secret: SECRET, user: 'me' };
  kept.save('file:acme-reports', values, ['user']);
  values.user = 'changed later';
  assert.deepEqual(kept.get('file:acme-reports'), { values: { secret: SECRET, user: 'me' }, chosen: ['user'] });
  assert.equal(kept.get('acme-reports'), null, 'a built-in id is another entry');
  kept.forget();
  assert.equal(kept.get('file:acme-reports'), null);
});
