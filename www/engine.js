// The one door to the package for the page and the element: loading, minting from form values,
// and rendering requests. No DOM here.
import init, { presets, mint, decode, toCurl, toFetch, toPython, toHttpie } from './pkg/browser.js';
import { fieldValues, readyToMint } from './logic.js';

export { init, presets };

export const RENDERERS = {
  curl: (request) => toCurl(request),
  powershell: (request) => toCurl(request, { shell: 'powershell' }),
  fetch: toFetch,
  python: toPython,
  httpie: toHttpie,
};

export const render = (request, format) => RENDERERS[format](request);

/**
 * Mints from raw form values: `{ state: 'incomplete' }` while required fields are empty,
 * `{ state: 'minted', minted }`, or `{ state: 'error', fields, message }` with the engine's words.
 */
export function attempt(preset, raw) {
  if (!readyToMint(preset, raw)) return { state: 'incomplete' };
  try {
    const minted = mint(preset.id, fieldValues(preset, raw));
    // The times as the core reads them, the same reading as the Decode view's.
    minted.times = minted.token === null ? {} : decode(minted.token).times;
    return { state: 'minted', minted };
  } catch (error) {
    return { state: 'error', fields: error.fields ?? {}, message: `${error.code ?? 'ERROR'}: ${error.message}` };
  }
}
