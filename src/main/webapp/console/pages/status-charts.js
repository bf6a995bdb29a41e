// The Status page's charts: /metrics read every few seconds while the page is shown, and
// what changed between two readings drawn over the minutes since the page opened.
import { api } from '../api.js';
import { h, clear, table } from '../ui.js';
import { parse, sum, sumBy, rate, quantile } from '../metrics.js';
import { chart, number, suffix } from '../chart.js';

const POLL_SECONDS = 3;
const POINTS = 200; // 10 minutes
const TOKENS = 'gatehouse_token_requests_seconds_count';
const FAILED_LOGIN = { grant_type: 'password', outcome: /^(invalid_grant|locked)$/ };

/** What the charts show: values(now, before, seconds) gives {series: value} for one poll. */
const CHARTS = [
  { id: 'tokens', title: 'Token requests by outcome', unit: '/s', values: (now, before, seconds) => {
    const [a, b] = [sumBy(before, TOKENS, 'outcome'), sumBy(now, TOKENS, 'outcome')];
    return Object.fromEntries(Object.keys(b).sort(successFirst).map((outcome) => [outcome, rate(a[outcome] || 0, b[outcome], seconds)]));
  } },
  { id: 'token-p99', title: 'Token requests p99', unit: 'ms',
    values: (now, before) => ({ p99: p99(before, now, 'gatehouse_token_requests_seconds_bucket') }) },
  { id: 'bearer-p99', title: 'Bearer requests p99', unit: 'ms',
    values: (now, before) => ({ p99: p99(before, now, 'gatehouse_bearer_resolutions_seconds_bucket') }) },
  { id: 'logins', title: 'Failed logins, throttled requests', unit: '/s', values: (now, before, seconds) => ({
    'failed logins': rate(sum(before, TOKENS, FAILED_LOGIN), sum(now, TOKENS, FAILED_LOGIN), seconds),
    throttled: rate(sum(before, TOKENS, { outcome: 'throttled' }), sum(now, TOKENS, { outcome: 'throttled' }), seconds),
  }) },
  { id: 'sessions', title: 'Open Sessions', unit: '', values: (now) => ({ open: sum(now, 'gatehouse_sessions_open') }) },
  { id: 'hash-gate', title: 'Hash gate', unit: '', values: (now, before, seconds) => ({
    'in flight': sum(now, 'gatehouse_hash_in_flight'),
    queued: sum(now, 'gatehouse_hash_queued'),
    'rejected/s': rate(sum(before, 'gatehouse_hash_rejected'), sum(now, 'gatehouse_hash_rejected'), seconds),
  }) },
];

function successFirst(a, b) {
  return (b === 'success') - (a === 'success') || a.localeCompare(b);
}

function p99(before, now, buckets) {
  const seconds = quantile(0.99, sumBy(before, buckets, 'le'), sumBy(now, buckets, 'le'));
  return seconds === null ? null : seconds * 1000;
}

/**
 * Polls /metrics every few seconds while the page is shown and charts what changed between
 * two scrapes; the current numbers and the raw text are one click away.
 */
export async function showCharts(section, first, onText) {
  let text = first;
  const charts = CHARTS.map((spec) => ({ spec, view: chart(spec), series: new Map() }));
  const updated = h('p', { class: 'hint' }, 'Waiting for the next reading.');
  const error = h('p', { class: 'error' });
  const current = h('div');
  const raw = h('pre', { id: 'metrics-text' });
  const details = h('details', { id: 'metrics-details' }, h('summary', {}, 'Current values and the raw text'), current, raw);
  section.append(h('p', { class: 'hint' }, `From /metrics every ${POLL_SECONDS} s since this page opened: rates and p99 between two readings.`),
    h('div', { class: 'charts' }, charts.map((c) => c.view.element)), updated, error, details);

  let before = parse(text);
  let polls = 0;
  const started = Date.now();
  let last = started;
  showText(text, details, raw, onText);
  showCurrent(current, charts);
  while (section.isConnected) {
    await new Promise((resolve) => setTimeout(resolve, POLL_SECONDS * 1000));
    if (!section.isConnected) break;
    try {
      text = String((await api('GET', 'metrics', { accept: 'text/plain' })).body);
      error.textContent = '';
    } catch (e) {
      error.textContent = `/metrics: ${e.message}`;
      continue;
    }
    const at = Date.now();
    const now = parse(text);
    polls = Math.min(polls + 1, POINTS);
    for (const c of charts) {
      append(c.series, c.spec.values(now, before, (at - last) / 1000), polls);
      c.view.update(c.series, Math.min(at - started, POINTS * POLL_SECONDS * 1000) / 1000);
    }
    [before, last] = [now, at];
    updated.textContent = `Updated ${new Date(at).toLocaleTimeString()}.`;
    showText(text, details, raw, onText);
    showCurrent(current, charts);
  }
}

/** One poll's values onto each series (a series seen for the first time is 0 before), at most POINTS long. */
function append(series, values, length) {
  for (const name of Object.keys(values)) {
    if (!series.has(name)) series.set(name, []);
  }
  for (const [name, list] of series) {
    list.push(name in values ? values[name] : null);
    while (list.length < length) list.unshift(0);
    while (list.length > length) list.shift();
  }
}

function showText(text, details, raw, onText) {
  onText(text);
  // An open raw text is left alone, so that it can be read and selected.
  if (!details.open) {
    raw.textContent = text;
  }
}

function showCurrent(target, charts) {
  const rows = charts.flatMap(({ spec, series }) => [...series].map(([name, values]) => ({
    chart: spec.title, name, latest: values[values.length - 1], peak: Math.max(0, ...values.filter((v) => v !== null)), unit: spec.unit,
  })));
  clear(target, table([
    ['Chart', (r) => r.chart],
    ['Series', (r) => r.name],
    ['Latest', (r) => number(r.latest) + suffix(r.unit)],
    ['Peak', (r) => number(r.peak) + suffix(r.unit)],
  ], rows, 'No readings yet.'));
}
