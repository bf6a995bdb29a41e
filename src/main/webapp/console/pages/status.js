// Status: the main metrics as charts over the minutes since the page opened, health,
// signing keys and their rotation. Endpoints this server does not have (yet) are shown as
// such, not as errors.
import { api } from '../api.js';
import { h, clear, messages, busy, table, when } from '../ui.js';

export function render(page) {
  page.append(h('h1', {}, 'Status'));
  const metrics = h('section', { class: 'panel', 'aria-labelledby': 'metrics-heading' }, h('h2', { id: 'metrics-heading' }, 'Metrics'));
  const health = h('section', { class: 'panel', 'aria-labelledby': 'health-heading' }, h('h2', { id: 'health-heading' }, 'Health'));
  const keys = h('section', { class: 'panel', 'aria-labelledby': 'keys-heading' }, h('h2', { id: 'keys-heading' }, 'Signing keys'));
  page.append(metrics, health, keys);
  showMetrics(metrics);
  showHealth(health);
  showKeys(keys);
}

function unavailable(e) {
  return e.status === 404 ? 'Not available on this server.' : `${e.message} (HTTP ${e.status || '?'})`;
}

async function showHealth(section) {
  const rows = [];
  for (const check of ['live', 'ready', 'started']) {
    try {
      const reply = await busy(section, () => api('GET', `health/${check}`));
      rows.push({ check, state: reply.body.status || 'UP', detail: JSON.stringify(reply.body.checks || []) });
    } catch (e) {
      // MicroProfile Health answers 503 with a body when DOWN.
      rows.push({ check, state: e.status === 503 ? 'DOWN' : '—', detail: unavailable(e) });
    }
  }
  section.append(table([['Check', (r) => `/health/${r.check}`], ['Status', (r) => r.state], ['Detail', (r) => h('td', { class: 'mono' }, r.detail)]], rows));
}

let metricsText = null;

async function showMetrics(section) {
  let text;
  try {
    text = String((await busy(section, () => api('GET', 'metrics', { accept: 'text/plain' }))).body);
  } catch (e) {
    section.append(h('p', { class: 'hint' }, unavailable(e)));
    return;
  }
  // The charts' code is fetched with this page, not with the sign-in page.
  const { showCharts } = await import('./status-charts.js');
  showCharts(section, text, (latest) => {
    metricsText = latest;
    showSigningKeyAge();
  });
}

async function showKeys(section) {
  const outcome = messages();
  const list = h('div');
  const rotate = h('button', { type: 'button', id: 'rotate-key', onclick: async () => {
    try {
      const reply = await busy(section, () => api('POST', 'auth/keys/rotate', { body: {} }), 'Rotating…');
      outcome.ok(`Now signing with ${reply.body.kid}; earlier keys stay published while their tokens may be valid.`);
      load();
    } catch (e) {
      outcome.error(e);
    }
  } }, 'Rotate now');
  async function load() {
    try {
      const jwks = (await busy(section, () => api('GET', '.well-known/jwks.json'))).body;
      clear(list, table([
        ['Key id', (k) => h('td', { class: 'mono' }, k.kid)],
        ['Algorithm', (k) => k.alg || k.kty],
        ['Created', (k) => created(k)],
        ['Age', (k) => age(k)],
      ], jwks.keys || [], 'No keys published.'));
    } catch (e) {
      clear(list, h('p', { class: 'error' }, e.message));
    }
  }
  section.append(h('p', { class: 'hint' }, 'The published keys (JWKS). A new key signs from the moment of rotation; every instance follows within 250 ms.'),
    list, h('p', { id: 'signing-key-age', class: 'hint' }), h('p', {}, rotate), ...outcome.elements);
  showSigningKeyAge();
  load();
}

/** Where the server publishes when a key was made (iat, seconds), if it does. */
function createdAt(key) {
  const seconds = key.iat ?? key.created ?? key.nbf;
  return typeof seconds === 'number' ? new Date(seconds * 1000) : null;
}

function created(key) {
  const at = createdAt(key);
  return at ? when(at.toISOString()) : 'not published';
}

function age(key) {
  const at = createdAt(key);
  if (!at) return '—';
  const days = (Date.now() - at.getTime()) / 86400000;
  return days < 1 ? `${Math.round(days * 24)} h` : `${Math.floor(days)} days`;
}

/** The current key's age, from the metric gatehouse_signing_key_age_seconds where the server has it. */
function showSigningKeyAge() {
  const target = document.getElementById('signing-key-age');
  const sample = metricsText && metricsText.split('\n').find((line) => line.startsWith('gatehouse_signing_key_age_seconds'));
  if (target && sample) {
    const seconds = Number(sample.trim().split(/\s+/).pop());
    target.textContent = `The key signing now is ${seconds < 86400 ? `${Math.round(seconds / 3600)} h` : `${Math.floor(seconds / 86400)} days`} old.`;
  }
}
