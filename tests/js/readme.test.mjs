// The README's examples run: every ```js block through the built package, and every ```sh block
// of the CLI section through bash with `jwtmint` pointing at pkg/cli.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './helpers.mjs';

const readme = readFileSync(`${root}README.md`, 'utf8');
const blocks = (language, text) =>
  [...text.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]);
const dir = mkdtempSync(join(tmpdir(), 'jwtmint-readme-'));
// "Your own preset" runs where its document is saved, a directory outside the project.
const ownStart = readme.indexOf('\n## Your own preset\n');
const own = readme.slice(ownStart, readme.indexOf('\n## ', ownStart + 1));
const ownDir = mkdtempSync(join(tmpdir(), 'jwtmint-readme-own-'));
writeFileSync(join(ownDir, 'acme-reports.json'), blocks('json', own)[0] ?? '');
const jwtmintFunction = `jwtmint() { node "${root}pkg/cli.mjs" "$@"; }\n`;

test('the README JavaScript examples run', () => {
  const examples = [
    ...blocks('js', readme.replace(own, '')).map((code) => [code, root]),
    ...blocks('js', own).map((code) => [code, ownDir]),
  ];
  assert.ok(examples.length >= 4);
  examples.forEach(([code, cwd], index) => {
    const file = join(dir, `example-${index}.mjs`);
    writeFileSync(file, code.replaceAll("from 'jwtmint'", `from '${root}pkg/node.mjs'`));
    const output = execFileSync(process.execPath, [file], { cwd, encoding: 'utf8' });
    // Each `console.log(...); // shown` comment must be what the line prints ("..." elides).
    const shown = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((match) => match[1]);
    assert.ok(shown.length >= 3, `example ${index} shows its output`);
    let rest = output;
    for (const expected of shown) {
      const pattern = expected
        .split('...')
        .map((part) =>
          part
            .trim()
            .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
            .replace(/\s+/g, '\\s*'),
        )
        .join('[\\s\\S]*?');
      const found = new RegExp(pattern).exec(rest);
      assert.ok(found, `example ${index}: "${expected}" not printed (in order) by:\n${rest}`);
      rest = rest.slice(found.index + found[0].length);
    }
  });
});

test('the README CLI examples run', () => {
  const cliSection = readme.slice(readme.indexOf('## CLI'), readme.indexOf('## The page'));
  const [script] = blocks('sh', cliSection);
  const output = execFileSync('bash', ['-euo', 'pipefail', '-c', `${jwtmintFunction}${script}`], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.match(output, /"keys"/);
  assert.match(output, /"sub": "me"/);
});

test('"Your own preset": the hand-written document checks and mints through the CLI', () => {
  const [script] = blocks('sh', own);
  const output = execFileSync('bash', ['-euo', 'pipefail', '-c', `${jwtmintFunction}${script}`], {
    cwd: ownDir,
    encoding: 'utf8',
  });
  assert.match(output, /^acme-reports\.json: ok \(acme-reports, 3 fields\)\n/);
  assert.match(output, /curl .*'https:\/\/reports\.internal\.acme\.example\/v1\/reports\/weekly'/);
  assert.match(output, /-H 'Authorization: Bearer ey/);
});
