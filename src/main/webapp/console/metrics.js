// The Prometheus text format read in the browser: samples, and what two scrapes a few
// seconds apart say (a counter's rate, a histogram's quantile), as Prometheus would.

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of a scrape: [{name, labels: {…}, value}]; comments and blank lines left out. */
export function parse(text) {
  const samples = [];
  for (const line of String(text).split('\n')) {
    const match = line.startsWith('#') ? null : SAMPLE.exec(line);
    if (!match) continue;
    const labels = {};
    for (const [, name, value] of (match[2] || '').matchAll(LABEL)) {
      labels[name] = value.replace(/\\(.)/g, (escaped, c) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of the samples named so whose labels pass the filter: {label: value or RegExp}. */
export function sum(samples, name, filter = {}) {
  return samples.filter((s) => s.name === name && matches(s.labels, filter)).reduce((total, s) => total + s.value, 0);
}

/** The sums of the samples named so, by the value of one label: {value: sum}. */
export function sumBy(samples, name, label, filter = {}) {
  const sums = {};
  for (const s of samples) {
    if (s.name === name && matches(s.labels, filter)) {
      const key = s.labels[label] ?? '';
      sums[key] = (sums[key] || 0) + s.value;
    }
  }
  return sums;
}

function matches(labels, filter) {
  return Object.entries(filter).every(([name, wanted]) =>
    (wanted instanceof RegExp ? wanted.test(labels[name] ?? '') : labels[name] === wanted));
}

/** Per second between two counter readings; a counter that went down was reset (a restart) and counts from 0. */
export function rate(before, now, seconds) {
  if (!(seconds > 0)) return null;
  const increase = now >= before ? now - before : now;
  return increase / seconds;
}

/**
 * The q-quantile of the observations between two scrapes of a histogram (the sums of its
 * _bucket samples by le, as {le: count}), interpolated linearly within a bucket as
 * Prometheus' histogram_quantile does; null when nothing was observed in between.
 */
export function quantile(q, before, now) {
  const bounds = Object.keys(now).map((le) => [le, le === '+Inf' ? Infinity : Number(le)])
    .filter(([, bound]) => !Number.isNaN(bound)).sort((a, b) => a[1] - b[1]);
  const counts = bounds.map(([le, bound]) => [bound, Math.max(0, now[le] - (before[le] || 0))]);
  const total = counts.length ? counts[counts.length - 1][1] : 0;
  if (total === 0 || counts[counts.length - 1][0] !== Infinity) return null;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const [bound, count] of counts) {
    if (count >= rank) {
      if (bound === Infinity) return lower; // the highest finite bound, as Prometheus answers
      return count === below ? bound : lower + (bound - lower) * (rank - below) / (count - below);
    }
    lower = bound;
    below = count;
  }
  return lower;
}
