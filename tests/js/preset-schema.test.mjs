// The JSON Schema shipped for preset documents (pkg/preset.schema.json) agrees with the engine:
// an independent validator (Ajv, JSON Schema 2020-12) accepts every built-in document, and
// refuses the structural mistakes the engine refuses, so an editor flags them as they are typed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { root } from './helpers.mjs';
import { checkPreset } from '../../pkg/node.mjs';

const schema = JSON.parse(readFileSync(join(root, 'pkg/preset.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const folder = join(root, 'presets');
const documents = readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .map((name) => [name, JSON.parse(readFileSync(join(folder, name), 'utf8'))]);

test('every built-in document validates against the shipped schema', () => {
  assert.ok(documents.length >= 7);
  for (const [name, document] of documents) {
    assert.ok(validate(document), `${name}: ${JSON.stringify(validate.errors)}`);
  }
});

test('the schema and the engine refuse the same structural mistakes', () => {
  const [, github] = documents.find(([name]) => name === 'github-app.json');
  const mistakes = [
    (d) => (d.format = 2),
    (d) => (d.id = 'Has Spaces'),
    (d) => (d.brings = 'a-smile'),
    (d) => (d.fields[0].kind = 'password'),
    (d) => (d.fields[0].colour = 'red'),
    (d) => (d.request.mehtod = 'GET'),
    (d) => (d.request.http = 3),
    (d) => (d.algorithm = 'none'),
    (d) => delete d.fields,
    (d) => (d.key = { text: '{private_key}' }),
  ];
  for (const mistake of mistakes) {
    const document = structuredClone(github);
    mistake(document);
    assert.equal(validate(document), false, `the schema accepts ${mistake}`);
    assert.throws(() => checkPreset(document, { source: 'x.json' }), { code: 'PRESET_INVALID' }, `${mistake}`);
  }
});
