// What each crate costs in the shipped .wasm: reads a copy of the SIMD build made by wasm-bindgen
// like the shipped one but with its function names kept (bench/run.mjs makes it; the build
// before wasm-bindgen also holds the describe functions that wasm-bindgen runs and removes, 30 KB
// of js_sys alone), sums each function body's bytes by the crate in its demangled name, and adds
// the data segments. Code a crate's generic functions generate inside jwtmint (monomorphised or
// inlined under LTO) counts as jwtmint's.
import { readFileSync } from 'node:fs';

function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  let position = at;
  for (;;) {
    const byte = bytes[position++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, position];
  }
}

function sections(bytes) {
  const list = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    list.push({ id, start, end: start + size });
    at = start + size;
  }
  return list;
}

const text = (bytes, at) => {
  const [length, start] = leb(bytes, at);
  return [new TextDecoder().decode(bytes.subarray(start, start + length)), start + length];
};

/** Bytes per crate (largest first), plus `(data)` and `(other)`, and the total size without the name section. */
export function sizeByCrate(path) {
  const bytes = readFileSync(path);
  const all = sections(bytes);
  let imported = 0;
  let nameSection = 0;
  const bodies = [];
  const names = new Map();
  const totals = new Map();
  const add = (key, size) => totals.set(key, (totals.get(key) ?? 0) + size);
  for (const { id, start, end } of all) {
    if (id === 2) {
      let [count, at] = leb(bytes, start);
      for (; count > 0; count -= 1) {
        [, at] = text(bytes, at);
        [, at] = text(bytes, at);
        const kind = bytes[at++];
        if (kind === 0) {
          imported += 1;
          [, at] = leb(bytes, at);
        } else if (kind === 1) at = skipLimits(bytes, at + 1);
        else if (kind === 2) at = skipLimits(bytes, at);
        else at += 2;
      }
    } else if (id === 10) {
      let [count, at] = leb(bytes, start);
      for (; count > 0; count -= 1) {
        const [size, body] = leb(bytes, at);
        bodies.push(body + size - at);
        at = body + size;
      }
    } else if (id === 11) add('(data)', end - start);
    else if (id === 0) {
      const [name, at] = text(bytes, start);
      if (name === 'name') {
        nameSection += end - start;
        let position = at;
        while (position < end) {
          const kind = bytes[position];
          const [size, body] = leb(bytes, position + 1);
          if (kind === 1) {
            let [count, cursor] = leb(bytes, body);
            for (; count > 0; count -= 1) {
              let index;
              let label;
              [index, cursor] = leb(bytes, cursor);
              [label, cursor] = text(bytes, cursor);
              names.set(index, label);
            }
          }
          position = body + size;
        }
      }
    } else if (id !== 0) add('(types, tables, exports)', end - start);
  }
  bodies.forEach((size, index) => add(crateOf(names.get(imported + index) ?? ''), size));
  return { total: bytes.length - nameSection, crates: [...totals].sort((a, b) => b[1] - a[1]) };
}

function skipLimits(bytes, at) {
  const flags = bytes[at];
  let [, next] = leb(bytes, at + 1);
  if (flags & 1) [, next] = leb(bytes, next);
  return next;
}

/** The crate of a demangled name, as wasm-bindgen keeps them (`crate[hash]::path`), `<T as Trait>::f` by T. */
function crateOf(symbol) {
  const demangled = /^[<&*\s]*(?:mut |const |dyn |\[)*([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(symbol);
  return demangled ? demangled[1] : '(glue and runtime)';
}
