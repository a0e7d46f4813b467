// <jwt-mint preset="teradata-lake" host="…" org_id="…" lock="host org_id">: the token form as a
// custom element for internal dashboards, loaded with one module script. Attributes named after a
// preset's fields prefill them (non-secret fields only: a secret never belongs in markup), `lock`
// makes the listed ones read-only, and every new token is announced with a `token` event whose
// detail is { token, expiresAt, request }.
import { createMinter, init, presets, render } from './engine.js';
import { renderForm } from './form.js';
import { createOutput } from './output.js';
import { debounce } from './logic.js';
import { h } from './h.js';

const STYLES = new URL('./style.css', import.meta.url).href;

export class JwtMintElement extends HTMLElement {
  static observedAttributes = ['preset'];
  #root = null;
  #form = null;
  #output = null;
  #preset = null;
  #minter = createMinter();

  async connectedCallback() {
    if (this.#root) return;
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.append(h('link', { rel: 'stylesheet', href: STYLES }), h('p', { class: 'loading' }, 'Loading…'));
    await init();
    this.#build();
  }

  attributeChangedCallback() {
    if (this.#form) this.#build();
  }

  #build() {
    const all = presets();
    const wanted = this.getAttribute('preset') ?? 'custom';
    this.#preset = all.find((preset) => preset.id === wanted);
    const root = this.#root;
    if (!this.#preset) {
      root.replaceChildren(
        h('link', { rel: 'stylesheet', href: STYLES }),
        h(
          'p',
          { class: 'error', role: 'alert' },
          `Unknown preset "${wanted}"; known: ${all.map((p) => p.id).join(', ')}`,
        ),
      );
      return;
    }
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

  #mint({ fresh = false } = {}) {
    const result = this.#minter.attempt(this.#preset, this.#form.read(), { fresh, chosen: this.#form.chosen() });
    this.#form.show(result.set);
    this.#form.showErrors(result.state === 'error' ? result.fields : {});
    if (result.state !== 'minted') {
      this.#output.reset();
      if (result.state === 'error' && Object.keys(result.fields).length === 0) this.#output.showError(result.message);
      return;
    }
    const { token, expiresAt, request } = result.minted;
    this.#output.show(result.minted);
    this.dispatchEvent(
      new CustomEvent('token', { detail: { token, expiresAt, request }, bubbles: true, composed: true }),
    );
  }
}

if (!customElements.get('jwt-mint')) customElements.define('jwt-mint', JwtMintElement);
