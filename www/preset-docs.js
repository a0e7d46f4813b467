// Presets that did not come with the page (a document from a file or a link) and the values
// typed per preset. No DOM here: the views call these.

/** The fragment member that carries a document: `#preset=<base64url of its UTF-8 text>`. */
const FRAGMENT_MEMBER = 'preset=';
/** A preset document is a page of JSON; anything much larger is not one. */
export const MAX_DOCUMENT_BYTES = 256 * 1024;

/** `preset=…` for a link to `text` (the document only: never a field value). */
export function presetFragment(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return FRAGMENT_MEMBER + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The document a URL fragment carries: null when it carries none, else `{ text }` or `{ error }`
 * (a damaged link). Other members of the fragment are ignored: a link never fills a field.
 */
export function documentFromFragment(hash) {
  const member = hash
    .replace(/^#/, '')
    .split('&')
    .find((part) => part.startsWith(FRAGMENT_MEMBER));
  if (member === undefined) return null;
  const encoded = member.slice(FRAGMENT_MEMBER.length);
  const damaged = { error: 'The preset in this link is damaged (it is not base64url text); ask for the link again.' };
  if (!/^[A-Za-z0-9_-]+$/.test(encoded) || encoded.length % 4 === 1) return damaged;
  if ((encoded.length * 3) / 4 > MAX_DOCUMENT_BYTES) {
    return {
      error: `The preset in this link is over ${MAX_DOCUMENT_BYTES / 1024} KB; a preset document is far smaller.`,
    };
  }
  let binary;
  try {
    binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return damaged;
  }
  const bytes = Uint8Array.from(binary, (character) => character.charCodeAt(0));
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { error: 'The preset in this link is not UTF-8 text; ask for the link again.' };
  }
}

// Text a template writes around its `{…}` expressions: a literal.
const literalIn = (template) => (typeof template === 'string' ? template.replace(/\{[^{}]*\}/g, '').trim() : '');

/**
 * Why a document must not travel in a link, or null. A link is for "open this, paste your key":
 * one that arrives with a secret (a secret field's default, a default for the key field, key
 * text or a passphrase written into the document) would hand everyone who opens it the same
 * secret, and put it in browser histories and logs on the way. Reads the document as written
 * (`text`) and, when given, its checked `descriptor`.
 */
export function linkRefusal(text, descriptor = null) {
  let document;
  try {
    document = JSON.parse(text);
  } catch {
    return null; // not JSON: checkPreset says where
  }
  if (document === null || typeof document !== 'object') return null;
  const fields = Array.isArray(document.fields) ? document.fields : [];
  const keyField = typeof document.key?.field === 'string' ? document.key.field : null;
  const given = fields
    .filter((field) => field && (field.secret === true || field.name === keyField))
    .filter((field) => (field.default !== undefined && field.default !== '') || field.value !== undefined)
    .map((field) => String(field.name));
  for (const field of descriptor?.fields ?? []) {
    if (field.secret && field.default !== null && field.default !== '' && !given.includes(field.name)) {
      given.push(field.name);
    }
  }
  if (given.length) {
    return `This link was refused: its preset gives a value for the secret field${given.length > 1 ? 's' : ''} ${given.join(', ')}. A link may carry a preset, never a secret: ask for a link without it, and paste your own.`;
  }
  for (const member of ['text', 'passphrase']) {
    if (literalIn(document.key?.[member])) {
      return `This link was refused: its preset writes the key's ${member} into the document (key.${member}). A link may carry a preset, never a secret.`;
    }
  }
  return null;
}

/**
 * The hosts a preset's requests go to, for the marking of a preset that did not come with the
 * page: from a mint when there is one (`request` and `exchange` hosts as filled in), else the
 * descriptor's `hosts` (literal, or templates like `{host}`).
 */
export function hostsOf(preset, minted = null) {
  const hostOf = (url) => {
    try {
      return new URL(url).host;
    } catch {
      return null;
    }
  };
  if (minted && (minted.request || minted.exchange)) {
    return {
      request: minted.request ? [hostOf(minted.request.url)].filter(Boolean) : [],
      exchange: minted.exchange ? [hostOf(minted.exchange.url)].filter(Boolean) : [],
    };
  }
  return { request: [...(preset.hosts ?? [])], exchange: [] };
}

/** Which list entry a preset is: built-in ones by id, loaded ones apart (their id may be taken). */
export const presetKey = (preset) => (preset.document === undefined ? preset.id : `file:${preset.id}`);

/**
 * What the person typed, per preset, for the life of the tab: memory only, never storage.
 * Switching service and back restores every field (the key text too) and which fields the
 * person set; `forget()` ("Clear everything") drops it all.
 */
export function createValueKeeper() {
  const kept = new Map();
  return {
    save(key, values, chosen = []) {
      kept.set(key, { values: { ...values }, chosen: [...chosen] });
    },
    get: (key) => kept.get(key) ?? null,
    forget() {
      kept.clear();
    },
  };
}
