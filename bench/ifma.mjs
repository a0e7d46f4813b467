// RS256-2048, jwtmint against node:crypto only, in a process of its own: bench/run.mjs runs it
// twice, once as it is and once with OPENSSL_ia32cap hiding AVX-512 IFMA from OpenSSL. On CPUs
// that have IFMA (Ice Lake and later, Zen 4 and later), OpenSSL 3 computes RSA with 52-bit
// multiply-adds eight lanes wide, about twice as fast as without; WebAssembly has nothing like
// it, so the ratio to node:crypto depends on which CPU the benchmark lands on. Prints JSON.
import { createPrivateKey, sign as cryptoSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { importKey, sign } from '../pkg/node.mjs';
import { measureAll } from './measure.mjs';

const pem = readFileSync(new URL('../tests/keys/rsa2048.pem', import.meta.url), 'utf8');
const claims = { sub: '1234567890', name: 'John Doe', admin: true, iat: 1516239022 };
const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');
const nativeKey = createPrivateKey(pem);
const jwtmintKey = importKey(pem);
const [sampleMs, samples] = process.argv.slice(2).map(Number);
const results = await measureAll(
  {
    jwtmint: () => sign(claims, jwtmintKey, { alg: 'RS256', typ: 'JWT', issuedAt: false }),
    'node:crypto': () => {
      const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      return `${input}.${cryptoSign('sha256', Buffer.from(input), nativeKey).toString('base64url')}`;
    },
  },
  { sampleMs, samples },
);
process.stdout.write(JSON.stringify(results));
