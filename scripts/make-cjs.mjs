// Writes a CommonJS copy of an ES module that has only top-level `export function|class|const`
// declarations and no imports, so one hand-written source serves `import` and `require`.
import { readFileSync, writeFileSync } from 'node:fs';

const [source, target] = process.argv.slice(2);
const text = readFileSync(source, 'utf8');
if (/^\s*import\s/m.test(text) || /^export\s+(default|\{|\*)/m.test(text)) {
  throw new Error(`${source}: only top-level "export function|class|const" declarations can be converted`);
}
const names = [];
const body = text.replace(
  /^export\s+(async\s+function|function|class|const)\s+([A-Za-z_$][\w$]*)/gm,
  (_, kind, name) => {
    names.push(name);
    return `${kind} ${name}`;
  },
);
writeFileSync(
  target,
  `'use strict';\n// Generated from ${source} by scripts/make-cjs.mjs; do not edit.\n${body}\nmodule.exports = { ${names.join(', ')} };\n`,
);
