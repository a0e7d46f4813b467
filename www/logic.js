// Page logic without the DOM: which inputs a preset needs, what to remember, how to show times.
// The views call these; nothing here touches the document.

/** The input control a field kind needs. */
export function controlFor(field) {
  const kind = field.kind.type;
  if (kind === 'boolean') return 'checkbox';
  if (kind === 'choice') return 'select';
  if (['pem', 'json', 'key', 'certificate', 'multiline'].includes(kind)) return 'textarea';
  return 'input';
}

/** Fields whose value may be dropped in as a file. */
export const acceptsFile = (field) => ['pem', 'json', 'key', 'certificate'].includes(field.kind.type);

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
 * The algorithm a form's `alg` choice switches to for an imported key, or null to keep it: the
 * key decides (a P-256 key signs ES256 only, Ed25519 EdDSA, an RSA key RS256 first among its
 * algorithms) while the current choice is one the key cannot sign with, unless the person picked
 * the algorithm themselves (`chosen` names the fields they set): then a mismatch is theirs, and
 * the core refuses it by the key field (KEY_ALG_MISMATCH). `algorithms` is the key's, in the
 * core's order; only those the field offers are candidates.
 */
export function algorithmFor(preset, values, algorithms, chosen = []) {
  const field = preset.fields.find((candidate) => candidate.name === 'alg' && candidate.kind.type === 'choice');
  if (!field || chosen.includes(field.name)) return null;
  const usable = algorithms.filter((alg) => field.kind.options.includes(alg));
  const current = values[field.name] ?? field.default;
  return usable.length === 0 || usable.includes(current) ? null : usable[0];
}

/**
 * What a key is, for the Public key view: `EC P-256 private key, for ES256`, `RSA 2048-bit
 * private key, for RS256, …`, `Ed25519 private key, for EdDSA`. An EC key's curve is read from
 * its `curve` when the Key has one, else from its size (P-256, P-384, P-521 are 256, 384, 521 bits).
 */
export function describeKey(key) {
  const curve = key.curve ?? { EC: `P-${key.bits}`, OKP: 'Ed25519' }[key.keyType];
  const type = { RSA: `RSA ${key.bits}-bit`, EC: `EC ${curve}`, OKP: curve }[key.keyType] ?? key.keyType;
  const use = key.algorithms.length ? `for ${key.algorithms.join(', ')}` : 'for no signing algorithm (its JWK says so)';
  return `${type} ${key.kind} key, ${use}`;
}

/** Whether the user has typed enough to try minting: every required field without a default. */
export function readyToMint(preset, raw) {
  return preset.fields.every(
    (field) => !field.required || field.default !== null || String(raw[field.name] ?? '').trim() !== '',
  );
}

const REMEMBER_PREFIX = 'jwtmint.remember.';

/** Field kinds that hold one short value a person would retype (an id, a host, a choice). */
const REMEMBERED_KINDS = ['text', 'boolean', 'choice', 'lifetime', 'host', 'label', 'url', 'path'];
const REMEMBERED_LENGTH = 128;

/**
 * Whether a URL or path may carry a credential: a query or fragment (`?api_key=`), user info
 * (`user:pass@`), or a path segment that looks like a key (16 or more characters with letters and
 * digits, as in Slack's `/services/T0/B0/<secret>` or Telegram's `/bot<id>:<token>/`).
 */
function carriesCredential(text) {
  if (/[?#@]/.test(text)) return true;
  return text.split('/').some((segment) => segment.length >= 16 && /[0-9]/.test(segment) && /[A-Za-z]/.test(segment));
}

/**
 * What "Remember" may store: short non-secret fields only. Free-form fields (claims, headers,
 * a request body, JSON key files, keys) are never stored, whether or not the preset marks them
 * secret: people put PATs and `X-Api-Key` headers in them. Nor is a value over 128 characters,
 * one with a line break, or a URL or path that may carry a credential (`carriesCredential`).
 */
export function rememberable(preset, raw) {
  const kept = {};
  for (const field of preset.fields) {
    const value = raw[field.name];
    if (field.secret || !REMEMBERED_KINDS.includes(field.kind.type)) continue;
    if (value === undefined || value === '' || !['string', 'boolean', 'number'].includes(typeof value)) continue;
    const text = String(value);
    if (text.length > REMEMBERED_LENGTH || /[\r\n]/.test(text)) continue;
    if (['url', 'path'].includes(field.kind.type) && carriesCredential(text)) continue;
    kept[field.name] = value;
  }
  return kept;
}

export function saveRemembered(storage, preset, raw) {
  storage.setItem(REMEMBER_PREFIX + preset.id, JSON.stringify(rememberable(preset, raw)));
}

/** The remembered fields; whatever an older page stored beyond them is dropped from storage. */
export function loadRemembered(storage, preset) {
  let saved;
  try {
    saved = JSON.parse(storage.getItem(REMEMBER_PREFIX + preset.id) ?? '{}') ?? {};
  } catch {
    saved = {};
  }
  const kept = rememberable(preset, saved);
  if (JSON.stringify(kept) !== JSON.stringify(saved)) {
    if (Object.keys(kept).length) storage.setItem(REMEMBER_PREFIX + preset.id, JSON.stringify(kept));
    else storage.removeItem(REMEMBER_PREFIX + preset.id);
  }
  return kept;
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

/**
 * The status of a token's times (`times` as the core reads them: `decode(token).times`, whose
 * `iat`, `nbf` and `exp` are seconds in any JSON number form): expired, not yet valid, or valid
 * with the time left. A time claim the core could not read makes the token invalid here too.
 */
export function timeStatus(times, now) {
  if (times.timeError !== undefined) return { state: 'expired', text: times.timeError };
  if (times.nbf !== undefined && now < times.nbf) {
    return { state: 'pending', text: `not valid yet: becomes valid ${relative(times.nbf - now)}` };
  }
  if (times.exp !== undefined) {
    if (now >= times.exp) return { state: 'expired', text: `expired ${relative(times.exp - now)}` };
    return { state: 'valid', text: `valid, expires ${relative(times.exp - now)}` };
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
