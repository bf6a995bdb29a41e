// Sessions: search by user, client, open/closed and last use; close one; close all of a user.
import { api, localPath } from '../api.js';
import { h, clear, field, select, messages, busy, table, when, ref, confirmButton } from '../ui.js';

export function render(page) {
  page.append(h('h1', {}, 'Sessions'));
  sessionSearch(page, {});
}

/** The search form and its results; with fixedUser (a user's page) the user filter is that user. */
export function sessionSearch(container, { fixedUser }) {
  const userInput = h('input', { name: 'user', value: fixedUser || '', autocomplete: 'off' });
  const clientInput = h('input', { name: 'client', autocomplete: 'off' });
  const state = select('state', [['open', 'Open'], ['closed', 'Closed'], ['any', 'Open or closed']], 'open');
  const since = h('input', { name: 'since', type: 'datetime-local' });
  const results = h('div', { class: 'results' });
  const outcome = messages();
  const form = h('form', { class: 'panel', 'aria-label': 'Search Sessions' },
    h('div', { class: 'row' },
      fixedUser ? null : field('User id', userInput),
      field('Client id', clientInput),
      field('State', state),
      field('Last used since', since),
      h('p', { class: 'field' }, h('button', { type: 'submit' }, 'Search'))));

  let nextLink = null;
  const query = () => {
    const params = new URLSearchParams();
    const userId = fixedUser || userInput.value.trim();
    if (userId) params.set('user.id', userId);
    if (clientInput.value.trim()) params.set('client.id', clientInput.value.trim());
    if (state.value === 'open') params.set('closed:missing', 'true');
    if (state.value === 'closed') params.set('closed:missing', 'false');
    if (since.value) params.set('lastUsed', 'ge' + new Date(since.value).toISOString());
    params.set('_sort', '-lastUsed');
    params.set('_count', '25');
    return 'Session?' + params;
  };

  let latest = 0;
  async function search(path, append = false) {
    latest += 1;
    const mine = latest;
    try {
      const bundle = (await busy(container, () => api('GET', path))).body;
      if (mine !== latest) {
        return; // a newer search was started meanwhile: its answer is the one to show
      }
      const next = (bundle.link || []).find((link) => link.relation === 'next');
      nextLink = next ? localPath(next.url) : null;
      const rows = (bundle.entry || []).map((entry) => entry.resource);
      const shown = [
        h('p', { class: 'hint' }, `${bundle.total ?? rows.length} Session(s)`),
        table([
          ['Session', (s) => h('td', { class: 'mono' }, s.id)],
          ['User', (s) => ref(s.user)],
          ['Client', (s) => ref(s.client)],
          ['Created', (s) => when(s.created)],
          ['Last used', (s) => when(s.lastUsed)],
          ['Expires', (s) => when(s.exp)],
          ['State', (s) => h('span', { class: s.closed ? 'badge closed' : 'badge open' }, s.closed ? `closed ${when(s.closed)}` : 'open')],
          ['', (s) => (s.closed ? '' : h('button', {
            type: 'button', class: 'secondary', 'aria-label': `Close Session ${s.id}`, 'data-session': s.id,
            onclick: () => close(s.id),
          }, 'Close'))],
        ], rows, 'No Sessions match.'),
        nextLink ? h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: () => search(nextLink, true) }, 'Next page')) : null,
      ];
      if (append) {
        results.append(...shown.filter(Boolean));
      } else {
        clear(results, shown);
      }
      outcome.clear();
    } catch (e) {
      clear(results);
      outcome.error(e);
    }
  }

  async function close(id) {
    try {
      await busy(container, () => api('DELETE', `Session/${encodeURIComponent(id)}`), 'Closing…');
      await search(query());
      outcome.ok(`Session ${id} closed: its tokens are refused from now on.`);
    } catch (e) {
      outcome.error(e);
    }
  }

  const closeAll = confirmButton('Close all open Sessions of this user', 'Really close them all?', async () => {
    const userId = fixedUser || userInput.value.trim();
    if (!userId) {
      outcome.error(new Error('Name a user first.'));
      return;
    }
    try {
      const reply = await busy(container, () => api('DELETE', `Session?user.id=${encodeURIComponent(userId)}`), 'Closing…');
      await search(query());
      const issue = reply.body && reply.body.issue && reply.body.issue[0];
      outcome.ok(issue ? issue.diagnostics : 'Closed.');
    } catch (e) {
      outcome.error(e);
    }
  }, { id: fixedUser ? 'close-all-of-user' : 'close-all' });

  form.addEventListener('submit', (event) => { event.preventDefault(); search(query()); });
  container.append(form, h('p', {}, closeAll), ...outcome.elements, results);
  search(query());
}
