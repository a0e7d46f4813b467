// Every element the page looks up, in one place. Views take what they need from here.
const byId = (id) => document.getElementById(id);

export function pageElements() {
  return {
    loading: byId('loading'),
    viewTabs: [...document.querySelectorAll('nav.views [role="tab"]')],
    views: { mint: byId('view-mint'), decode: byId('view-decode'), pubkey: byId('view-pubkey') },
    mint: {
      preset: byId('preset'),
      presetFile: {
        drop: byId('preset-drop'),
        button: byId('preset-file-button'),
        input: byId('preset-file-input'),
        error: byId('preset-file-error'),
        origin: byId('preset-origin'),
        originText: byId('preset-origin-text'),
        hosts: byId('preset-hosts'),
        link: byId('preset-link'),
        linkNote: byId('preset-link-note'),
      },
      description: byId('preset-description'),
      notes: byId('preset-notes'),
      fields: byId('fields'),
      remember: byId('remember'),
      clear: byId('clear'),
      output: byId('mint-output'),
      hint: byId('mint-hint'),
    },
    decode: {
      token: byId('decode-token'),
      tokenError: byId('decode-token-error'),
      result: byId('decode-result'),
      status: byId('decode-status'),
      header: byId('decode-header'),
      payload: byId('decode-payload'),
      times: byId('decode-times'),
      key: byId('verify-key'),
      keyError: byId('verify-key-error'),
      verdict: byId('verify-result'),
    },
    pubkey: {
      input: byId('pubkey-input'),
      passphrase: byId('pubkey-passphrase'),
      error: byId('pubkey-error'),
      result: byId('pubkey-result'),
      about: byId('pubkey-about'),
      thumbprint: byId('pubkey-thumbprint'),
      pem: byId('pubkey-pem'),
      jwk: byId('pubkey-jwk'),
      jwks: byId('pubkey-jwks'),
    },
  };
}

/** The preset document a `<jwt-mint>` carries inline: its child `<script type="application/json">`. */
export function inlinePresetScripts(element) {
  return [...element.querySelectorAll(':scope > script[type="application/json"]')];
}
