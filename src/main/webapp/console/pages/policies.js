// Access policies: edit as YAML or JSON with the server's 422 messages beside the text,
// and ask the server whether a user's request would be allowed (POST /auth/explain).
import { api } from '../api.js';
import { h, clear, field, select, messages, busy, confirmButton } from '../ui.js';

const TYPES = { yaml: 'text/yaml', json: 'application/json' };
const TEMPLATE = 'engine: matcho\nmatcho:\n  request-method: get\n  resource-type: Patient\nlink:\n  - {resourceType: User, id: alice}\n';

export function render(page, [id]) {
  page.append(h('h1', {}, 'Access policies'));
  const list = h('nav', { 'aria-label': 'Policies', class: 'panel' });
  const editor = h('div');
  page.append(list, editor, explainForm());
  loadList(list, page);
  edit(editor, id);
}

async function loadList(list, page) {
  try {
    const bundle = (await busy(page, () => api('GET', 'AccessPolicy?_sort=id&_count=200&_elements=engine'))).body;
    const ids = (bundle.entry || []).map((entry) => entry.resource.id);
    clear(list, h('strong', {}, 'Policies: '),
      ids.length ? ids.map((pid) => [h('a', { href: `#/policies/${encodeURIComponent(pid)}` }, pid), ' ']) : 'none yet. ',
      h('a', { href: '#/policies' }, '+ New policy'));
  } catch (e) {
    clear(list, h('p', { class: 'error', role: 'alert' }, `Cannot list policies: ${e.message}`));
  }
}

async function edit(container, id) {
  const isNew = !id;
  const idInput = h('input', { name: 'id', value: id || '', readonly: !isNew, autocomplete: 'off' });
  const format = select('format', [['yaml', 'YAML'], ['json', 'JSON']], 'yaml');
  const text = h('textarea', { name: 'policy', id: 'policy-text', spellcheck: 'false', 'aria-describedby': 'policy-error' });
  const fieldError = h('p', { class: 'error', id: 'policy-error', role: 'alert' });
  const outcome = messages();
  const form = h('form', { class: 'panel', id: 'policy-form', 'aria-label': isNew ? 'New policy' : `Policy ${id}` },
    h('h2', {}, isNew ? 'New policy' : `Policy ${id}`),
    h('div', { class: 'row' }, field('Id', idInput), field('Format', format)),
    h('p', { class: 'field' }, h('label', { for: text.id }, 'Policy'), text, fieldError),
    h('p', { class: 'row' }, h('button', { type: 'submit' }, 'Save'),
      isNew ? null : confirmButton('Delete', 'Really delete?', remove)),
    ...outcome.elements);
  clear(container, form);

  async function load() {
    if (isNew) {
      text.value = format.value === 'yaml' ? TEMPLATE : JSON.stringify({ engine: 'matcho', matcho: { 'request-method': 'get', 'resource-type': 'Patient' } }, null, 2);
      return;
    }
    try {
      const reply = await busy(form, () => api('GET', `AccessPolicy/${encodeURIComponent(id)}`, { accept: TYPES[format.value] }));
      text.value = format.value === 'json' ? JSON.stringify(withoutMeta(reply.body), null, 2) : withoutMetaYaml(reply.body);
    } catch (e) {
      outcome.error(e);
    }
  }

  async function remove() {
    try {
      await busy(form, () => api('DELETE', `AccessPolicy/${encodeURIComponent(id)}`), 'Deleting…');
      location.hash = '#/policies';
    } catch (e) {
      outcome.error(e);
    }
  }

  format.addEventListener('change', load);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fieldError.textContent = '';
    outcome.clear();
    const policyId = idInput.value.trim();
    if (!policyId) {
      fieldError.textContent = 'The policy needs an id.';
      return;
    }
    try {
      await busy(form, () => api('PUT', `AccessPolicy/${encodeURIComponent(policyId)}`, { body: text.value, type: TYPES[format.value] }), 'Saving…');
      if (isNew) {
        location.hash = `#/policies/${encodeURIComponent(policyId)}`;
      } else {
        outcome.ok('Saved: the policy applies to the next request.');
      }
    } catch (e) {
      // The server's message (422 naming where the pattern is wrong, 400 for broken YAML/JSON) beside the text.
      fieldError.textContent = e.status ? `${e.message} (HTTP ${e.status})` : e.message;
      text.setAttribute('aria-invalid', 'true');
      text.focus();
    }
  });
  text.addEventListener('input', () => text.removeAttribute('aria-invalid'));
  load();
}

function withoutMeta(policy) {
  const copy = { ...policy };
  delete copy.meta;
  return copy;
}

/** Drops the meta block from the server's YAML (top-level key and its indented lines). */
function withoutMetaYaml(yaml) {
  const kept = [];
  let inMeta = false;
  for (const line of String(yaml).split('\n')) {
    if (/^meta:/.test(line)) { inMeta = true; continue; }
    if (inMeta && /^\s/.test(line)) continue;
    inMeta = false;
    kept.push(line);
  }
  return kept.join('\n');
}

function explainForm() {
  const result = h('div', { 'aria-live': 'polite' });
  const outcome = messages();
  const form = h('form', { class: 'panel', id: 'explain', 'aria-label': 'Try a request' },
    h('h2', {}, 'Try a request'),
    h('p', { class: 'hint' }, 'Would this user (or client) be allowed this request? The server answers from the current policies (POST /auth/explain).'),
    h('div', { class: 'row' },
      field('User id', h('input', { name: 'user', autocomplete: 'off' })),
      field('Client id', h('input', { name: 'client', autocomplete: 'off' })),
      field('Method', select('method', ['get', 'post', 'put', 'delete'].map((m) => [m, m.toUpperCase()]), 'get')),
      field('Path', h('input', { name: 'uri', value: '/Patient/1', autocomplete: 'off' })),
      h('p', { class: 'field' }, h('button', { type: 'submit' }, 'Ask'))),
    ...outcome.elements, result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form).entries());
    const question = { method: values.method, uri: values.uri.trim() };
    if (values.user.trim()) question.user = values.user.trim();
    if (values.client.trim()) question.client = values.client.trim();
    try {
      const answer = (await busy(form, () => api('POST', 'auth/explain', { body: question }), 'Asking…')).body;
      outcome.clear();
      clear(result,
        h('p', { class: answer.allowed ? 'ok' : 'error', id: 'explain-verdict' },
          answer.allowed ? `Allowed, by policy ${answer.allowedBy}.` : 'Denied.'),
        (answer.policies || []).length
          ? h('ul', {}, answer.policies.map((p) => h('li', {}, `${p.policy}: ${p.allows ? 'allows' : `does not match at “${p.firstMismatch}”`}`)))
          : h('p', { class: 'hint' }, 'No policy applies to this caller.'),
        answer.privilegedFieldsChanged ? h('p', {}, `Privileged fields changed: ${answer.privilegedFieldsChanged.join(', ')}`) : null);
    } catch (e) {
      clear(result);
      outcome.error(e);
    }
  });
  return form;
}
