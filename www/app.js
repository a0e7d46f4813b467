// The page: wires the preset form, the result panel and the two tool views to the package.
import { createMinter, init, presets, render } from './engine.js';
import { pageElements } from './dom.js';
import { h } from './h.js';
import { renderForm } from './form.js';
import { createOutput } from './output.js';
import { debounce, forgetAll, loadRemembered, saveRemembered } from './logic.js';
import { setUpDecode, setUpPublicKey } from './tools.js';

const REMEMBER_FLAG = 'jwtmint.remember';

async function start() {
  performance.mark('jwtmint-start');
  await init();
  const page = pageElements();
  const all = presets();
  const storage = window.localStorage;
  let preset = all[0];
  let form = null;
  const minter = createMinter();

  const output = createOutput({
    idPrefix: 'mint',
    render,
    onRemint: () => mintNow({ fresh: true }),
  });
  page.mint.output.append(output.element);

  function mintNow({ fresh = false } = {}) {
    const raw = form.read();
    if (page.mint.remember.checked) saveRemembered(storage, preset, raw);
    const result = minter.attempt(preset, raw, { fresh, chosen: form.chosen() });
    form.show(result.set);
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

  function choose(id) {
    preset = all.find((candidate) => candidate.id === id) ?? all[0];
    page.mint.preset.value = preset.id;
    page.mint.description.replaceChildren(
      preset.description,
      ' ',
      h('a', { href: preset.docsUrl, rel: 'noreferrer' }, 'Vendor docs'),
    );
    page.mint.notes.replaceChildren(...preset.notes.map((note) => h('li', {}, note)));
    const values = page.mint.remember.checked ? loadRemembered(storage, preset) : {};
    form = renderForm(page.mint.fields, preset, { values, idPrefix: 'field', onInput: mintSoon });
    output.reset();
    page.mint.hint.hidden = false;
    mintNow({ fresh: true });
  }

  page.mint.preset.append(...all.map((candidate) => h('option', { value: candidate.id }, candidate.name)));
  page.mint.preset.addEventListener('change', () => choose(page.mint.preset.value));
  page.mint.remember.checked = storage.getItem(REMEMBER_FLAG) === 'yes';
  page.mint.remember.addEventListener('change', () => {
    if (page.mint.remember.checked) {
      storage.setItem(REMEMBER_FLAG, 'yes');
      saveRemembered(storage, preset, form.read());
    } else {
      forgetAll(storage);
    }
  });
  const decode = setUpDecode(page.decode);
  const publicKey = setUpPublicKey(page.pubkey);
  page.mint.clear.addEventListener('click', () => {
    forgetAll(storage);
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
  choose(all[0].id);
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
