// The package as users get it: `npm pack`, installed into a fresh project, imported with ESM and
// CommonJS, run as a bin, and its types checked with tsc against a usage file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './helpers.mjs';

const project = mkdtempSync(join(tmpdir(), 'jwtmint-pack-'));
const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('npm pack, install the tarball, and use it from ESM, CommonJS, the bin and TypeScript', () => {
  const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', project], `${root}pkg`));
  const files = packed.files.map((file) => file.path).sort();
  for (const needed of [
    'index.d.ts',
    'node.mjs',
    'node.cjs',
    'browser.js',
    'api.js',
    'cli.mjs',
    'wasm/api.cjs',
    'wasm/node/jwtmint.cjs',
    'wasm/web/jwtmint.js',
    'wasm/web/jwtmint_bg.wasm',
    'wasm/web/jwtmint_simd_bg.wasm',
    'README.md',
  ]) {
    assert.ok(files.includes(needed), `the tarball lacks ${needed}: ${files.join(', ')}`);
  }
  assert.ok(!files.some((file) => file.includes('.built')), 'build stamps stay out');
  // Each build ships once: the Node glue reads the copy in wasm/web/ that browsers fetch.
  assert.deepEqual(
    files.filter((file) => file.endsWith('.wasm')),
    ['wasm/web/jwtmint_bg.wasm', 'wasm/web/jwtmint_simd_bg.wasm'],
  );
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'commonjs' }));
  npm(['install', '--no-audit', '--no-fund', '--offline', join(project, packed.filename)], project);

  writeFileSync(
    join(project, 'esm.mjs'),
    `
    import { sign, verify, importKey, JwtMintError } from 'jwtmint';
    const token = sign({ sub: 'esm' }, 'a-secret-that-is-32-bytes-long!!', { alg: 'HS256', now: 1700000000 });
    const { payload } = verify(token, 'a-secret-that-is-32-bytes-long!!', { now: 1700000001 });
    try { importKey('nope'); } catch (error) { console.log(payload.sub, error instanceof JwtMintError, error.code, token); }
  `,
  );
  writeFileSync(
    join(project, 'cjs.cjs'),
    `
    const { sign, importKey, JwtMintError } = require('jwtmint');
    const token = sign({ sub: 'esm' }, 'a-secret-that-is-32-bytes-long!!', { alg: 'HS256', now: 1700000000 });
    try { importKey('nope'); } catch (error) { console.log(error instanceof JwtMintError, token); }
  `,
  );
  const esm = execFileSync(process.execPath, ['esm.mjs'], { cwd: project, encoding: 'utf8' }).trim().split(' ');
  const cjs = execFileSync(process.execPath, ['cjs.cjs'], { cwd: project, encoding: 'utf8' }).trim().split(' ');
  assert.deepEqual(esm.slice(0, 3), ['esm', 'true', 'KEY_PARSE']);
  assert.equal(esm[3], cjs[1], 'ESM and CommonJS sign the same token');
  const bin = execFileSync(join(project, 'node_modules/.bin/jwtmint'), ['decode', '--json', esm[3]], {
    cwd: project,
    encoding: 'utf8',
  });
  assert.equal(JSON.parse(bin).payload.sub, 'esm');

  writeFileSync(join(project, 'usage.ts'), readFileSync(`${root}tests/js/usage.ts`, 'utf8'));
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        lib: ['es2022', 'dom', 'esnext.disposable'],
        types: [],
      },
      files: ['usage.ts'],
    }),
  );
  execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', project], { encoding: 'utf8' });
  // And a misuse must fail to compile: the types are real, not `any`.
  writeFileSync(join(project, 'usage.ts'), `import { sign } from 'jwtmint';\nsign({}, 'k', { alg: 'none' });\n`);
  assert.throws(
    () =>
      execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', project], {
        encoding: 'utf8',
        stdio: 'pipe',
      }),
    (error) => /Type '"none"' is not assignable/.test(error.stdout),
  );
});
