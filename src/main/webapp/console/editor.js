// One document as text, JSON or YAML: load, save (PUT with an id, POST without), delete,
// with the server's 4xx message beside the text. The policies and resources pages use it.
import { api } from './api.js';
import { h, clear, field, select, messages, busy, confirmButton } from './ui.js';

const TYPES = { json: 'application/json', yaml: 'text/yaml' };

/**
 * options: name (element ids: NAME-form, NAME-text, NAME-error), label, title, links (elements above
 * the fields), id (null for a new document), formats ([['yaml', 'YAML'], ...], the first is the
 * default), path(id) and collection (POST target, or null when an id is required), template(format),
 * shown(reply body, format), idHint, deleted (hash after a delete), created(id) (hash after a create),
 * saved (message after a save).
 */
export function documentEditor(container, options) {
  const { id } = options;
  const outcome = messages();
  const idInput = h('input', { name: 'id', value: id || '', readonly: Boolean(id), autocomplete: 'off' });
  const format = select('format', options.formats, options.formats[0][0]);
  const text = h('textarea', { name: 'document', id: `${options.name}-text`, spellcheck: 'false', 'aria-describedby': `${options.name}-error` });
  const fieldError = h('p', { class: 'error', id: `${options.name}-error`, role: 'alert' });
  const form = h('form', { class: 'panel', id: `${options.name}-form`, 'aria-label': options.title },
    h('h2', {}, options.title),
    options.links || null,
    h('div', { class: 'row' }, field('Id', idInput, id ? null : options.idHint), field('Format', format)),
    h('p', { class: 'field' }, h('label', { for: text.id }, options.label), text, fieldError),
    h('p', { class: 'row' }, h('button', { type: 'submit' }, 'Save'),
      id ? confirmButton('Delete', 'Really delete?', remove) : null),
    ...outcome.elements);
  clear(container, form);

  async function load() {
    if (!id) {
      text.value = options.template(format.value);
      return;
    }
    try {
      const reply = await busy(form, () => api('GET', options.path(id), { accept: TYPES[format.value] }));
      text.value = options.shown(reply.body, format.value);
    } catch (e) {
      outcome.error(e);
    }
  }

  async function remove() {
    try {
      await busy(form, () => api('DELETE', options.path(id)), 'Deleting…');
      location.hash = options.deleted;
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
    if (!wanted && !options.collection) {
      fieldError.textContent = `The ${options.label.toLowerCase()} needs an id.`;
      return;
    }
    try {
      const reply = await busy(form, () => api(wanted ? 'PUT' : 'POST', wanted ? options.path(wanted) : options.collection,
        { body: text.value, type: TYPES[format.value] }), 'Saving…');
      const savedId = wanted || (reply.body && reply.body.id);
      if (!id && savedId) {
        location.hash = options.created(savedId);
      } else {
        outcome.ok(options.saved);
        load();
      }
    } catch (e) {
      // The server's message (422 naming where the document is wrong, 400 for broken YAML/JSON) beside the text.
      fieldError.textContent = e.status ? `${e.message} (HTTP ${e.status})` : e.message;
      text.setAttribute('aria-invalid', 'true');
      text.focus();
    }
  });
  text.addEventListener('input', () => text.removeAttribute('aria-invalid'));
  load();
}
