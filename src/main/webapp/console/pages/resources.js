// Any resource type: list and search, view, edit, create and delete, as JSON or YAML.
import { api, localPath } from '../api.js';
import { h, clear, field, select, messages, busy, table, confirmButton, when } from '../ui.js';

const KNOWN = ['Client', 'User', 'Session', 'AccessPolicy', 'AuditEvent', 'Patient'];
const TYPES = { json: 'application/json', yaml: 'text/yaml' };

export function render(page, [type, id]) {
  page.append(h('h1', {}, 'Resources'));
  const typeInput = h('input', { name: 'type', list: 'known-types', value: type || '', required: true, autocomplete: 'off', pattern: '[A-Z][A-Za-z0-9]{0,63}' });
  const query = h('input', { name: 'query', autocomplete: 'off', placeholder: 'name.family=Smith&_sort=-_lastUpdated' });
  const chooser = h('form', { class: 'panel', 'aria-label': 'Choose a type' },
    h('datalist', { id: 'known-types' }, KNOWN.map((known) => h('option', { value: known }))),
    h('div', { class: 'row' }, field('Type', typeInput), field('Search parameters', query, 'as in the REST API (API.md §2)'),
      h('p', { class: 'field' }, h('button', { type: 'submit' }, 'Search')),
      h('p', { class: 'field' }, h('button', { type: 'button', class: 'secondary', onclick: () => {
        if (typeInput.value) location.hash = `#/resources/${encodeURIComponent(typeInput.value)}/+new`;
      } }, 'New'))));
  const below = h('div');
  page.append(chooser, below);
  chooser.addEventListener('submit', (event) => {
    event.preventDefault();
    const wanted = typeInput.value.trim();
    if (`#/resources/${wanted}` === location.hash) {
      search(below, wanted, query.value.trim());
    } else {
      location.hash = `#/resources/${encodeURIComponent(wanted)}`;
    }
  });
  if (type && id) {
    edit(below, type, id === '+new' ? null : id);
  } else if (type) {
    search(below, type, '');
  }
}

async function search(container, type, query, append = false) {
  const outcome = messages();
  if (!append) clear(container, ...outcome.elements);
  try {
    const path = append ? query : `${encodeURIComponent(type)}?${query || '_count=50'}`;
    const bundle = (await busy(container, () => api('GET', path))).body;
    const rows = (bundle.entry || []).map((entry) => entry.resource);
    const next = (bundle.link || []).find((link) => link.relation === 'next');
    container.append(
      append ? '' : h('p', { class: 'hint' }, `${bundle.total ?? rows.length} ${type} resource(s)`),
      table([
        ['Id', (r) => h('a', { href: `#/resources/${encodeURIComponent(type)}/${encodeURIComponent(r.id)}` }, r.id)],
        ['Last updated', (r) => when(r.meta && r.meta.lastUpdated)],
        ['Content', (r) => h('td', { class: 'mono' }, summary(r))],
      ], rows, `No ${type} resources match.`),
      next ? h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: (event) => {
        event.target.remove();
        search(container, type, localPath(next.url), true);
      } }, 'Next page')) : '');
  } catch (e) {
    outcome.error(e);
  }
}

function summary(resource) {
  const copy = { ...resource };
  delete copy.resourceType;
  delete copy.id;
  delete copy.meta;
  const text = JSON.stringify(copy);
  return text.length > 160 ? text.slice(0, 157) + '…' : text;
}

async function edit(container, type, id) {
  const outcome = messages();
  const idInput = h('input', { name: 'id', value: id || '', readonly: Boolean(id), autocomplete: 'off' });
  const format = select('format', [['json', 'JSON'], ['yaml', 'YAML']], 'json');
  const text = h('textarea', { name: 'body', id: 'resource-text', spellcheck: 'false', 'aria-describedby': 'resource-error' });
  const fieldError = h('p', { class: 'error', id: 'resource-error', role: 'alert' });
  const form = h('form', { class: 'panel', 'aria-label': id ? `${type}/${id}` : `New ${type}` },
    h('h2', {}, id ? `${type}/${id}` : `New ${type}`),
    h('p', {}, h('a', { href: `#/resources/${encodeURIComponent(type)}` }, `← All ${type} resources`)),
    h('div', { class: 'row' }, field('Id', idInput, id ? null : 'optional: the server picks one'), field('Format', format)),
    h('p', { class: 'field' }, h('label', { for: text.id }, 'Resource'), text, fieldError),
    h('p', { class: 'row' }, h('button', { type: 'submit' }, 'Save'),
      id ? confirmButton('Delete', 'Really delete?', remove) : null),
    ...outcome.elements);
  clear(container, form);

  async function load() {
    if (!id) {
      text.value = format.value === 'json' ? '{\n  \n}' : '';
      return;
    }
    try {
      const reply = await busy(form, () => api('GET', `${encodeURIComponent(type)}/${encodeURIComponent(id)}`, { accept: TYPES[format.value] }));
      text.value = format.value === 'json' ? JSON.stringify(reply.body, null, 2) : reply.body;
    } catch (e) {
      outcome.error(e);
    }
  }

  async function remove() {
    try {
      await busy(form, () => api('DELETE', `${encodeURIComponent(type)}/${encodeURIComponent(id)}`), 'Deleting…');
      location.hash = `#/resources/${encodeURIComponent(type)}`;
    } catch (e) {
      outcome.error(e);
    }
  }

  format.addEventListener('change', load);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fieldError.textContent = '';
    outcome.clear();
    const wanted = idInput.value.trim();
    const path = wanted ? `${encodeURIComponent(type)}/${encodeURIComponent(wanted)}` : encodeURIComponent(type);
    try {
      const reply = await busy(form, () => api(wanted ? 'PUT' : 'POST', path, { body: text.value, type: TYPES[format.value] }), 'Saving…');
      const savedId = reply.body && reply.body.id;
      if (!id && savedId) {
        location.hash = `#/resources/${encodeURIComponent(type)}/${encodeURIComponent(savedId)}`;
      } else {
        outcome.ok('Saved.');
        load();
      }
    } catch (e) {
      fieldError.textContent = e.status ? `${e.message} (HTTP ${e.status})` : e.message;
      text.setAttribute('aria-invalid', 'true');
    }
  });
  load();
}
