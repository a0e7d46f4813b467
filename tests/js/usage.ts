// Compiled with `tsc --noEmit` against the installed package by package.test.mjs.
import init, {
  importKey,
  sign,
  signDetailed,
  createSigner,
  decode,
  verify,
  parseLifetime,
  errorCodes,
  JwtMintError,
  Key,
  presets,
  checkPreset,
  mint,
  fieldsFromFile,
  toCurl,
  toFetch,
  toPython,
  toHttpie,
  TokenSource,
  type PresetDescriptor,
  type PresetDocument,
  type HttpExchange,
  type ExchangingTokenSource,
  type Minted,
  type HttpRequest,
  type Algorithm,
  type JwtMintErrorCode,
  type SignOptions,
  type SignedToken,
  type VerifyOptions,
  type DecodedToken,
  type Curve,
  type PublicJwk,
} from 'jwtmint';

async function main(): Promise<void> {
  await init();
  const key: Key = importKey('-----BEGIN PRIVATE KEY-----...', { passphrase: 'pw' });
  const kind: 'secret' | 'private' | 'public' = key.kind;
  const algorithms: readonly Algorithm[] = key.algorithms;
  const options: SignOptions = { alg: 'RS256', kid: 'primary', expiresIn: '1h', aud: ['a'], jti: true, typ: false };
  const token: string = sign({ sub: 'me', nested: { list: [1, 'two', null] } }, key, options);
  const detailed: SignedToken = signDetailed('{"sub":"me"}', 'secret', { alg: 'HS256', expiresIn: 600 });
  const expiresAt: number | null = detailed.expiresAt;
  const signHs256: (claims: { sub: string } | string) => string = createSigner('secret', { alg: 'HS256' });
  const prepared: string = signHs256({ sub: 'me' });
  const decoded: DecodedToken = decode(token);
  const duplicates: string[] = decoded.duplicates;
  const expiry: number | undefined = decoded.times.exp;
  const lenient: Key = importKey('a-shared-secret-of-at-least-32-bytes', { orSecret: true });
  const mintedWithKey: Minted = mint('github-app', { private_key: lenient, client_id: 'Iv23liAbc' });
  const checks: VerifyOptions = {
    algorithms: ['RS256'],
    issuer: ['a', 'b'],
    clockTolerance: '30s',
    requiredClaims: ['exp'],
  };
  const { payload } = verify(token, key, checks);
  const seconds: number = parseLifetime('1h30m');
  const codes: JwtMintErrorCode[] = errorCodes();
  const thumbprint: string = key.thumbprint();
  const jwk = key.publicJwk({ kid: 'primary', alg: 'RS256' });
  // PublicJwk is a union on kty: n is there only once kty says RSA.
  const modulus: string = jwk.kty === 'RSA' ? jwk.n : jwk.x;
  key.free();
  const ec: Key = importKey({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y', d: 'd' });
  const curve: Curve | null = ec.curve;
  const keyType: 'oct' | 'RSA' | 'EC' | 'OKP' = ec.keyType;
  const es256: string = sign({ sub: 'me' }, ec);
  const implied: string = createSigner(ec, { expiresIn: '1h' })({ sub: 'me' });
  const ecJwk: PublicJwk = ec.publicJwk({ alg: 'ES256' });
  const point: string = ecJwk.kty === 'EC' ? ecJwk.y : '';
  const eddsa: Algorithm = 'EdDSA';
  try {
    importKey(new Uint8Array([1, 2, 3]));
  } catch (error) {
    if (error instanceof JwtMintError) {
      const code: JwtMintErrorCode = error.code;
      console.log(code);
    }
  }
  const descriptors: PresetDescriptor[] = presets();
  const firstField: string = descriptors[0].fields[0].name;
  const choice = descriptors[0].fields[0].kind;
  const choices: string[] = choice.type === 'choice' ? choice.options : [];
  const minted: Minted = mint(
    'visual-layer',
    { api_key: 'k', api_secret: 's', multi_use: true },
    { now: 1, lifetime: '5m' },
  );
  const request: HttpRequest | null = minted.request;
  const commands: string[] = request
    ? [
        toCurl(request),
        toCurl(request, { shell: 'powershell' }),
        toFetch(request),
        toPython(request),
        toHttpie(request),
      ]
    : [toCurl({ url: 'https://e.com/', headers: [['A', 'b']] })];
  const source = new TokenSource('teradata-lake', { host: 'h' }, { refreshBefore: '5m', clock: () => 1 });
  const authorization: string = source.authorization();
  source.dispose();
  // Your own preset: a document object (checked against PresetDocument) or its JSON text.
  const document: PresetDocument = {
    format: 1,
    id: 'acme-reports',
    name: 'Acme reports API',
    description: 'HS256 token for the internal reports API',
    docs: 'https://wiki.acme.example/reports-api',
    brings: 'key-and-secret',
    fields: [{ name: 'secret', label: 'Secret', kind: 'text', secret: true }],
    algorithm: 'HS256',
    key: { field: 'secret' },
    claims: { sub: 'me', exp: '{exp}' },
    exchange: { url: 'https://auth.example/token', body: { form: { assertion: '{token}' } }, read: 'access_token' },
  };
  const descriptor: PresetDescriptor = checkPreset(JSON.stringify(document), { source: 'acme.json' });
  const origin: string = descriptor.source;
  const hosts: string[] = descriptor.hosts;
  const perRequest: boolean = descriptor.tokenPerRequest;
  const fills: { [field: string]: string } = fieldsFromFile('coinbase-cdp', 'private_key', {
    name: 'k.json',
    text: '{}',
  });
  const rule: string | undefined = descriptor.fields[0].fromFileName?.fills;
  const fileFills: string[] | undefined = descriptor.fields[0].fromKeyFile?.kid;
  const own: Minted = mint(document, { secret: 's' });
  const exchange: HttpExchange | null = own.exchange;
  const read: string | undefined = exchange?.read;
  const flow: string = toCurl(own) + toFetch(own) + toPython(own) + toHttpie(own);
  const exchanging: ExchangingTokenSource = new TokenSource(document, { secret: 's' }, { exchange: true });
  const accessToken: Promise<string> = exchanging.token();
  const injected = new TokenSource(
    document,
    { secret: 's' },
    {
      exchange: true,
      fetch: async () => ({ ok: true, status: 200, text: async () => '{"access_token":"a"}' }),
    },
  );
  const bearer: Promise<string> = injected.authorization();
  const signedOnly: string = new TokenSource(document, { secret: 's' }).token();
  try {
    await accessToken;
  } catch (error) {
    if (error instanceof JwtMintError && error.code === 'EXCHANGE_FAILED') console.log(error.status);
  }
  console.log(origin, hosts, read, flow, bearer, signedOnly, perRequest, fills, rule, fileFills);
  try {
    mint('teradata-lake', {});
  } catch (error) {
    if (error instanceof JwtMintError && error.fields) console.log(error.fields['host']);
  }
  console.log(kind, algorithms, expiresAt, duplicates, payload, seconds, codes, thumbprint, modulus);
  console.log(firstField, choices, commands, authorization);
  console.log(curve, keyType, es256, implied, point, eddsa);
}

void main();
