// The decode/verify view and the public-key view. Each keeps its last imported key
// (`createKeyImporter`): typing in the token box does not import the key again.
import { decode, verify } from './pkg/browser.js';
import { createKeyImporter } from './engine.js';
import { debounce, describeKey, timeStatus } from './logic.js';
import { timeRows } from './output.js';

function showError(element, error) {
  element.hidden = !error;
  element.textContent = error ? `${error.message}` : '';
}

export function setUpDecode(view) {
  const keys = createKeyImporter({ lenient: true });
  const run = () => {
    const token = view.token.value.trim();
    view.verdict.textContent = '';
    view.verdict.className = 'status';
    if (!token) {
      view.result.hidden = true;
      showError(view.tokenError, null);
      return;
    }
    let decoded;
    try {
      decoded = decode(token);
    } catch (error) {
      view.result.hidden = true;
      showError(view.tokenError, error);
      return;
    }
    showError(view.tokenError, null);
    const now = Math.floor(Date.now() / 1000);
    view.result.hidden = false;
    view.header.textContent = JSON.stringify(decoded.header, null, 2);
    view.payload.textContent = JSON.stringify(decoded.payload, null, 2);
    const status = timeStatus(decoded.times, now);
    view.status.textContent = status.text;
    view.status.className = `status ${status.state}`;
    view.times.replaceChildren(...timeRows(decoded.times, now));
    const text = view.key.value;
    if (!text.trim()) {
      keys.forget();
      return showError(view.keyError, null);
    }
    try {
      const { key, error } = keys.get(text);
      if (error) throw error;
      verify(token, key);
      showError(view.keyError, null);
      view.verdict.textContent = 'Signature verified with this key; exp and nbf hold.';
      view.verdict.className = 'status valid';
    } catch (error) {
      const aboutKey = error.code?.startsWith('KEY_') || error.code?.startsWith('SECRET_');
      showError(view.keyError, aboutKey ? error : null);
      view.verdict.textContent = aboutKey ? '' : `Not verified: ${error.message}`;
      view.verdict.className = aboutKey ? 'status' : 'status expired';
    }
  };
  const soon = debounce(run, 120);
  view.token.addEventListener('input', soon);
  view.key.addEventListener('input', soon);
  return { forget: keys.forget };
}

export function setUpPublicKey(view) {
  const keys = createKeyImporter();
  const run = () => {
    const text = view.input.value;
    if (!text.trim()) {
      keys.forget();
      view.result.hidden = true;
      return showError(view.error, null);
    }
    try {
      const { key, error } = keys.get(text, view.passphrase.value);
      if (error) throw error;
      view.about.textContent = describeKey(key);
      view.thumbprint.textContent = key.thumbprint();
      view.pem.textContent = key.publicPem();
      view.jwk.textContent = JSON.stringify(key.publicJwk(), null, 2);
      // Published for the key's first algorithm, in the core's order: RS256 for an RSA key,
      // ES256/ES384/ES512 by the EC curve, EdDSA for Ed25519, a JWK's own `alg` when it names one.
      const alg = key.algorithms[0];
      view.jwks.textContent = JSON.stringify(key.jwks({ alg }), null, 2);
      view.result.hidden = false;
      showError(view.error, null);
    } catch (error) {
      view.result.hidden = true;
      showError(view.error, error);
    }
  };
  const soon = debounce(run, 120);
  view.input.addEventListener('input', soon);
  view.passphrase.addEventListener('input', soon);
  return { forget: keys.forget };
}
