// "Use a preset file": a file picker, a drop zone and links (`#preset=…`) load a preset document,
// which the core checks (checkPreset) before the form is built from its descriptor. A preset that
// did not come with the page is marked as such, with the hosts its requests go to.
import { checkPreset } from './engine.js';
import { copy, h } from './h.js';
import { MAX_DOCUMENT_BYTES, documentFromFragment, hostsOf, linkRefusal, presetFragment } from './preset-docs.js';

/**
 * Wires the preset file controls of `view` (from dom.js). `onLoaded(preset)` gets the descriptor
 * with `document` (its text) and `loadedFrom` ("team.json", "a link").
 */
export function setUpPresetFiles(view, { onLoaded }) {
  const showError = (message) => {
    view.error.hidden = !message;
    view.error.textContent = message ?? '';
  };

  function load(text, { file = null } = {}) {
    const fromLink = file === null;
    // A link is refused before anything else reads it when it carries a secret.
    const refusal = fromLink ? linkRefusal(text) : null;
    if (refusal) return showError(refusal);
    let descriptor;
    try {
      descriptor = checkPreset(text, { source: file ?? 'link' });
    } catch (error) {
      return showError(`${error.code ?? 'ERROR'}: ${error.message}`);
    }
    const late = fromLink ? linkRefusal(text, descriptor) : null;
    if (late) return showError(late);
    showError(null);
    onLoaded({ ...descriptor, document: text, loadedFrom: file ?? 'a link' });
  }

  async function loadFile(file) {
    if (file.size > MAX_DOCUMENT_BYTES) {
      return showError(`${file.name} is ${Math.ceil(file.size / 1024)} KB; a preset document is far smaller.`);
    }
    load(await file.text(), { file: file.name });
  }

  view.button.addEventListener('click', () => view.input.click());
  view.input.addEventListener('change', () => {
    const [file] = view.input.files;
    view.input.value = '';
    if (file) loadFile(file);
  });
  view.drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    view.drop.classList.add('dragging');
  });
  view.drop.addEventListener('dragleave', () => view.drop.classList.remove('dragging'));
  view.drop.addEventListener('drop', (event) => {
    event.preventDefault();
    view.drop.classList.remove('dragging');
    const file = event.dataTransfer?.files?.[0];
    if (file) loadFile(file);
  });

  let shown = null;
  view.link.addEventListener('click', () => {
    if (!shown?.document) return;
    copy(`${location.origin}${location.pathname}#${presetFragment(shown.document)}`, view.link);
  });

  return {
    /** Loads the document a fragment carries, if any (on load and on `hashchange`). */
    fromFragment(hash) {
      const found = documentFromFragment(hash);
      if (found?.error) showError(found.error);
      else if (found) load(found.text);
    },
    /** Marks `preset` when it did not come with the page; `minted` gives the hosts as filled in. */
    showOrigin(preset, minted = null) {
      shown = preset;
      view.origin.hidden = preset.document === undefined;
      if (view.origin.hidden) return;
      view.originText.replaceChildren(
        h('strong', {}, `Loaded from ${preset.loadedFrom}`),
        ' — not a built-in preset. Check that you trust where it came from before you paste a key.',
      );
      const hosts = hostsOf(preset, minted);
      const list = (names) => names.flatMap((name, index) => [index ? ', ' : '', h('code', {}, name)]);
      view.hosts.replaceChildren(
        'Its requests go to ',
        ...(hosts.request.length ? list(hosts.request) : ['no host (it has no request)']),
        ...(hosts.exchange.length ? ['; the token is first exchanged at ', ...list(hosts.exchange)] : []),
        '.',
      );
      // A document that carries a secret cannot travel in a link (a link carrying it is refused).
      const refusal = linkRefusal(preset.document, preset);
      view.link.disabled = refusal !== null;
      view.linkNote.hidden = refusal === null;
      view.linkNote.textContent = refusal ? 'No link: this preset gives a secret field a value.' : '';
    },
  };
}
