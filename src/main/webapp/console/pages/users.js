// Users: search, create, edit name/e-mail/roles, set a password, deactivate, unlock, see a user's Sessions.
import { api } from '../api.js';
import { h, clear, field, checkbox, select, messages, busy, table, when, formValues } from '../ui.js';
import { sessionSearch } from './sessions.js';

/** Root's bookkeeping: the server shows it to root only, and the console shows what the server shows. */
const ROOT_ONLY = ['failedLogins', 'lockedUntil'];

export function render(page, [id]) {
  if (id) {
    detail(page, id);
  } else {
    list(page);
  }
}

function roles(user) {
  return (user.roles || []).map((role) => role.value).join(', ');
}

function roleList(text) {
  return text.split(',').map((value) => value.trim()).filter(Boolean).map((value) => ({ value }));
}

function list(page) {
  page.append(h('h1', {}, 'Users'));
  const by = select('by', [['userName', 'User name'], ['email', 'E-mail'], ['_id', 'Id']], 'userName');
  const value = h('input', { name: 'value', autocomplete: 'off' });
  const results = h('div');
  const outcome = messages();
  const search = h('form', { class: 'panel', 'aria-label': 'Search Users' },
    h('div', { class: 'row' }, field('Search by', by), field('Value (exact; empty: all)', value),
      h('p', { class: 'field' }, h('button', { type: 'submit' }, 'Search'))));

  async function run() {
    const params = new URLSearchParams({ _sort: 'id', _count: '50' });
    if (value.value.trim()) params.set(by.value, value.value.trim());
    try {
      const bundle = (await busy(page, () => api('GET', 'User?' + params))).body;
      const rows = (bundle.entry || []).map((entry) => entry.resource);
      clear(results, h('p', { class: 'hint' }, `${bundle.total ?? rows.length} User(s)`), table([
        ['Id', (u) => h('a', { href: `#/users/${encodeURIComponent(u.id)}` }, u.id)],
        ['User name', (u) => u.userName],
        ['E-mail', (u) => u.email],
        ['Roles', roles],
        ['Status', (u) => (u.inactive ? 'inactive' : 'active')],
      ], rows, 'No Users match.'));
      outcome.clear();
    } catch (e) {
      clear(results);
      outcome.error(e);
    }
  }
  search.addEventListener('submit', (event) => { event.preventDefault(); run(); });
  page.append(search, ...outcome.elements, results, createForm());
  run();
}

function createForm() {
  const outcome = messages();
  const form = h('form', { class: 'panel', id: 'new-user', 'aria-label': 'New user' },
    h('h2', {}, 'New user'),
    h('div', { class: 'row' },
      field('Id', h('input', { name: 'id', autocomplete: 'off' }), 'optional: the server picks one'),
      field('User name', h('input', { name: 'userName', autocomplete: 'off' })),
      field('E-mail', h('input', { name: 'email', type: 'email', autocomplete: 'off' })),
      field('Password', h('input', { name: 'password', type: 'password', autocomplete: 'new-password' })),
      field('Roles', h('input', { name: 'roles', autocomplete: 'off' }), 'comma-separated')),
    h('p', {}, h('button', { type: 'submit' }, 'Create user')),
    ...outcome.elements);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = formValues(form);
    const body = { resourceType: 'User' };
    for (const name of ['id', 'userName', 'email', 'password']) {
      if (values[name].trim()) body[name] = name === 'password' ? values[name] : values[name].trim();
    }
    if (values.roles.trim()) body.roles = roleList(values.roles);
    try {
      const created = (await busy(form, () => api('POST', 'User', { body }), 'Creating…')).body;
      location.hash = `#/users/${encodeURIComponent(created.id)}`;
    } catch (e) {
      outcome.error(e);
    }
  });
  return form;
}

async function detail(page, id) {
  page.append(h('h1', {}, `User ${id}`), h('p', {}, h('a', { href: '#/users' }, '← All users')));
  const outcome = messages();
  page.append(...outcome.elements);
  let user;
  try {
    user = (await busy(page, () => api('GET', `User/${encodeURIComponent(id)}`))).body;
  } catch (e) {
    outcome.error(e);
    return;
  }
  // What is sent back on every write: the stored User without its metadata and root's bookkeeping
  // (sending lockedUntil is the unlock, which only the Unlock button does).
  const base = () => {
    const copy = { ...user };
    delete copy.meta;
    ROOT_ONLY.forEach((name) => delete copy[name]);
    return copy;
  };
  async function save(changes, region, done) {
    try {
      user = (await busy(region, () => api('PUT', `User/${encodeURIComponent(id)}`, { body: { ...base(), ...changes } }), 'Saving…')).body;
      outcome.ok(done);
      showFacts();
    } catch (e) {
      outcome.error(e);
    }
  }

  const facts = h('dl', { class: 'facts' });
  function showFacts() {
    clear(facts,
      h('dt', {}, 'Last updated'), h('dd', {}, when(user.meta && user.meta.lastUpdated)),
      ROOT_ONLY.filter((name) => name in user).map((name) => [h('dt', {}, name), h('dd', { id: `fact-${name}` }, String(user[name]))]));
  }
  showFacts();

  const name = user.name || {};
  const edit = h('form', { class: 'panel', id: 'edit-user', 'aria-label': 'Edit user' },
    h('h2', {}, 'Details'),
    h('div', { class: 'row' },
      field('User name', h('input', { name: 'userName', value: user.userName || '', autocomplete: 'off' })),
      field('E-mail', h('input', { name: 'email', type: 'email', value: user.email || '', autocomplete: 'off' })),
      field('Given name', h('input', { name: 'givenName', value: name.givenName || '', autocomplete: 'off' })),
      field('Family name', h('input', { name: 'familyName', value: name.familyName || '', autocomplete: 'off' })),
      field('Roles', h('input', { name: 'roles', value: roles(user), autocomplete: 'off' }), 'comma-separated')),
    checkbox('Inactive: cannot sign in, and its live tokens stop working', { name: 'inactive', checked: user.inactive === true }),
    h('p', {}, h('button', { type: 'submit' }, 'Save')), facts);
  edit.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = formValues(edit);
    const changes = {
      userName: values.userName.trim() || undefined,
      email: values.email.trim() || undefined,
      name: { ...name, givenName: values.givenName.trim() || undefined, familyName: values.familyName.trim() || undefined },
      roles: roleList(values.roles),
      inactive: values.inactive === 'on',
    };
    save(changes, edit, 'Saved.');
  });

  const password = h('form', { class: 'panel', id: 'set-password', 'aria-label': 'Set password' },
    h('h2', {}, 'Password'),
    // For password managers: whose password this is.
    h('input', { type: 'text', name: 'username', autocomplete: 'username', value: user.userName || id, hidden: true, readonly: true }),
    h('div', { class: 'row' },
      field('New password', h('input', { name: 'password', type: 'password', autocomplete: 'new-password', required: true }),
        'closes all of this user\'s Sessions'),
      h('p', { class: 'field' }, h('button', { type: 'submit' }, 'Set password'))));
  password.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = password.elements.password;
    if (!input.value) {
      outcome.error(new Error('Type the new password first.'));
      return;
    }
    save({ password: input.value }, password, 'Password set; the user\'s Sessions are closed.');
    input.value = '';
  });

  const unlock = h('section', { class: 'panel', 'aria-labelledby': 'unlock-heading' },
    h('h2', { id: 'unlock-heading' }, 'Brute-force lock'),
    h('p', { class: 'hint' }, 'Whether a user is locked is shown to root only; unlocking lifts a lock if there is one and resets the failure count.'),
    h('button', { type: 'button', id: 'unlock', onclick: (event) => save({ lockedUntil: null }, event.target.parentElement,
      'Unlocked: the user may sign in again.') }, 'Unlock'));

  const sessionsPanel = h('section', { class: 'panel', 'aria-labelledby': 'user-sessions' }, h('h2', { id: 'user-sessions' }, 'Sessions'));
  page.append(edit, password, unlock, sessionsPanel);
  sessionSearch(sessionsPanel, { fixedUser: id });
}
