// Clients: list, create (with a strong secret generated here and shown once), delete.
import { api } from '../api.js';
import { h, clear, field, checkbox, select, messages, busy, table, confirmButton, formValues } from '../ui.js';

const GRANTS = [['password', 'password'], ['refresh_token', 'refresh_token'], ['client_credentials', 'client_credentials']];

export function render(page) {
  page.append(h('h1', {}, 'Clients'));
  const results = h('div');
  const outcome = messages();
  const created = h('div', { 'aria-live': 'polite' });

  async function load() {
    try {
      const bundle = (await busy(page, () => api('GET', 'Client?_sort=id&_count=200'))).body;
      const rows = (bundle.entry || []).map((entry) => entry.resource);
      clear(results, table([
        ['Id', (c) => h('a', { href: `#/resources/Client/${encodeURIComponent(c.id)}` }, c.id)],
        ['Grant types', (c) => (c.grant_types || []).join(', ')],
        ['Token format', (c) => password(c).token_format || 'opaque'],
        ['Access token (s)', (c) => password(c).access_token_expiration || 3600],
        ['Refresh tokens', (c) => (password(c).refresh_token ? 'yes' : 'no')],
        ['Secret required', (c) => (password(c).secret_required === false ? 'no (public)' : 'yes')],
        ['', (c) => confirmButton('Delete', `Really delete ${c.id}?`, () => remove(c.id), { 'aria-label': `Delete client ${c.id}` })],
      ], rows, 'No Clients.'));
    } catch (e) {
      clear(results);
      outcome.error(e);
    }
  }

  async function remove(id) {
    try {
      await busy(page, () => api('DELETE', `Client/${encodeURIComponent(id)}`), 'Deleting…');
      outcome.ok(`Client ${id} deleted; its Sessions are closed.`);
      load();
    } catch (e) {
      outcome.error(e);
    }
  }

  page.append(createForm(created, load), created, h('h2', {}, 'All clients'), ...outcome.elements, results);
  load();
}

function password(client) {
  return (client.auth && client.auth.password) || {};
}

/** 32 random bytes from the browser's CSPRNG, base64url: 256 bits, never sent anywhere but in the create request. */
export function newSecret() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function createForm(created, reload) {
  const outcome = messages();
  const number = (name, hint) => field(name, h('input', { name, type: 'number', min: '1', inputmode: 'numeric' }), hint);
  const form = h('form', { class: 'panel', id: 'new-client', 'aria-label': 'New client' },
    h('h2', {}, 'New client'),
    h('div', { class: 'row' },
      field('Id', h('input', { name: 'id', required: true, autocomplete: 'off', pattern: '[A-Za-z0-9.\\-]{1,64}' }), 'letters, digits, - and .'),
      field('Introspection', select('introspection', [['own', 'own (default): its own tokens'], ['any', 'any: every token (a resource server)']], 'own'))),
    h('fieldset', {}, h('legend', {}, 'Grant types'),
      GRANTS.map(([value, text]) => checkbox(text, { name: `grant-${value}`, checked: value === 'password' }))),
    checkbox('Public client: no secret (secret_required: false), for apps that cannot keep one', { name: 'public' }),
    h('fieldset', {}, h('legend', {}, 'Password grant options (auth.password)'),
      h('div', { class: 'row' },
        field('token_format', select('token_format', [['opaque', 'opaque (default)'], ['jwt', 'jwt']], 'opaque')),
        number('access_token_expiration', 'seconds; default 3600'),
        number('refresh_token_expiration', 'seconds; default: until the Session ends'),
        field('audience', h('input', { name: 'audience', autocomplete: 'off' }), 'JWT aud; default: the issuer')),
      checkbox('refresh_token: issue refresh tokens (default off)', { name: 'refresh_token' })),
    h('p', {}, h('button', { type: 'submit' }, 'Create client')),
    ...outcome.elements);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = formValues(form);
    const id = values.id.trim();
    if (!id) {
      outcome.error(new Error('The client needs an id.'));
      return;
    }
    // Only what differs from the defaults is stored, so the server's defaults keep applying.
    const auth = {};
    if (values.token_format !== 'opaque') auth.token_format = values.token_format;
    if (values.access_token_expiration) auth.access_token_expiration = Number(values.access_token_expiration);
    if (values.refresh_token_expiration) auth.refresh_token_expiration = Number(values.refresh_token_expiration);
    if (values.audience.trim()) auth.audience = values.audience.trim();
    if (values.refresh_token === 'on') auth.refresh_token = true;
    const isPublic = values.public === 'on';
    if (isPublic) auth.secret_required = false;
    const body = {
      resourceType: 'Client',
      id,
      grant_types: GRANTS.map(([value]) => value).filter((value) => values[`grant-${value}`] === 'on'),
    };
    if (Object.keys(auth).length) body.auth = { password: auth };
    if (values.introspection !== 'own') body.introspection = values.introspection;
    const secret = isPublic ? null : newSecret();
    if (secret) body.secret = secret;
    try {
      await busy(form, () => api('POST', 'Client', { body }), 'Creating…');
      form.reset();
      outcome.clear();
      clear(created, h('section', { class: 'panel', id: 'created-client' },
        h('h2', {}, `Client ${id} created`),
        secret
          ? [h('p', {}, 'Its secret, shown this once (the server keeps only a hash): copy it now.'),
            h('p', {}, h('code', { class: 'secret', id: 'client-secret', tabindex: '0' }, secret))]
          : h('p', {}, 'A public client: it has no secret.')));
      reload();
    } catch (e) {
      outcome.error(e);
    }
  });
  return form;
}
