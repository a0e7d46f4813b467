// What each crate costs in the shipped .wasm: reads a copy of the SIMD build made by wasm-bindgen
// like the shipped one but with its function names kept (bench/run.mjs makes it; the build
// before wasm-bindgen also holds the describe functions that wasm-bindgen runs and removes, 30 KB
// of js_sys alone), sums each function body's bytes by the crate in its demangled name, and adds
// the data segments. Code a crate's generic functions generate inside jwtmint (monomorphised or
// inlined under LTO) counts as jwtmint's.
//
// With the linker's map of the same link (`linkMap`, wasm-ld --Map), the data segments are
// attributed too, to the crate whose object holds each piece (the curves' base point tables are
// data), and a crate linked in two versions (sha2 0.10 and 0.11) is split by the version whose
// object holds the function. Each crate's `gzip` is what it adds to the gzip'd file: the file's
// gzip size less that of the file with the crate's code and data cut out.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

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

/**
 * Bytes per crate, largest first, as [crate, bytes, gzip]: code, plus data where `map` (from
 * `linkMap`) says whose it is, the rest as `(data)`; and the total size without the name section
 * and its gzip size.
 */
export function sizeByCrate(path, map = null) {
  const bytes = readFileSync(path);
  const all = sections(bytes);
  let imported = 0;
  let nameSection = 0;
  const bodies = [];
  const names = new Map();
  const totals = new Map();
  // crate → [start, end) ranges of the file that are its.
  const ranges = new Map();
  const add = (key, size, start) => {
    totals.set(key, (totals.get(key) ?? 0) + size);
    if (!ranges.has(key)) ranges.set(key, []);
    ranges.get(key).push([start, start + size]);
  };
  const segments = [];
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
        bodies.push([at, body + size - at]);
        at = body + size;
      }
    } else if (id === 11) segments.push(...dataSegments(bytes, start, end));
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
    } else if (id !== 0) add('(types, tables, exports)', end - start, start);
    if (id === 0 && text(bytes, start)[0] === 'name') ranges.set('(name section)', [[start - 1, end]]);
  }
  bodies.forEach(([start, size], index) => {
    const symbol = names.get(imported + index) ?? '';
    let crate = crateOf(symbol);
    const hash = /::h([0-9a-f]{16})$/.exec(symbol)?.[1];
    const object = hash && map?.functions.get(hash);
    // Only a crate linked in two versions gets its version in the name.
    if (object && map.versioned.has(crate) && object.startsWith(`${crate} `)) crate = object;
    else if (map?.versioned.has(crate)) crate = `${crate} (generic)`;
    add(crate, size, start);
  });
  for (const segment of segments) {
    let covered = 0;
    for (const piece of map?.data ?? []) {
      const from = Math.max(piece.address, segment.address);
      const to = Math.min(piece.address + piece.size, segment.address + segment.size);
      if (from >= to) continue;
      add(piece.crate, to - from, segment.start + from - segment.address);
      covered += to - from;
    }
    if (covered < segment.size) add('(data)', segment.size - covered, segment.start);
  }
  // What each crate adds to the gzip'd file (name section left out, as shipped).
  const cut = (drop) => {
    const keep = [];
    let at = 0;
    for (const [from, to] of [...drop].sort((a, b) => a[0] - b[0])) {
      if (from > at) keep.push(bytes.subarray(at, from));
      at = Math.max(at, to);
    }
    keep.push(bytes.subarray(at));
    return gzipSync(Buffer.concat(keep), { level: 9 }).length;
  };
  const names_ = ranges.get('(name section)') ?? [];
  const gzip = cut(names_);
  const crates = [...totals]
    .sort((a, b) => b[1] - a[1])
    .map(([crate, size]) => [crate, size, gzip - cut([...names_, ...ranges.get(crate)])]);
  // What a set of crates adds together (`sha2 0.11` is every sha2 0.11.x).
  const together = (prefixes) => {
    const mine = [...ranges].filter(
      ([crate]) =>
        !crate.startsWith('(') && prefixes.some((prefix) => crate === prefix || crate.startsWith(`${prefix}.`)),
    );
    return {
      crates: mine.map(([crate]) => crate),
      raw: mine.reduce((sum, [crate]) => sum + totals.get(crate), 0),
      gzip: gzip - cut([...names_, ...mine.flatMap(([, list]) => list)]),
    };
  };
  return { total: bytes.length - nameSection, gzip, crates, together };
}

// The active data segments, each { address, size, start } (start: where its bytes are in the file).
function dataSegments(bytes, start, end) {
  const list = [];
  let [count, at] = leb(bytes, start);
  for (; count > 0 && at < end; count -= 1) {
    const flags = bytes[at++];
    if (flags === 2) [, at] = leb(bytes, at);
    let address = 0;
    if (flags !== 1) {
      // i32.const N end
      if (bytes[at] !== 0x41) throw new Error('size: a data segment whose offset is not i32.const');
      let value;
      [value, at] = signedLeb(bytes, at + 1);
      address = value;
      at += 1;
    }
    const [size, body] = leb(bytes, at);
    list.push({ address, size, start: body });
    at = body + size;
  }
  return list;
}

function signedLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  let position = at;
  let byte;
  do {
    byte = bytes[position++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte >= 0x80);
  if (byte & 0x40) value -= 2 ** shift;
  return [value, position];
}

/**
 * Reads wasm-ld's map (--Map) of the link: for each function symbol's hash (`::h…`), the crate
 * (and version) whose object holds it; the data pieces by crate and memory address; and the
 * crates linked in more than one version. `deps` is cargo's deps folder of the build, whose `.d`
 * files tell each object's version.
 */
export function linkMap(mapPath, deps) {
  const functions = new Map();
  const data = [];
  const hashes = new Map();
  let section = '';
  const objectCrate = (input) => {
    const rlib = /lib([a-z0-9_]+)-([0-9a-f]{16})\.rlib\(/.exec(input);
    if (rlib) {
      if (!hashes.has(rlib[1])) hashes.set(rlib[1], new Set());
      hashes.get(rlib[1]).add(rlib[2]);
      return { crate: rlib[1], meta: rlib[2] };
    }
    const own = /\/([a-z0-9_]+)\.[a-z0-9_]+\.[0-9a-f]+-cgu\.\d+\.rcgu\.o:/.exec(input);
    return { crate: own ? own[1] : '(linker)', meta: null };
  };
  const pieces = [];
  for (const line of readFileSync(mapPath, 'utf8').split('\n')) {
    const row = /^\s*([0-9a-f]+|-)\s+[0-9a-f]+\s+([0-9a-f]+)\s(.*)$/.exec(line);
    if (!row) continue;
    const [, address, size, rest] = row;
    if (/^[A-Z]/.test(rest)) {
      section = rest.split('(')[0];
      continue;
    }
    const input = rest.trim();
    if (!input.includes(':(')) continue;
    const { crate, meta } = objectCrate(input);
    if (section === 'CODE') {
      const hash = /17h([0-9a-f]{16})E\)$/.exec(input)?.[1];
      if (hash) pieces.push({ kind: 'code', hash, crate, meta });
    } else if (section === 'DATA' && address !== '-' && /:\(\.(?:ro)?data\b/.test(input)) {
      pieces.push({ kind: 'data', address: parseInt(address, 16), size: parseInt(size, 16), crate, meta });
    }
  }
  const versioned = new Set([...hashes].filter(([, metas]) => metas.size > 1).map(([crate]) => crate));
  const label = (crate, meta) => {
    if (!versioned.has(crate) || meta === null) return crate;
    const file = `${deps}/${crate}-${meta}.d`;
    const pattern = new RegExp(`/${crate.replace(/_/g, '[-_]')}-(\\d+\\.\\d+\\.\\d+[^/]*)/`);
    const version = existsSync(file) ? pattern.exec(readFileSync(file, 'utf8'))?.[1] : null;
    return `${crate} ${version ?? meta}`;
  };
  for (const piece of pieces) {
    if (piece.kind === 'code') functions.set(piece.hash, label(piece.crate, piece.meta));
    else data.push({ address: piece.address, size: piece.size, crate: label(piece.crate, piece.meta) });
  }
  return { functions, data, versioned };
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
