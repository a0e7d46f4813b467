// The result panel: token, ready-to-run commands, decoded header and payload with readable
// times, a live expiry countdown and the engine's warnings. Shared by the page and <jwt-mint>.
import { copy, h } from './h.js';
import { COMMANDS, TIME_CLAIMS, describeTime, relative } from './logic.js';

/** `<dt>exp</dt><dd>2026-… UTC (in 59 min)</dd>` for each time claim in `times` (the core's reading). */
export function timeRows(times, now) {
  return TIME_CLAIMS.filter((claim) => times[claim] !== undefined).flatMap((claim) => [
    h('dt', {}, claim),
    h('dd', {}, describeTime(times[claim], now)),
  ]);
}

export function createOutput({ idPrefix, render, onRemint }) {
  const tokenParts = h('code', { class: 'token', id: `${idPrefix}-token` });
  const copyToken = h(
    'button',
    { type: 'button', onclick: () => copy(tokenParts.textContent, copyToken) },
    'Copy token',
  );
  const countdown = h('span', { class: 'countdown', id: `${idPrefix}-countdown`, 'aria-live': 'off' });
  const remint = h('button', { type: 'button', class: 'secondary', onclick: onRemint }, 'Re-mint');
  const warnings = h('ul', { class: 'warnings', id: `${idPrefix}-warnings`, hidden: true });
  const tokenSection = h(
    'section',
    { class: 'result-token', 'aria-label': 'Token' },
    h('div', { class: 'row' }, h('h3', {}, 'Token'), countdown, remint, copyToken),
    h('pre', { class: 'token-box' }, tokenParts),
    warnings,
  );

  const code = h('code', { id: `${idPrefix}-command` });
  const copyCommand = h(
    'button',
    { type: 'button', onclick: () => copy(code.textContent, copyCommand) },
    'Copy command',
  );
  let current = 'curl';
  // What the commands render: the minted result (its request, after its exchange if any).
  let flow = null;
  const tabs = COMMANDS.map((command) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `${idPrefix}-tab-${command.id}`,
        'aria-controls': `${idPrefix}-command-panel`,
        onclick: () => selectCommand(command.id),
        onkeydown: (event) => moveTab(event, command.id),
      },
      command.label,
    ),
  );
  const commandTitle = h('h3', { id: `${idPrefix}-command-title` }, 'Ready-to-run request');
  const commandSection = h(
    'section',
    { class: 'result-command', 'aria-label': 'Command' },
    h('div', { class: 'row' }, commandTitle, copyCommand),
    h('div', { role: 'tablist', class: 'tabs', 'aria-label': 'Language' }, tabs),
    h('pre', { role: 'tabpanel', id: `${idPrefix}-command-panel`, class: 'command-box', tabindex: '0' }, code),
  );

  const header = h('pre', { class: 'json', id: `${idPrefix}-header` });
  const payload = h('pre', { class: 'json', id: `${idPrefix}-payload` });
  const times = h('dl', { class: 'times', id: `${idPrefix}-times` });
  const decodedSection = h(
    'section',
    { class: 'result-decoded', 'aria-label': 'Decoded token' },
    h(
      'div',
      { class: 'decoded' },
      h('div', {}, h('h3', {}, 'Header'), header),
      h('div', {}, h('h3', {}, 'Payload'), payload),
    ),
    times,
  );
  const error = h('p', { class: 'error', role: 'alert', id: `${idPrefix}-error`, hidden: true });
  const element = h('div', { class: 'output', hidden: true }, error, tokenSection, commandSection, decodedSection);

  let expiresAt = null;
  let timer = null;

  function selectCommand(id) {
    current = id;
    for (const tab of tabs) {
      const selected = tab.id === `${idPrefix}-tab-${id}`;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
    // A request a format cannot carry (HTTPie and a backslash before `=`, say) shows why,
    // never the previous command.
    try {
      code.textContent = flow ? render(flow, id) : '';
    } catch (failure) {
      code.textContent = `# ${failure.message}`;
    }
  }

  function moveTab(event, id) {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    const index = (COMMANDS.findIndex((command) => command.id === id) + step + COMMANDS.length) % COMMANDS.length;
    selectCommand(COMMANDS[index].id);
    tabs[index].focus();
  }

  function tick() {
    if (expiresAt === null) return;
    const left = expiresAt - Math.floor(Date.now() / 1000);
    countdown.textContent = left > 0 ? `expires ${relative(left)}` : `expired ${relative(left)}`;
    countdown.classList.toggle('expired', left <= 0);
  }

  return {
    element,
    show(minted) {
      element.hidden = false;
      error.hidden = true;
      tokenSection.hidden = decodedSection.hidden = minted.token === null;
      if (minted.token !== null) {
        const [headerPart, payloadPart, signaturePart] = minted.token.split('.');
        tokenParts.replaceChildren(
          h('span', { class: 'part-header' }, headerPart),
          '.',
          h('span', { class: 'part-payload' }, payloadPart),
          '.',
          h('span', { class: 'part-signature' }, signaturePart),
        );
        header.textContent = JSON.stringify(minted.header, null, 2);
        payload.textContent = JSON.stringify(minted.payload, null, 2);
        times.replaceChildren(...timeRows(minted.times, Math.floor(Date.now() / 1000)));
        warnings.hidden = minted.warnings.length === 0;
        warnings.replaceChildren(...minted.warnings.map((warning) => h('li', {}, warning.message)));
      }
      expiresAt = minted.expiresAt;
      clearInterval(timer);
      countdown.textContent = '';
      if (expiresAt !== null) {
        tick();
        timer = setInterval(tick, 1000);
      }
      flow = minted.request === null ? null : minted;
      commandSection.hidden = flow === null;
      commandTitle.textContent = minted.exchange
        ? 'Ready-to-run flow: the token exchange, then the request'
        : 'Ready-to-run request';
      selectCommand(current);
    },
    showError(message) {
      clearInterval(timer);
      tokenSection.hidden = commandSection.hidden = decodedSection.hidden = true;
      element.hidden = false;
      error.hidden = false;
      error.textContent = message;
    },
    hideError() {
      error.hidden = true;
    },
    reset() {
      clearInterval(timer);
      expiresAt = null;
      flow = null;
      element.hidden = true;
    },
  };
}
