// <jwt-mint preset="teradata-lake" host="…" org_id="…" lock="host org_id">: the token form as a
// custom element for internal dashboards, loaded with one module script. Attributes named after a
// preset's fields prefill them (non-secret fields only: a secret never belongs in markup), `lock`
// makes the listed ones read-only, and every new token is announced with a `token` event whose
// detail is { token, expiresAt, request, exchange }. The preset is a built-in one (`preset`), or
// the host page's own document: inline as a child <script type="application/json">, or from a
// same-origin URL (`preset-src`); either is checked by the core before the form is built.
import { checkPreset, createMinter, describePreset, init, presetSummaries, render } from './engine.js';
import { inlinePresetScripts } from './dom.js';
import { MAX_DOCUMENT_BYTES } from './preset-docs.js';
import { renderForm } from './form.js';
import { createOutput } from './output.js';
import { debounce } from './logic.js';
import { h } from './h.js';

const STYLES = new URL('./style.css', import.meta.url).href;

export class JwtMintElement extends HTMLElement {
  static observedAttributes = ['preset', 'preset-src'];
  #root = null;
  #form = null;
  #output = null;
  #preset = null;
  #ready = false;
  #builds = 0;
  #minter = createMinter();

  async connectedCallback() {
    if (this.#root) return;
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.append(h('link', { rel: 'stylesheet', href: STYLES }), h('p', { class: 'loading' }, 'Loading…'));
    await init();
    this.#ready = true;
    await this.#build();
  }

  attributeChangedCallback() {
    if (this.#ready) this.#build();
  }

  async #build() {
    // A preset-src still loading when the attributes change again is dropped: the last one wins.
    const build = ++this.#builds;
    let preset;
    try {
      preset = await this.#presetToUse();
    } catch (error) {
      if (build === this.#builds) this.#showError(error.message);
      return;
    }
    if (build !== this.#builds) return;
    this.#preset = preset;
    const root = this.#root;
    const values = {};
    for (const field of this.#preset.fields) {
      if (!field.secret && this.hasAttribute(field.name)) values[field.name] = this.getAttribute(field.name);
    }
    const locked = (this.getAttribute('lock') ?? '').split(/\s+/).filter(Boolean);
    const fields = h('div', { class: 'fields' });
    const mintSoon = debounce(() => this.#mint(), 150);
    // What the host page gives is its choice: an `alg` attribute is not switched to follow the key.
    const chosen = Object.keys(values);
    this.#form = renderForm(fields, this.#preset, { values, locked, chosen, idPrefix: 'jm', onInput: mintSoon });
    this.#output = createOutput({ idPrefix: 'jm-out', render, onRemint: () => this.#mint({ fresh: true }) });
    root.replaceChildren(
      h('link', { rel: 'stylesheet', href: STYLES }),
      h(
        'div',
        { class: 'card', part: 'card' },
        h('h3', {}, this.#preset.name),
        h('p', { class: 'description' }, this.#preset.description),
        fields,
        this.#output.element,
      ),
    );
  }

  #showError(message) {
    this.#form = null;
    this.#root.replaceChildren(
      h('link', { rel: 'stylesheet', href: STYLES }),
      h('p', { class: 'error', role: 'alert', part: 'error' }, message),
    );
  }

  // One way to give the preset: a child script, preset-src, or a built-in id (default custom).
  async #presetToUse() {
    const scripts = inlinePresetScripts(this);
    const src = this.getAttribute('preset-src');
    const id = this.getAttribute('preset');
    const given = [
      scripts.length ? 'an inline <script type="application/json">' : null,
      src !== null ? 'preset-src' : null,
      id !== null ? 'preset' : null,
    ].filter(Boolean);
    if (scripts.length > 1)
      throw new Error('Give one inline preset document, not several <script type="application/json">.');
    if (given.length > 1) throw new Error(`Give the preset one way, not ${given.join(' and ')}.`);
    if (scripts.length) return checked(scripts[0].textContent, 'inline preset');
    if (src !== null) return checked(await fetchSameOrigin(src), src);
    const wanted = id ?? 'custom';
    // One document read, not all of them.
    const known = presetSummaries().map((summary) => summary.id);
    if (!known.includes(wanted)) throw new Error(`Unknown preset "${wanted}"; known: ${known.join(', ')}`);
    return describePreset(wanted);
  }

  #mint({ fresh = false } = {}) {
    if (!this.#form) return;
    const result = this.#minter.attempt(this.#preset, this.#form.read(), { fresh, chosen: this.#form.chosen() });
    this.#form.show(result.set);
    this.#form.showErrors(result.state === 'error' ? result.fields : {});
    if (result.state !== 'minted') {
      this.#output.reset();
      if (result.state === 'error' && Object.keys(result.fields).length === 0) this.#output.showError(result.message);
      return;
    }
    const { token, expiresAt, request, exchange = null } = result.minted;
    this.#output.show(result.minted);
    this.dispatchEvent(
      new CustomEvent('token', { detail: { token, expiresAt, request, exchange }, bubbles: true, composed: true }),
    );
  }
}

function checked(text, source) {
  try {
    return { ...checkPreset(text, { source }), document: text };
  } catch (error) {
    throw new Error(`${error.code ?? 'ERROR'}: ${error.message}`);
  }
}

// A preset decides where tokens are sent, so it comes from the page's own origin only; a
// redirect elsewhere fails the fetch (`mode: 'same-origin'`). The page's CSP (connect-src 'self')
// allows this fetch as it is.
async function fetchSameOrigin(src) {
  const url = new URL(src, document.baseURI);
  if (url.origin !== location.origin) {
    throw new Error(
      `preset-src must be on this page's origin (${location.origin}); ${url.origin === 'null' ? src : url.origin} was refused: a preset decides where your token is sent.`,
    );
  }
  let response;
  try {
    response = await fetch(url, { mode: 'same-origin', credentials: 'same-origin' });
  } catch (error) {
    throw new Error(`Could not load preset-src ${src}: ${error.message}`);
  }
  if (!response.ok) throw new Error(`Could not load preset-src ${src}: HTTP ${response.status}.`);
  const text = await response.text();
  if (text.length > MAX_DOCUMENT_BYTES)
    throw new Error(`preset-src ${src} is over ${MAX_DOCUMENT_BYTES / 1024} KB; a preset document is far smaller.`);
  return text;
}

if (!customElements.get('jwt-mint')) customElements.define('jwt-mint', JwtMintElement);
