// The preset form: rendered from a preset descriptor, shared by the page and <jwt-mint>. It reads
// values, shows the engine's errors next to the fields that caused them, and never clears what
// the user typed. It knows which fields the person set (by hand, or given with `chosen`, or set
// earlier and restored with `picked`): the engine lets the key pick the algorithm only while the
// person has not. `clear()` forgets what the person set, not what `chosen` gives.
import { h } from './h.js';
import { fillsFromFile } from './engine.js';
import { acceptsFile, controlFor } from './logic.js';

export function renderForm(
  container,
  preset,
  { values = {}, locked = [], chosen = [], picked = [], idPrefix, onInput },
) {
  const controls = new Map();
  const errors = new Map();
  const set = new Set([...chosen, ...picked]);
  container.replaceChildren();
  for (const field of preset.fields) {
    const id = `${idPrefix}-${field.name}`;
    const control = makeControl(field, id, values[field.name], onInput);
    // Events come from the person only (values set from code fire none), before the debounced mint.
    for (const type of ['input', 'change']) control.addEventListener(type, () => set.add(field.name));
    if (locked.includes(field.name) && !field.secret) {
      control.readOnly = true;
      control.disabled = control.tagName === 'SELECT' || control.type === 'checkbox';
    }
    const error = h('p', { class: 'field-error', id: `${id}-error`, role: 'alert', hidden: true });
    const help = h('p', { class: 'field-help', id: `${id}-help` }, field.help);
    control.setAttribute('aria-describedby', `${id}-help ${id}-error`);
    const label = h(
      'label',
      { for: id },
      field.label,
      field.required && field.default === null ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null,
      field.secret ? h('span', { class: 'badge' }, 'secret, stays in this tab') : null,
    );
    const row = h('div', { class: `field field-${controlFor(field)}` }, label, control);
    const fill = (file, text) => fillFrom(field, file, text);
    if (acceptsFile(field)) row.append(fileButton(field, control, fill, onInput));
    row.append(help, error);
    container.append(row);
    controls.set(field.name, control);
    errors.set(field.name, error);
  }

  // A loaded file fills what its name or contents say (Apple's AuthKey_ID.p8 → kid, a Coinbase
  // key file → its key name), in fields that are not locked; the person can still change them.
  // Returns the labels of the fields filled.
  function fillFrom(field, file, text) {
    const filled = [];
    for (const [name, value] of Object.entries(fillsFromFile(preset, field, { name: file.name, text }))) {
      const control = controls.get(name);
      if (!control || control.readOnly) continue;
      control.value = value;
      filled.push(preset.fields.find((candidate) => candidate.name === name).label);
    }
    return filled;
  }

  return {
    read() {
      const raw = {};
      for (const [name, control] of controls) {
        raw[name] = control.type === 'checkbox' ? String(control.checked) : control.value;
      }
      return raw;
    },
    /** The names of the fields the person set, for `attempt`'s `chosen`. */
    chosen: () => [...set],
    /** Shows values the engine used in place of the form's (`attempt`'s `set`); not the person's choice. */
    show(values) {
      for (const [name, value] of Object.entries(values)) {
        const control = controls.get(name);
        if (control) control.value = value;
      }
    },
    showErrors(problems) {
      for (const [name, error] of errors) {
        const problem = problems[name];
        error.hidden = problem === undefined;
        error.textContent = problem ?? '';
        controls.get(name).toggleAttribute('aria-invalid', problem !== undefined);
      }
    },
    clear() {
      for (const [name, control] of controls) {
        const field = preset.fields.find((candidate) => candidate.name === name);
        if (control.readOnly) continue;
        if (control.type === 'checkbox') control.checked = field.default === 'true';
        else control.value = control.tagName === 'SELECT' ? (field.default ?? '') : '';
      }
      set.clear();
      for (const name of chosen) set.add(name);
      this.showErrors({});
    },
    focusFirstError() {
      for (const [name, error] of errors) {
        if (!error.hidden) return controls.get(name).focus();
      }
    },
  };
}

function makeControl(field, id, value, onInput) {
  const common = { id, name: field.name, oninput: onInput, onchange: onInput };
  const kind = controlFor(field);
  if (kind === 'checkbox') {
    return h('input', { ...common, type: 'checkbox', checked: (value ?? field.default) === 'true' });
  }
  if (kind === 'select') {
    // A given value the field does not offer (an attribute's `alg="none"`) stays what it is, for
    // the core to refuse by the field, rather than an empty choice that reads as the default.
    const offered = value === undefined || field.kind.options.includes(value);
    const options = [...field.kind.options, ...(offered ? [] : [value])].map((option) =>
      h('option', { value: option }, option),
    );
    const select = h('select', common, options);
    select.value = value ?? field.default ?? field.kind.options[0];
    return select;
  }
  const secretAttributes = field.secret
    ? { autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off', 'data-secret': 'true' }
    : { autocomplete: 'off', spellcheck: 'false' };
  const placeholder = field.default ?? '';
  if (kind === 'textarea') {
    const rows = ['pem', 'json', 'key', 'certificate'].includes(field.kind.type) ? 6 : 3;
    const textarea = h('textarea', { ...common, ...secretAttributes, rows, placeholder });
    textarea.value = value ?? '';
    return textarea;
  }
  const type = field.secret ? 'password' : field.kind.type === 'url' ? 'url' : 'text';
  const input = h('input', { ...common, ...secretAttributes, type, placeholder });
  input.value = value ?? '';
  return input;
}

/**
 * A keyboard-usable "Load file" button; the textarea also takes a dropped file. `fill` puts what
 * the file gives other fields in them and returns their labels, which the hint then names.
 */
function fileButton(field, textarea, fill, onInput) {
  const hint = h('span', { class: 'hint' }, ' or drop a file on the box');
  const load = async (file) => {
    const text = await file.text();
    textarea.value = text;
    let filled = [];
    try {
      filled = fill(file, text);
    } catch {
      // A rule that cannot apply fills nothing; the key itself is still loaded.
    }
    hint.textContent = filled.length
      ? ` ${filled.join(' and ')} filled from ${file.name}`
      : ' or drop a file on the box';
    onInput();
  };
  const picker = h('input', {
    type: 'file',
    accept: field.kind.type === 'json' ? '.json,application/json' : '.pem,.p8,.key,.crt,.cer,.json,.txt',
    hidden: true,
    onchange: () => picker.files[0] && load(picker.files[0]),
  });
  textarea.addEventListener('dragover', (event) => event.preventDefault());
  textarea.addEventListener('drop', (event) => {
    event.preventDefault();
    const file = event.dataTransfer?.files?.[0];
    if (file) load(file);
  });
  return h(
    'span',
    { class: 'file' },
    h('button', { type: 'button', class: 'secondary', onclick: () => picker.click() }, 'Load file…'),
    hint,
    picker,
  );
}
