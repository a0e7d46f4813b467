// The one door to the package for the page and the element: loading, minting from form values,
// and rendering requests. No DOM here.
import init, {
  presetSummaries,
  describePreset,
  checkPreset,
  mint,
  fieldsFromFile,
  decode,
  importKey,
  toCurl,
  toFetch,
  toPython,
  toHttpie,
} from './pkg/browser.js';
import { algorithmFor, fieldValues, readyToMint } from './logic.js';

export { init, presetSummaries, describePreset, checkPreset };

export const RENDERERS = {
  curl: (request) => toCurl(request),
  powershell: (request) => toCurl(request, { shell: 'powershell' }),
  fetch: toFetch,
  python: toPython,
  httpie: toHttpie,
};

/**
 * What a file loaded into `field` fills in the other fields (the field's `fromFileName` and
 * `fromKeyFile` rules, `fieldsFromFile`): `{ kid: 'ABC123DEFG' }` for `AuthKey_ABC123DEFG.p8`;
 * `{}` for a field without rules.
 */
export function fillsFromFile(preset, field, file) {
  if (!field.fromFileName && !field.fromKeyFile) return {};
  return fieldsFromFile(preset.document ?? preset.id, field.name, file);
}

/** Renders a request, or a minted result: with an exchange, the whole flow (both requests). */
export const render = (subject, format) => RENDERERS[format](subject);

/**
 * Mints from raw form values: `{ state: 'incomplete' }` while required fields are empty,
 * `{ state: 'minted', minted, set }`, or `{ state: 'error', fields, message, set }` with the
 * engine's words. With `keys` (a `createKeyImporter()`), the private key of the form is imported
 * once for all the mints of the same key text and passphrase, and handed to `mint` as a Key; the
 * algorithm then follows the key unless the person chose it (`chosen`, `algorithmFor`), and `set`
 * holds the values used in place of the form's (`{ alg: 'ES256' }`) for the form to show.
 */
export function attempt(preset, raw, keys = null, chosen = []) {
  if (!readyToMint(preset, raw)) return { state: 'incomplete', set: {} };
  const values = fieldValues(preset, raw);
  const set = {};
  const keyField = preset.fields.find((field) => ['pem', 'key'].includes(field.kind.type) && field.name in values);
  if (keys && keyField) {
    const { key, error } = keys.get(values[keyField.name], values.passphrase ?? '');
    // A passphrase problem is final; other text may be an HMAC secret (custom's key field),
    // which the core reads from the text.
    if (error?.code?.startsWith('PASSPHRASE_')) return failed(error, set, 'passphrase');
    if (key) {
      const alg = algorithmFor(preset, values, key.algorithms, chosen);
      if (alg) values.alg = set.alg = alg;
      values[keyField.name] = key;
    }
  }
  try {
    // A loaded preset mints from its document; a built-in one by its id.
    const minted = mint(preset.document ?? preset.id, values);
    // The times as the core reads them, the same reading as the Decode view's.
    minted.times = minted.token === null ? {} : decode(minted.token).times;
    return { state: 'minted', minted, set };
  } catch (error) {
    return failed(error, set);
  }
}

function failed(error, set, field) {
  const fields = error.fields ?? (field ? { [field]: error.message } : {});
  return { state: 'error', fields, message: `${error.code ?? 'ERROR'}: ${error.message}`, set };
}

/**
 * Mints like `attempt`, but an attempt with the same preset, values and chosen fields as the last
 * one returns the last result instead of minting (and importing the key) again: a field fires
 * `change` after its `input` events, and an encrypted key can take up to two seconds to open.
 * The values the form shows once it has taken the result's `set` count as the same. `fresh`
 * mints anyway (a new token on request). The values are kept in memory only, until `forget()`.
 * `performance.mark('jwtmint:mint')` records each mint that runs.
 */
export function createMinter() {
  let last = null;
  const keys = createKeyImporter();
  const inputsOf = (preset, raw, chosen) =>
    JSON.stringify([preset.document ?? preset.id, fieldValues(preset, raw), chosen]);
  return {
    attempt(preset, raw, { fresh = false, chosen = [] } = {}) {
      const inputs = inputsOf(preset, raw, chosen);
      if (!fresh && (last?.inputs === inputs || last?.shown === inputs)) return last.result;
      performance.mark('jwtmint:mint');
      const result = attempt(preset, raw, keys, chosen);
      last = { inputs, shown: inputsOf(preset, { ...raw, ...result.set }, chosen), result };
      return result;
    },
    forget() {
      last = null;
      keys.forget();
    },
  };
}

/**
 * Imports the key of a view that re-runs on every pause in typing: the last (text, passphrase)
 * and its Key or error are kept and reused while both are unchanged, so typing in another field
 * never imports the key again. A replaced Key is freed (Keys hold secrets); the text stays in
 * memory only. `lenient` reads text that is no key material as a UTF-8 secret, as `verify`
 * does with a string (the core decides, `orSecret`). `performance.mark('jwtmint:import')` records each import that runs.
 */
export function createKeyImporter({ lenient = false } = {}) {
  let last = null;
  const forget = () => {
    last?.result.key?.free();
    last = null;
  };
  return {
    /** `{ key }` or `{ error }` for this text and passphrase. */
    get(text, passphrase = '') {
      if (last?.text === text && last.passphrase === passphrase) return last.result;
      forget();
      performance.mark('jwtmint:import');
      const options = { passphrase: passphrase || undefined, orSecret: lenient };
      let result;
      try {
        result = { key: importKey(text, options) };
      } catch (error) {
        result = { error };
      }
      last = { text, passphrase, result };
      return result;
    },
    forget,
  };
}
