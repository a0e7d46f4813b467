// One case in a process of its own, so that bench/run.mjs can run it again with OPENSSL_ia32cap
// hiding a CPU feature from OpenSSL. OpenSSL 3 picks code for the CPU it runs on: on CPUs with
// AVX-512 IFMA (Ice Lake and later, Zen 4 and later) RSA-2048 runs on 52-bit multiply-adds
// eight lanes wide, about twice as fast as without; with SHA-NI (every Zen, Intel since Ice
// Lake) SHA-256 runs in dedicated instructions. WebAssembly has neither, so jwtmint's ratio to
// node:crypto and fast-jwt depends on which CPU the benchmark lands on.
// Usage: node bench/cpu.mjs rs256|hs256-1k SAMPLE_MS SAMPLES; prints { signer: { median, spread } }.
import { createPrivateKey, sign as cryptoSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSigner as fastJwtSigner } from 'fast-jwt';
import { importKey, sign, createSigner } from '../pkg/node.mjs';
import { measureAll } from './measure.mjs';

const [name, sampleMs, samples] = process.argv.slice(2);
const small = { sub: 'user-1234', iss: 'bench', iat: 1_700_000_000, exp: 1_700_003_600 };
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const cases = {
  rs256() {
    const pem = readFileSync(new URL('../tests/keys/rsa2048.pem', import.meta.url), 'utf8');
    const header = b64({ alg: 'RS256', typ: 'JWT' });
    const nativeKey = createPrivateKey(pem);
    const key = importKey(pem);
    return {
      jwtmint: () => sign(small, key, { alg: 'RS256', typ: 'JWT', issuedAt: false }),
      'node:crypto': () => {
        const input = `${header}.${b64(small)}`;
        return `${input}.${cryptoSign('sha256', Buffer.from(input), nativeKey).toString('base64url')}`;
      },
    };
  },
  'hs256-1k'() {
    const secret = 'a-benchmark-secret-of-at-least-32-bytes!';
    const claims = { ...small, data: 'x'.repeat(1000) };
    const key = importKey(secret, { encoding: 'utf8' });
    const options = { alg: 'HS256', typ: 'JWT', issuedAt: false };
    const prepared = createSigner(key, options);
    const fastJwt = fastJwtSigner({ algorithm: 'HS256', key: secret, noTimestamp: true });
    return {
      jwtmint: () => sign(claims, key, options),
      'jwtmint createSigner': () => prepared(claims),
      'fast-jwt': () => fastJwt(claims),
    };
  },
};
const results = await measureAll(cases[name](), { sampleMs: Number(sampleMs), samples: Number(samples) });
process.stdout.write(JSON.stringify(results));
