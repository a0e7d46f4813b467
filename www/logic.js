// Page logic without the DOM: which inputs a preset needs, what to remember, how to show times.
// The views call these; nothing here touches the document.

/** The input control a field kind needs. */
export function controlFor(field) {
  const kind = field.kind.type;
  if (kind === 'boolean') return 'checkbox';
  if (kind === 'choice') return 'select';
  if (['pem', 'json', 'key', 'multiline'].includes(kind)) return 'textarea';
  return 'input';
}

/** Fields whose value may be dropped in as a file. */
export const acceptsFile = (field) => ['pem', 'json', 'key'].includes(field.kind.type);

/** The field values to mint from: empty text means "use the default", so it is left out. */
export function fieldValues(preset, raw) {
  const values = {};
  for (const field of preset.fields) {
    const value = raw[field.name];
    if (value === undefined || value === '') continue;
    values[field.name] = value;
  }
  return values;
}

/**
 * Whether text is read as a key (a PEM block or a JSON object) rather than a UTF-8 secret: the
 * rule `verify` applies to a string key (`Key::from_text_or_secret` in src/key/mod.rs).
 */
export const looksLikeKeyText = (text) => text.includes('-----BEGIN') || text.trimStart().startsWith('{');

/** Whether the user has typed enough to try minting: every required field without a default. */
export function readyToMint(preset, raw) {
  return preset.fields.every(
    (field) => !field.required || field.default !== null || String(raw[field.name] ?? '').trim() !== '',
  );
}

const REMEMBER_PREFIX = 'jwtmint.remember.';

/** Non-secret values only: secrets never reach storage, whatever the caller passes. */
export function rememberable(preset, raw) {
  const kept = {};
  for (const field of preset.fields) {
    if (!field.secret && raw[field.name] !== undefined && raw[field.name] !== '') kept[field.name] = raw[field.name];
  }
  return kept;
}

export function saveRemembered(storage, preset, raw) {
  storage.setItem(REMEMBER_PREFIX + preset.id, JSON.stringify(rememberable(preset, raw)));
}

export function loadRemembered(storage, preset) {
  try {
    const saved = JSON.parse(storage.getItem(REMEMBER_PREFIX + preset.id) ?? '{}');
    return rememberable(preset, saved);
  } catch {
    return {};
  }
}

export function forgetAll(storage) {
  for (let index = storage.length - 1; index >= 0; index -= 1) {
    const key = storage.key(index);
    if (key?.startsWith('jwtmint.')) storage.removeItem(key);
  }
}

/** `2026-11-22 21:14:05 UTC (in 59 min)` for a NumericDate. */
export function describeTime(seconds, now) {
  const iso = new Date(seconds * 1000)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  return `${iso} (${relative(seconds - now)})`;
}

export function relative(delta) {
  const span = duration(Math.abs(delta));
  if (delta === 0) return 'now';
  return delta > 0 ? `in ${span}` : `${span} ago`;
}

/** `1 h 04 min`, `9 min 58 s`, `42 s`. */
export function duration(seconds) {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = Math.floor(seconds % 60);
  if (hours >= 48) return `${Math.floor(hours / 24)} days`;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  if (minutes > 0) return `${minutes} min ${String(rest).padStart(2, '0')} s`;
  return `${rest} s`;
}

/** Claims worth a human-readable time next to them. */
export const TIME_CLAIMS = ['iat', 'nbf', 'exp'];

/** The status of a token's times: expired, not yet valid, or valid with the time left. */
export function timeStatus(payload, now) {
  if (typeof payload.nbf === 'number' && now < payload.nbf) {
    return { state: 'pending', text: `not valid yet: becomes valid ${relative(payload.nbf - now)}` };
  }
  if (typeof payload.exp === 'number') {
    if (now >= payload.exp) return { state: 'expired', text: `expired ${relative(payload.exp - now)}` };
    return { state: 'valid', text: `valid, expires ${relative(payload.exp - now)}` };
  }
  return { state: 'valid', text: 'no expiry (exp) set' };
}

/** Runs `action` once input has paused for `wait` ms. */
export function debounce(action, wait) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => action(...args), wait);
  };
}

/** The command tabs, in the order the page shows them. */
export const COMMANDS = [
  { id: 'curl', label: 'curl (bash)' },
  { id: 'powershell', label: 'curl (PowerShell)' },
  { id: 'fetch', label: 'fetch (JS)' },
  { id: 'python', label: 'Python' },
  { id: 'httpie', label: 'HTTPie' },
];
