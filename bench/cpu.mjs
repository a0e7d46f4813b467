// One case in a process of its own, so that bench/run.mjs can run it again with OPENSSL_ia32cap
// hiding a CPU feature from OpenSSL. OpenSSL 3 picks code for the CPU it runs on: on CPUs with
// AVX-512 IFMA (Ice Lake and later, Zen 4 and later) RSA-2048 runs on 52-bit multiply-adds
// eight lanes wide, about twice as fast as without; with SHA-NI (every Zen, Intel since Ice
// Lake) SHA-256 runs in dedicated instructions. WebAssembly has neither, so jwtmint's ratio to
// node:crypto and fast-jwt depends on which CPU the benchmark lands on.
// Usage: node bench/cpu.mjs rs256|hs256-1k SAMPLE_MS SAMPLES; prints { signer: { median, spread } }.
import { createSigner as fastJwtSigner } from 'fast-jwt';
import { importKey, sign, createSigner } from '../pkg/node.mjs';
import { PEM_2048, SECRET, SMALL, LARGE, nativeSigner } from './fixtures.mjs';
import { measureAll } from './measure.mjs';

const [name, sampleMs, samples] = process.argv.slice(2);
const cases = {
  rs256() {
    const key = importKey(PEM_2048);
    return {
      jwtmint: () => sign(SMALL, key, { alg: 'RS256', typ: 'JWT', issuedAt: false }),
      'node:crypto': nativeSigner('RS256', PEM_2048).bind(null, SMALL),
    };
  },
  'hs256-1k'() {
    const key = importKey(SECRET, { encoding: 'utf8' });
    const options = { alg: 'HS256', typ: 'JWT', issuedAt: false };
    const prepared = createSigner(key, options);
    const fastJwt = fastJwtSigner({ algorithm: 'HS256', key: SECRET, noTimestamp: true });
    return {
      jwtmint: () => sign(LARGE, key, options),
      'jwtmint createSigner': () => prepared(LARGE),
      'fast-jwt': () => fastJwt(LARGE),
    };
  },
};
const results = await measureAll(cases[name](), { sampleMs: Number(sampleMs), samples: Number(samples) });
process.stdout.write(JSON.stringify(results));
