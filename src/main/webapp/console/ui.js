// Small DOM helpers: elements built with createElement (no innerHTML, so nothing the
// server returns is ever parsed as markup), labelled fields, messages and loading states.

let lastId = 0;

/** h('p', {class: 'x', onclick: f}, 'text', child, [more]) */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'value') {
      element.value = value;
    } else if (name === 'checked') {
      element.defaultChecked = true; // also what form.reset() goes back to
      element.checked = true;
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : String(child));
  }
}

export function clear(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export function uid(prefix) {
  lastId += 1;
  return `${prefix}-${lastId}`;
}

/** A labelled input: field('User', h('input', {name: 'user'}), 'hint'). */
export function field(label, control, hint) {
  if (!control.id) {
    control.id = uid(control.name || 'field');
  }
  let hintElement = null;
  if (hint) {
    hintElement = h('span', { class: 'hint', id: control.id + '-hint' }, hint);
    control.setAttribute('aria-describedby', hintElement.id);
  }
  return h('p', { class: 'field' }, h('label', { for: control.id }, label), control, hintElement);
}

export function checkbox(label, attrs = {}) {
  const input = h('input', { type: 'checkbox', ...attrs });
  input.id = input.id || uid(attrs.name || 'check');
  return h('p', { class: 'check' }, input, h('label', { for: input.id }, label));
}

export function select(name, options, chosen) {
  return h('select', { name }, options.map(([value, text]) => h('option', { value, selected: value === chosen }, text)));
}

/** A region for one outcome: success text or the server's error. */
export function messages() {
  const ok = h('p', { class: 'ok', role: 'status' });
  const error = h('p', { class: 'error', role: 'alert' });
  return {
    elements: [ok, error],
    ok(text) { error.textContent = ''; ok.textContent = text; },
    error(e) { ok.textContent = ''; error.textContent = errorText(e); },
    clear() { ok.textContent = ''; error.textContent = ''; },
  };
}

export function errorText(e) {
  if (e && e.status === 403) {
    return `Not allowed (403): ${e.message}`;
  }
  if (e && e.status) {
    return `${e.message} (HTTP ${e.status})`;
  }
  return (e && e.message) || String(e);
}

/**
 * Runs a slow call with a loading state: the region is aria-busy at once and shows
 * "Loading…" after 150 ms (quick answers do not flicker); buttons in it are disabled.
 */
export async function busy(region, work, text = 'Loading…') {
  region.setAttribute('aria-busy', 'true');
  const buttons = [...region.querySelectorAll('button:not(:disabled)')];
  buttons.forEach((button) => { button.disabled = true; });
  const note = h('p', { class: 'loading' }, text);
  const timer = setTimeout(() => region.append(note), 150);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
    note.remove();
    buttons.forEach((button) => { button.disabled = false; });
    region.removeAttribute('aria-busy');
  }
}

/** A table: columns [[heading, row => cell]], rows; an empty note when there are none. */
export function table(columns, rows, empty = 'Nothing found.') {
  if (rows.length === 0) {
    return h('p', { class: 'hint' }, empty);
  }
  return h('table', {},
    h('thead', {}, h('tr', {}, columns.map(([heading]) => h('th', { scope: 'col' }, heading)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, columns.map(([, cell]) => {
      const value = cell(row);
      return value instanceof Node && value.tagName === 'TD' ? value : h('td', {}, value ?? '');
    })))));
}

/** A button that asks once more before acting: the first press arms it for five seconds. */
export function confirmButton(text, confirmText, action, attrs = {}) {
  let armed = false;
  let timer = null;
  const button = h('button', { type: 'button', class: 'danger', ...attrs, onclick: async () => {
    if (!armed) {
      armed = true;
      button.textContent = confirmText;
      timer = setTimeout(() => { armed = false; button.textContent = text; }, 5000);
      return;
    }
    clearTimeout(timer);
    armed = false;
    button.textContent = text;
    await action();
  } }, text);
  return button;
}

export function when(iso) {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export function ref(reference) {
  return reference && reference.id ? reference.id : '';
}

export function formValues(form) {
  return Object.fromEntries(new FormData(form).entries());
}
