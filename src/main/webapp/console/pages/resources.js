// Any resource type: list and search, view, edit, create and delete, as JSON or YAML.
import { api, localPath } from '../api.js';
import { h, clear, field, messages, busy, table, when } from '../ui.js';
import { documentEditor } from '../editor.js';

const KNOWN = ['Client', 'User', 'Session', 'AccessPolicy', 'AuditEvent', 'Patient'];

export function render(page, [type, id]) {
  page.append(h('h1', {}, 'Resources'));
  const typeInput = h('input', { name: 'type', list: 'known-types', value: type || '', required: true, autocomplete: 'off', pattern: '[A-Z][A-Za-z0-9]{0,63}' });
  const query = h('input', { name: 'query', autocomplete: 'off', placeholder: 'name.family=Smith&_sort=-_lastUpdated' });
  const chooser = h('form', { class: 'panel', 'aria-label': 'Choose a type' },
    h('datalist', { id: 'known-types' }, KNOWN.map((known) => h('option', { value: known }))),
    h('div', { class: 'row' }, field('Type', typeInput), field('Search parameters', query, 'as in the REST API: field=value, _sort, _count, _elements'),
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

function edit(container, type, id) {
  const collection = encodeURIComponent(type);
  documentEditor(container, {
    name: 'resource',
    label: 'Resource',
    title: id ? `${type}/${id}` : `New ${type}`,
    links: h('p', {}, h('a', { href: `#/resources/${collection}` }, `← All ${type} resources`)),
    id,
    idHint: 'optional: the server picks one',
    formats: [['json', 'JSON'], ['yaml', 'YAML']],
    path: (rid) => `${collection}/${encodeURIComponent(rid)}`,
    collection,
    template: (format) => (format === 'json' ? '{\n  \n}' : ''),
    shown: (body, format) => (format === 'json' ? JSON.stringify(body, null, 2) : body),
    deleted: `#/resources/${collection}`,
    created: (rid) => `#/resources/${collection}/${encodeURIComponent(rid)}`,
    saved: 'Saved.',
  });
}
