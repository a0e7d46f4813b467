// The page: wires the preset form, the result panel and the two tool views to the package.
import { createMinter, describePreset, init, presetSummaries, render } from './engine.js';
import { pageElements } from './dom.js';
import { h } from './h.js';
import { renderForm } from './form.js';
import { createOutput } from './output.js';
import { debounce, forgetAll, loadRemembered, saveRemembered } from './logic.js';
import { setUpDecode, setUpPublicKey } from './tools.js';
import { setUpPresetFiles } from './preset-picker.js';
import { createValueKeeper, presetKey } from './preset-docs.js';

const REMEMBER_FLAG = 'jwtmint.remember';

async function start() {
  performance.mark('jwtmint-start');
  await init();
  performance.mark('jwtmint-wasm');
  const page = pageElements();
  // The picker lists every built-in preset by name; a preset's document is read and checked
  // when it is first shown (reading all of them up front was most of the start-up work).
  const summaries = presetSummaries();
  const described = new Map();
  const builtIn = (id) => {
    if (!described.has(id)) described.set(id, describePreset(id));
    return described.get(id);
  };
  const first = summaries[0].id;
  performance.mark('jwtmint-presets');
  // Documents loaded from a file or a link, listed after the built-in presets.
  const loaded = [];
  const storage = window.localStorage;
  let preset = builtIn(first);
  let form = null;
  const minter = createMinter();
  const kept = createValueKeeper();
  // "Remember" stores built-in presets' fields only: a loaded document's id may be anyone's.
  const remembers = () => page.mint.remember.checked && preset.document === undefined;

  const output = createOutput({
    idPrefix: 'mint',
    render,
    onRemint: () => mintNow({ fresh: true }),
  });
  page.mint.output.append(output.element);

  function mintNow({ fresh = false } = {}) {
    const raw = form.read();
    if (remembers()) saveRemembered(storage, preset, raw);
    const result = minter.attempt(preset, raw, { fresh, chosen: form.chosen() });
    form.show(result.set);
    kept.save(presetKey(preset), form.read(), form.chosen());
    presetFiles.showOrigin(preset, result.state === 'minted' ? result.minted : null);
    const fieldErrors = result.state === 'error' ? Object.keys(result.fields) : [];
    page.mint.hint.hidden = result.state === 'minted' || (result.state === 'error' && fieldErrors.length === 0);
    page.mint.hint.textContent = fieldErrors.length
      ? `Fix ${fieldErrors.map((name) => preset.fields.find((field) => field.name === name)?.label ?? name).join(', ')}: the message is under the field.`
      : 'Fill in the fields marked * and the token appears here.';
    form.showErrors(result.state === 'error' ? result.fields : {});
    if (result.state === 'minted') {
      output.show(result.minted);
      if (!performance.getEntriesByName('jwtmint-first-token').length) performance.mark('jwtmint-first-token');
      return;
    }
    output.reset();
    // An error without a field (rare) shows above the result; field errors sit by their fields.
    if (result.state === 'error' && Object.keys(result.fields).length === 0) output.showError(result.message);
  }
  const mintSoon = debounce(() => mintNow(), 150);

  function choose(key) {
    // What was typed for the preset being left is kept, to come back to.
    if (form) kept.save(presetKey(preset), form.read(), form.chosen());
    preset =
      loaded.find((candidate) => presetKey(candidate) === key) ??
      builtIn(summaries.some((summary) => summary.id === key) ? key : first);
    page.mint.preset.value = presetKey(preset);
    page.mint.description.replaceChildren(
      preset.description,
      ' ',
      h('a', { href: preset.docsUrl, rel: 'noreferrer' }, 'Vendor docs'),
    );
    page.mint.notes.replaceChildren(...preset.notes.map((note) => h('li', {}, note)));
    const typed = kept.get(presetKey(preset));
    const values = typed?.values ?? (remembers() ? loadRemembered(storage, preset) : {});
    form = renderForm(page.mint.fields, preset, {
      values,
      picked: typed?.chosen ?? [],
      idPrefix: 'field',
      onInput: mintSoon,
    });
    presetFiles.showOrigin(preset);
    output.reset();
    page.mint.hint.hidden = false;
    mintNow({ fresh: true });
  }

  const loadedGroup = h('optgroup', { label: 'Loaded, not built-in', hidden: true });
  page.mint.preset.append(...summaries.map((summary) => h('option', { value: summary.id }, summary.name)), loadedGroup);
  page.mint.preset.addEventListener('change', () => choose(page.mint.preset.value));
  // A document loaded again (a newer version of the file) replaces the one with its id.
  const presetFiles = setUpPresetFiles(page.mint.presetFile, {
    onLoaded(document) {
      const key = presetKey(document);
      const at = loaded.findIndex((candidate) => presetKey(candidate) === key);
      if (at >= 0) loaded.splice(at, 1, document);
      else loaded.push(document);
      loadedGroup.hidden = false;
      loadedGroup.replaceChildren(
        ...loaded.map((candidate) =>
          h('option', { value: presetKey(candidate) }, `${candidate.name} (${candidate.loadedFrom})`),
        ),
      );
      choose(key);
    },
  });
  page.mint.remember.checked = storage.getItem(REMEMBER_FLAG) === 'yes';
  page.mint.remember.addEventListener('change', () => {
    if (page.mint.remember.checked) {
      storage.setItem(REMEMBER_FLAG, 'yes');
      if (remembers()) saveRemembered(storage, preset, form.read());
    } else {
      forgetAll(storage);
    }
  });
  const decode = setUpDecode(page.decode);
  const publicKey = setUpPublicKey(page.pubkey);
  page.mint.clear.addEventListener('click', () => {
    forgetAll(storage);
    kept.forget();
    minter.forget();
    decode.forget();
    publicKey.forget();
    page.mint.remember.checked = false;
    form.clear();
    output.reset();
    page.mint.hint.hidden = false;
    for (const control of [page.decode.token, page.decode.key, page.pubkey.input, page.pubkey.passphrase]) {
      control.value = '';
    }
    page.decode.result.hidden = page.pubkey.result.hidden = true;
    page.decode.verdict.textContent = '';
  });

  setUpViews(page);
  choose(first);
  // A link may carry a preset document (`#preset=…`): checked, then shown marked as loaded.
  presetFiles.fromFragment(location.hash);
  window.addEventListener('hashchange', () => presetFiles.fromFragment(location.hash));
  page.loading.hidden = true;
  page.views.mint.hidden = false;
  performance.mark('jwtmint-ready');
  document.documentElement.dataset.ready = 'true';
}

function setUpViews(page) {
  const select = (tab) => {
    for (const other of page.viewTabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute('aria-controls')).hidden = !selected;
    }
  };
  page.viewTabs.forEach((tab, index) => {
    tab.addEventListener('click', () => select(tab));
    tab.addEventListener('keydown', (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const next = page.viewTabs[(index + step + page.viewTabs.length) % page.viewTabs.length];
      select(next);
      next.focus();
    });
  });
}

start().catch((error) => {
  const loading = document.getElementById('loading');
  loading.textContent = `The signing engine could not load: ${error.message}`;
  loading.classList.add('error');
});
