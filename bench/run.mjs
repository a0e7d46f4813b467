// npm run bench: jwtmint against the peers in one Node process, the same keys and claims for
// everyone, warm-up then timed samples; medians, spread and the ratio to node:crypto (the native
// limit). Also cold start, the page's and the package's size. Writes bench/RESULTS.md.
// Absolute numbers are noise on a shared 2-core machine: read the ratios.
import { createPrivateKey } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { cpus, platform, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as jose from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import { createSigner, createVerifier } from 'fast-jwt';
import jsrsasign from 'jsrsasign';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { importKey, sign, verify, createSigner as jwtmintSigner } from '../pkg/node.mjs';
import { runBrowser } from './browser.mjs';
import { measureAll } from './measure.mjs';
import { linkMap, sizeByCrate } from './size.mjs';
import { pageReady } from './page.mjs';
import { PEM_2048, PEM_4096, SECRET, SMALL, LARGE, EC_KEYS, b64, nativeSigner, nativeVerifier } from './fixtures.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');
// `--only TEXT`: just the Node cases whose name contains TEXT, printed, not written to RESULTS.md.
const only = process.argv.includes('--only') ? (process.argv[process.argv.indexOf('--only') + 1] ?? '') : null;
const SAMPLES = quick ? 3 : 7;
const SAMPLE_MS = quick ? 150 : 400;

function cases() {
  const jwt2048 = importKey(PEM_2048);
  const jwt4096 = importKey(PEM_4096);
  const secretKey = importKey(SECRET, { encoding: 'utf8' });
  const rsaVerifyToken = nativeSigner('RS256', PEM_2048)(SMALL);
  const publicPem = jwt2048.publicPem();
  const jwtPublic = importKey(publicPem);
  const joseKeys = {};
  const rsa = (alg, keyPem, jwtKey, joseName) => ({
    jwtmint: () => sign(SMALL, jwtKey, { alg, typ: 'JWT', issuedAt: false }),
    'node:crypto': nativeSigner(alg, keyPem).bind(null, SMALL),
    jose: async () => new jose.SignJWT(SMALL).setProtectedHeader({ alg, typ: 'JWT' }).sign(joseKeys[joseName]),
    'fast-jwt': (
      (signer) => () =>
        signer(SMALL)
    )(createSigner({ algorithm: alg, key: keyPem, noTimestamp: true })),
    jsonwebtoken: () => jsonwebtoken.sign(SMALL, keyPem, { algorithm: alg, noTimestamp: true }),
    jsrsasign: () => jsrsasign.KJUR.jws.JWS.sign(alg, { alg, typ: 'JWT' }, SMALL, keyPem),
  });
  const hsSigner = jwtmintSigner(secretKey, { alg: 'HS256', typ: 'JWT', issuedAt: false });
  const hs = (claims) => ({
    jwtmint: () => sign(claims, secretKey, { alg: 'HS256', typ: 'JWT', issuedAt: false }),
    // The one-liner most people write: the secret as a string, no Key (issue 18: within 1.2× of
    // the Key's time).
    'jwtmint, string secret': () => sign(claims, SECRET, { alg: 'HS256', typ: 'JWT', issuedAt: false }),
    // A prepared signer, like fast-jwt's createSigner below.
    'jwtmint createSigner': () => hsSigner(claims),
    'node:crypto': nativeSigner('HS256', null, SECRET).bind(null, claims),
    jose: async () => new jose.SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(joseKeys.secret),
    'fast-jwt': (
      (signer) => () =>
        signer(claims)
    )(createSigner({ algorithm: 'HS256', key: SECRET, noTimestamp: true })),
    jsonwebtoken: () => jsonwebtoken.sign(claims, SECRET, { algorithm: 'HS256', noTimestamp: true }),
    jsrsasign: () => jsrsasign.KJUR.jws.JWS.sign('HS256', { alg: 'HS256', typ: 'JWT' }, claims, { utf8: SECRET }),
  });
  const fastVerify = createVerifier({ key: publicPem, algorithms: ['RS256'], ignoreExpiration: true });
  return {
    setup: async () => {
      joseKeys.rs2048 = await jose.importPKCS8(PEM_2048, 'RS256');
      joseKeys.rs4096 = await jose.importPKCS8(PEM_4096, 'RS256');
      joseKeys.ps2048 = await jose.importPKCS8(PEM_2048, 'PS256');
      joseKeys.secret = new TextEncoder().encode(SECRET);
      joseKeys.public = await jose.importSPKI(publicPem, 'RS256');
      for (const alg of Object.keys(EC_KEYS)) {
        joseKeys[alg] = await jose.importPKCS8(EC_KEYS[alg].pem, alg);
        joseKeys[`${alg} public`] = await jose.importSPKI(EC_KEYS[alg].publicPem, alg);
      }
    },
    list: {
      ...ecCases(joseKeys),
      'RS256 sign, 2048-bit': rsa('RS256', PEM_2048, jwt2048, 'rs2048'),
      'RS256 sign, 4096-bit': rsa('RS256', PEM_4096, jwt4096, 'rs4096'),
      'PS256 sign, 2048-bit': rsa('PS256', PEM_2048, jwt2048, 'ps2048'),
      'HS256 sign, small claims': hs(SMALL),
      'HS256 sign, 1 KB claims': hs(LARGE),
      'key import, PKCS#8 PEM 2048': {
        jwtmint: () => importKey(PEM_2048).free(),
        'node:crypto': () => createPrivateKey(PEM_2048),
        jose: () => jose.importPKCS8(PEM_2048, 'RS256'),
        jsrsasign: () => jsrsasign.KEYUTIL.getKey(PEM_2048),
      },
      'RS256 verify, 2048-bit': {
        jwtmint: () => verify(rsaVerifyToken, jwtPublic, { now: 1_700_000_001 }),
        'node:crypto': nativeVerifier('RS256', publicPem).bind(null, rsaVerifyToken),
        jose: () => jose.jwtVerify(rsaVerifyToken, joseKeys.public, { currentDate: new Date(1_700_000_001_000) }),
        'fast-jwt': () => fastVerify(rsaVerifyToken),
        jsonwebtoken: () => jsonwebtoken.verify(rsaVerifyToken, publicPem, { clockTimestamp: 1_700_000_001 }),
        jsrsasign: () => jsrsasign.KJUR.jws.JWS.verify(rsaVerifyToken, publicPem, ['RS256']),
      },
    },
  };
}

// ES256/384/512 and EdDSA, sign and verify: jwtmint (key imported once from PKCS#8 PEM or SPKI
// PEM), node:crypto's KeyObject, jose with imported keys, and @noble/curves on the raw key bytes.
// Every signer builds the same JWS (base64url header and claims, base64url raw signature); every
// verifier checks a token node:crypto signed (the by-hand ones check only the signature, jwtmint
// and jose also the header and times).
const NOBLE = {
  ES256: p256,
  ES384: p384,
  ES512: p521,
  EdDSA: ed25519,
};
// noble's ECDSA defaults to low-S signatures only (Bitcoin's rule); JWS has no such rule, and
// half of node:crypto's signatures are high-S. noble hashes with the curve's SHA-2 itself.
const NOBLE_OPTIONS = { ES256: { lowS: false }, ES384: { lowS: false }, ES512: { lowS: false }, EdDSA: {} };
const CURVE = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521', EdDSA: 'Ed25519' };
const enc = new TextEncoder();

function ecCases(joseKeys) {
  const list = {};
  // Before timing: every signer's token verifies under node:crypto and every verifier accepts
  // node:crypto's token, so that no peer is timed doing something else (e.g. failing fast).
  ecChecks.length = 0;
  for (const [alg, keys] of Object.entries(EC_KEYS)) {
    const noble = NOBLE[alg];
    const options = NOBLE_OPTIONS[alg];
    const header = b64({ alg, typ: 'JWT' });
    const jwtKey = importKey(keys.pem);
    const jwtPublic = importKey(keys.publicPem);
    const signOptions = { alg, typ: 'JWT', issuedAt: false };
    const prepared = jwtmintSigner(jwtKey, signOptions);
    const token = nativeSigner(alg, keys.pem)(SMALL);
    list[`${alg} sign, ${CURVE[alg]}`] = {
      jwtmint: () => sign(SMALL, jwtKey, signOptions),
      'jwtmint createSigner': () => prepared(SMALL),
      'node:crypto': nativeSigner(alg, keys.pem).bind(null, SMALL),
      jose: () => new jose.SignJWT(SMALL).setProtectedHeader({ alg, typ: 'JWT' }).sign(joseKeys[alg]),
      '@noble/curves': () => {
        const input = `${header}.${b64(SMALL)}`;
        return `${input}.${Buffer.from(noble.sign(enc.encode(input), keys.rawPrivate, options)).toString('base64url')}`;
      },
    };
    list[`${alg} verify, ${CURVE[alg]}`] = {
      jwtmint: () => verify(token, jwtPublic, { now: 1_700_000_001 }),
      'node:crypto': nativeVerifier(alg, keys.publicPem).bind(null, token),
      jose: () => jose.jwtVerify(token, joseKeys[`${alg} public`], { currentDate: new Date(1_700_000_001_000) }),
      '@noble/curves': () => {
        const [head, payload, signature] = token.split('.');
        return noble.verify(
          Buffer.from(signature, 'base64url'),
          enc.encode(`${head}.${payload}`),
          keys.rawPublic,
          options,
        );
      },
    };
    const nativeCheck = nativeVerifier(alg, keys.publicPem);
    ecChecks.push(async () => {
      for (const [peer, run] of Object.entries(list[`${alg} sign, ${CURVE[alg]}`])) {
        if (!nativeCheck(await run())) throw new Error(`bench: ${peer}'s ${alg} token does not verify`);
      }
      for (const [peer, run] of Object.entries(list[`${alg} verify, ${CURVE[alg]}`])) {
        if (!(await run())) throw new Error(`bench: ${peer} refuses node:crypto's ${alg} token`);
      }
    });
  }
  return list;
}
const ecChecks = [];

// The targets for ECDSA and EdDSA: jwtmint's `sign()` and `verify()` time per token at most this
// many times node:crypto's, and @noble/curves' at least 3 times jwtmint's.
const EC_TARGETS = { ES256: 8, ES384: 8, ES512: 8, EdDSA: 4 };
const NOBLE_TARGET = 3;

function ecSummary(all) {
  const rows = [];
  for (const [name, results] of Object.entries(all)) {
    const alg = name.split(' ')[0];
    if (!(alg in EC_TARGETS)) continue;
    const time = (peer) => 1 / results[peer].median;
    const native = time('jwtmint') / time('node:crypto');
    const noble = time('@noble/curves') / time('jwtmint');
    const met = native <= EC_TARGETS[alg] && noble >= NOBLE_TARGET ? 'yes' : 'no';
    const prepared = results['jwtmint createSigner']
      ? ` (createSigner ${(time('jwtmint createSigner') / time('node:crypto')).toFixed(2)}×)`
      : '';
    rows.push(
      `| ${name} | ${native.toFixed(2)}×${prepared} | ≤ ${EC_TARGETS[alg]}× | ${noble.toFixed(2)}× | ${(time('jose') / time('jwtmint')).toFixed(2)}× | ${met} |`,
    );
  }
  return rows;
}

// Fresh processes, taken in turns (a bare node, then each case) so that the machine's drift
// falls on all of them alike; the median of each. The CLI cases are issue 18's "first token":
// `jwtmint sign` with an RS256 PEM key and `jwtmint mint` of a preset, each printing a token.
function coldStart() {
  const runs = quick ? 5 : 15;
  const script = `import { importKey, sign } from './pkg/node.mjs'; import { readFileSync } from 'node:fs';
console.log(sign({ sub: 'me' }, importKey(readFileSync('tests/keys/rsa2048.pem', 'utf8')), { alg: 'RS256' }).length);`;
  const cases = {
    bare: ['-e', ''],
    first: ['--input-type=module', '-e', script],
    cliSign: ['pkg/cli.mjs', 'sign', '--key', 'tests/keys/rsa2048.pem', '--alg', 'RS256', '--sub', 'me'],
    cliMint: [
      ...['pkg/cli.mjs', 'mint', 'github-app', '--key', 'tests/keys/rsa2048.pem', '--field', 'client_id=Iv23liAbc'],
    ],
  };
  const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (let run = 0; run < runs; run += 1) {
    for (const [name, args] of Object.entries(cases)) {
      const start = performance.now();
      execFileSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      times[name].push(performance.now() - start);
    }
  }
  const median = (list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const result = Object.fromEntries(Object.entries(times).map(([name, list]) => [name, median(list)]));
  return { ...result, runs, extra: result.first - result.bare };
}

function sizes() {
  const file = (path) => {
    const bytes = readFileSync(`${root}${path}`);
    return { path, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };
  // What a browser with wasm SIMD loads; the scalar fallback is reported beside it.
  const packageFiles = [
    'pkg/wasm/web/jwtmint_simd_bg.wasm',
    'pkg/wasm/web/jwtmint.js',
    'pkg/api.js',
    'pkg/browser.js',
  ].map(file);
  const scalar = file('pkg/wasm/web/jwtmint_bg.wasm');
  const pageFiles = readdirSync(`${root}www`)
    .filter((name) => statSync(`${root}www/${name}`).isFile())
    .map((name) => file(`www/${name}`))
    .filter(
      (entry) =>
        !entry.path.endsWith('embed.html') && !entry.path.includes('embed-demo') && !entry.path.endsWith('jwt-mint.js'),
    );
  const total = (list) =>
    list.reduce((sum, entry) => ({ raw: sum.raw + entry.raw, gzip: sum.gzip + entry.gzip }), { raw: 0, gzip: 0 });
  return {
    packageFiles,
    scalar,
    package: total(packageFiles),
    scalarPackage: total([scalar, ...packageFiles.slice(1)]),
    page: total([...packageFiles, ...pageFiles]),
    tarball: tarball(),
  };
}

// What `npm install jwtmint` downloads and unpacks: both builds, both glues, the CLI and types.
function tarball() {
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json'], {
      cwd: `${root}pkg`,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
  return { packed: packed.size, unpacked: packed.unpackedSize, files: packed.entryCount };
}

// Cases run again with and without a CPU feature that OpenSSL uses (bench/cpu.mjs), where the
// CPU has it. The bits are OPENSSL_ia32cap(3)'s second word, CPUID.7.EBX: 21 is AVX512IFMA and
// 29 is SHA.
const FEATURES = [
  { flag: 'avx512ifma', name: 'AVX-512 IFMA', mask: ':~0x200000', what: 'RSA', case: 'rs256', against: 'node:crypto' },
  { flag: 'sha_ni', name: 'SHA-NI', mask: ':~0x20000000', what: 'SHA-256', case: 'hs256-1k', against: 'fast-jwt' },
];
function cpuFeatures() {
  // Linux tells the CPU's flags; elsewhere the rows are left out.
  if (!existsSync('/proc/cpuinfo')) return [];
  const flags = new Set(readFileSync('/proc/cpuinfo', 'utf8').split(/\s+/));
  const run = (name, env) =>
    JSON.parse(
      execFileSync(process.execPath, [`${root}bench/cpu.mjs`, name, String(SAMPLE_MS), String(SAMPLES)], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
      }),
    );
  return FEATURES.map((feature) =>
    flags.has(feature.flag)
      ? {
          ...feature,
          present: true,
          with: run(feature.case, {}),
          without: run(feature.case, { OPENSSL_ia32cap: feature.mask }),
        }
      : { ...feature, present: false },
  );
}

const fmt = (n) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const { setup, list } = cases();
await setup();
for (const check of ecChecks) await check();
const lines = [];
const all = {};
for (const [name, peers] of Object.entries(list)) {
  if (only !== null && !name.includes(only)) continue;
  const results = await measureAll(peers, { sampleMs: SAMPLE_MS, samples: SAMPLES });
  all[name] = results;
  const native = results['node:crypto'].median;
  lines.push(`| **${name}** | | | |`);
  for (const [peer, { median, spread }] of Object.entries(results)) {
    const timeRatio = native / median;
    lines.push(`| ${peer} | ${fmt(median)} | ±${(spread * 50).toFixed(0)}% | ${timeRatio.toFixed(2)}× |`);
  }
  process.stderr.write(`bench: ${name} done\n`);
}
function summaryTable() {
  const rows = ecSummary(all);
  if (rows.length === 0) return '';
  return `
| case | jwtmint time × node:crypto | target | @noble/curves time ÷ jwtmint's (target ≥ ${NOBLE_TARGET}×) | jose time ÷ jwtmint's | targets met |
| --- | ---: | ---: | ---: | ---: | :---: |
${rows.join('\n')}
`;
}
if (only !== null) {
  process.stdout.write(
    `| case / signer | ops/s (median) | spread | time × node:crypto |\n| --- | ---: | ---: | ---: |\n${lines.join('\n')}\n${summaryTable()}`,
  );
  process.exit(0);
}
process.stderr.write('bench: the same in headless Chromium\n');
const browser = await runBrowser({
  pem: PEM_2048,
  pem4096: PEM_4096,
  secret: SECRET,
  claims: SMALL,
  largeClaims: LARGE,
  ec: Object.fromEntries(Object.entries(EC_KEYS).map(([alg, { pem, publicPem }]) => [alg, { pem, publicPem }])),
  sampleMs: SAMPLE_MS,
  samples: SAMPLES,
});
const browserLines = [];
for (const [name, results] of Object.entries(browser.results)) {
  const native = results.WebCrypto.median;
  browserLines.push(`| **${name}** | | | |`);
  for (const [peer, { median, spread }] of Object.entries(results)) {
    browserLines.push(
      `| ${peer} | ${fmt(median)} | ±${(spread * 50).toFixed(0)}% | ${(native / median).toFixed(2)}× |`,
    );
  }
}
const named = mkdtempSync(join(tmpdir(), 'jwtmint-size-'));
// The SIMD build linked again (the same flags as scripts/build.sh, so only the final link runs)
// with wasm-ld's map of what each object put where, for bench/size.mjs.
const simdTarget = `${root}target/simd`;
execFileSync(
  'cargo',
  [
    ...['rustc', '--quiet', '--lib', '--release', '--target', 'wasm32-unknown-unknown', '--target-dir', simdTarget],
    ...['--', '-C', `link-arg=--Map=${join(named, 'jwtmint.map')}`],
  ],
  {
    cwd: root,
    env: { ...process.env, RUSTFLAGS: '-C target-feature=+simd128' },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
execFileSync('wasm-bindgen', [
  `${simdTarget}/wasm32-unknown-unknown/release/jwtmint.wasm`,
  ...['--out-dir', named, '--out-name', 'jwtmint', '--target', 'web', '--no-typescript', '--remove-producers-section'],
]);
const crates = sizeByCrate(
  join(named, 'jwtmint_bg.wasm'),
  linkMap(join(named, 'jwtmint.map'), `${simdTarget}/wasm32-unknown-unknown/release/deps`),
);
rmSync(named, { recursive: true });
const SHOWN = 24;
const shown = crates.crates.slice(0, SHOWN);
const rest = crates.crates.slice(SHOWN);
const crateLines = [
  ...shown,
  [
    `${rest.length} others`,
    rest.reduce((sum, [, bytes]) => sum + bytes, 0),
    crates.together(rest.map(([crate]) => crate)).gzip,
  ],
].map(
  ([crate, bytes, gzip]) => `| ${crate} | ${kb(bytes)} | ${((100 * bytes) / crates.total).toFixed(1)}% | ${kb(gzip)} |`,
);
// What the curves cost: each curve's own crate, and what they share.
const CURVE_CRATES = {
  'P-256: p256': ['p256'],
  'P-384: p384': ['p384'],
  'P-521: p521': ['p521'],
  'Ed25519: ed25519-dalek, curve25519-dalek, ed25519': ['ed25519_dalek', 'curve25519_dalek', 'ed25519'],
  'shared by the NIST curves: elliptic-curve, primeorder, primefield, crypto-bigint, ecdsa, rfc6979, wnaf, sec1, hybrid-array, ctutils, cmov, signature':
    [
      'elliptic_curve',
      'primeorder',
      'primefield',
      'crypto_bigint',
      'ecdsa',
      'rfc6979',
      'wnaf',
      'sec1',
      'hybrid_array',
      'ctutils',
      'cmov',
      'signature',
    ],
  'sha2 0.11 (SHA-2 for ECDSA and Ed25519; jwtmint keeps 0.10)': ['sha2 0.11'],
  'hmac (both versions: 0.13 for RFC 6979 and 0.12 for HS256)': ['hmac'],
};
const curveLines = Object.entries(CURVE_CRATES).map(([what, prefixes]) => {
  const { crates: found, raw, gzip } = crates.together(prefixes);
  return `| ${what} | ${kb(raw)} | ${kb(gzip)} | ${found.join(', ') || 'none'} |`;
});
const allCurves = crates.together(
  Object.values(CURVE_CRATES)
    .flat()
    .filter((crate) => crate !== 'hmac'),
);
const cold = coldStart();
process.stderr.write('bench: page ready\n');
const page = await pageReady({ runs: quick ? 3 : 9 });
const features = only === null ? cpuFeatures() : [];
const featureRatios = (feature, results) =>
  Object.entries(results)
    .filter(([signer]) => signer !== feature.against)
    .map(([signer, { median }]) => `${signer} ${(results[feature.against].median / median).toFixed(2)}×`)
    .join(', ');
const featureText = features
  .map((feature) =>
    feature.present
      ? `This CPU has ${feature.name}, which OpenSSL 3 uses for ${feature.what} and WebAssembly cannot. \`bench/cpu.mjs ${feature.case}\` in fresh processes, time per token relative to ${feature.against}: ${featureRatios(feature, feature.with)} as it is; ${featureRatios(feature, feature.without)} with ${feature.name} hidden from OpenSSL (\`OPENSSL_ia32cap=${feature.mask}\`).`
      : `This CPU has no ${feature.name}, so OpenSSL computes ${feature.what} here as it does on CPUs without it.`,
  )
  .join(' ');
const size = sizes();
const machine = `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${platform()} ${release()}, Node ${process.version}`;
const report = `# Benchmark results

## Signers compared (\`npm run bench\`)

${new Date().toISOString().slice(0, 10)}, ${machine}. One run of \`npm run bench\`${quick ? ' --quick' : ''}: ${SAMPLES} samples of ${SAMPLE_MS} ms per signer after a warm-up, taken in turns with the other signers of the case (\`bench/measure.mjs\`). "time ×" is each signer's time per token divided by node:crypto's (1.00× = native speed; lower is better); spread is half the min-max range over the median.

| case / signer | ops/s (median) | spread | time × node:crypto |
| --- | ---: | ---: | ---: |
${lines.join('\n')}

${featureText}

ECDSA and EdDSA against the targets (from the table above: \`sign()\` and \`verify()\` with a key imported once; "÷ jwtmint's" above 1 means jwtmint is that many times faster):
${summaryTable()}
## In the browser (headless Chromium ${browser.version}, \`bench/browser.mjs\`)

Same keys and claims, same samples, in one page: jwtmint's browser build against WebCrypto (\`crypto.subtle\`, the browser's native code, async) and jose. "time ×" is relative to WebCrypto. The ECDSA and EdDSA verifiers check WebCrypto's token (jose with \`jwtVerify\`, as jwtmint's \`verify\` also checks the times).${browser.notes.map((note) => ` ${note}.`).join('')}

| case / signer | ops/s (median) | spread | time × WebCrypto |
| --- | ---: | ---: | ---: |
${browserLines.join('\n')}

## Cold start and size

Cold start (median of ${cold.runs} fresh processes each, taken in turns): bare \`node -e ''\` ${cold.bare.toFixed(0)} ms; import jwtmint, import a PEM key and print one RS256 token ${cold.first.toFixed(0)} ms: **${cold.extra.toFixed(0)} ms** more. The CLI's first token (target: at most 40 ms more than the bare node): \`jwtmint sign --key rsa2048.pem --alg RS256\` **${(cold.cliSign - cold.bare).toFixed(0)} ms** more, \`jwtmint mint github-app --key rsa2048.pem\` **${(cold.cliMint - cold.bare).toFixed(0)} ms** more.

Page ready (\`bench/page.mjs\`: navigation to the page's \`jwtmint-ready\` mark, the form built and a token possible, served as \`npm start\` serves it; median of ${page.runs}; targets 250 ms fresh, 150 ms cached): **${page.fresh.toFixed(0)} ms** in a fresh browser context, **${page.cached.toFixed(0)} ms** when the browser has it cached. The floor on this machine, a page of one module script that only sets the mark: ${page.floor.fresh.toFixed(0)} ms fresh, ${page.floor.cached.toFixed(0)} ms cached. Where the time goes (ms after navigation, fresh / cached): document received ${page.phases.fresh.document.toFixed(0)} / ${page.phases.cached.document.toFixed(0)}, first module runs ${page.phases.fresh.start.toFixed(0)} / ${page.phases.cached.start.toFixed(0)}, wasm ready ${page.phases.fresh.wasm.toFixed(0)} / ${page.phases.cached.wasm.toFixed(0)}, presets read ${page.phases.fresh.presets.toFixed(0)} / ${page.phases.cached.presets.toFixed(0)}, form built ${page.phases.fresh.ready.toFixed(0)} / ${page.phases.cached.ready.toFixed(0)}.

Size (gzip -9): ${size.packageFiles.map((entry) => `\`${entry.path}\` ${kb(entry.raw)} raw, ${kb(entry.gzip)} gzip`).join('; ')}. Browser package total **${kb(size.package.gzip)} gzip** (${kb(size.package.raw)} raw); the page with everything it loads ${kb(size.page.gzip)} gzip. Engines without wasm SIMD load the scalar build instead: \`${size.scalar.path}\` ${kb(size.scalar.raw)} raw, ${kb(size.scalar.gzip)} gzip, **${kb(size.scalarPackage.gzip)} gzip** with the glue. The npm tarball (\`npm pack\` in \`pkg/\`: both builds, once each, both glues, CLI and types) is ${kb(size.tarball.packed)}, ${kb(size.tarball.unpacked)} unpacked, ${size.tarball.files} files.

What each crate costs in the shipped SIMD \`.wasm\` (\`bench/size.mjs\`, on a copy that keeps the function names: function bodies by the crate in their name, data by the crate whose object holds it in the linker's map; ${kb(crates.total)} raw, ${kb(crates.gzip)} gzip in all; generic code instantiated in jwtmint counts as jwtmint's). "gzip" is what the crate adds to the gzip'd file: its size less that of the file with the crate's bytes cut out (so the column does not add up to the total: what compresses against other crates' bytes is counted nowhere):

| crate | raw | share | gzip |
| --- | ---: | ---: | ---: |
${crateLines.join('\n')}

What the curves add (the same method, each group's bytes cut out together; the curves' generic code that jwtmint's \`src/signature/ecdsa\` and \`eddsa\` instantiate counts as jwtmint's, so this is the floor of their cost). All the curve crates and sha2 0.11 together: ${kb(allCurves.raw)} raw, **${kb(allCurves.gzip)} gzip**.

| curve or part | raw | gzip | crates |
| --- | ---: | ---: | --- |
${curveLines.join('\n')}
`;
process.stdout.write(report);
// Keep the sections written by other scripts (bench/profiles.sh).
const previous = readFileSync(`${root}bench/RESULTS.md`, 'utf8');
const kept = previous.includes('## Release profile') ? previous.slice(previous.indexOf('## Release profile')) : '';
writeFileSync(`${root}bench/RESULTS.md`, `${report}\n${kept}`);
