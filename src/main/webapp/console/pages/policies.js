// Access policies: edit as YAML or JSON with the server's 422 messages beside the text,
// and ask the server whether a user's request would be allowed (POST /auth/explain).
import { api } from '../api.js';
import { h, clear, field, select, messages, busy } from '../ui.js';
import { documentEditor } from '../editor.js';

const JSON_TEMPLATE = { engine: 'matcho', matcho: { 'request-method': 'get', 'resource-type': 'Patient' } };
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

function edit(container, id) {
  documentEditor(container, {
    name: 'policy',
    label: 'Policy',
    title: id ? `Policy ${id}` : 'New policy',
    id,
    formats: [['yaml', 'YAML'], ['json', 'JSON']],
    path: (pid) => `AccessPolicy/${encodeURIComponent(pid)}`,
    collection: null, // a policy is named by its id
    template: (format) => (format === 'yaml' ? TEMPLATE : JSON.stringify(JSON_TEMPLATE, null, 2)),
    shown: (body, format) => (format === 'json' ? JSON.stringify(withoutMeta(body), null, 2) : withoutMetaYaml(body)),
    deleted: '#/policies',
    created: (pid) => `#/policies/${encodeURIComponent(pid)}`,
    saved: 'Saved: the policy applies to the next request.',
  });
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
