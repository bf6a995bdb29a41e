// A small line chart in inline SVG, built with DOM calls (no markup strings, no inline
// style: colours come from console.css classes). Each series is a path whose data-values
// attribute holds its numbers, oldest first (empty where there was nothing to measure).
import { h } from './ui.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 300;
const HEIGHT = 80;
const COLOURS = 5;

function svg(tag, attrs = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) {
    element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

/** A round upper bound for the axis: 1, 2 or 5 times a power of ten. */
function ceiling(max) {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * power).find((bound) => bound >= max);
}

/** '/s' follows a number directly, 'ms' after a space. */
export function suffix(unit) {
  return !unit ? '' : unit.startsWith('/') ? unit : ` ${unit}`;
}

export function number(value) {
  if (value === null || value === undefined) return '—';
  if (value === 0) return '0';
  if (Math.abs(value) < 1) return String(Number(value.toPrecision(2))); // 0.0042 ms, not 0
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const text = value.toFixed(digits);
  return digits ? text.replace(/\.?0+$/, '') : text;
}

/**
 * chart({id, title, unit}) returns {element, update(series, seconds)}: series is a Map of
 * name to values (all the same length, one per poll), seconds the time they cover.
 */
export function chart({ id, title, unit }) {
  const titleElement = svg('title', {}, title);
  const desc = svg('desc', {}, 'No data yet.');
  const lines = svg('g', { class: 'lines' });
  const top = svg('line', { class: 'grid', x1: 0, x2: WIDTH, y1: 1, y2: 1, 'vector-effect': 'non-scaling-stroke' });
  const picture = svg('svg', { id: `chart-${id}`, role: 'img', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: 'none',
    'aria-labelledby': `chart-${id}-title`, 'aria-describedby': `chart-${id}-desc` }, titleElement, desc, top, lines);
  titleElement.id = `chart-${id}-title`;
  desc.id = `chart-${id}-desc`;
  const latest = h('span', { class: 'latest' }, '…');
  const scale = h('span', { class: 'scale' }, 'Waiting for a second reading.');
  const element = h('figure', { class: 'chart' },
    h('figcaption', {}, h('span', { class: 'chart-title' }, title), latest), picture, h('p', { class: 'hint' }, scale));
  const colours = new Map();

  function update(series, seconds) {
    const names = [...series.keys()];
    names.forEach((name) => colours.has(name) || colours.set(name, colours.size % COLOURS));
    const all = names.flatMap((name) => series.get(name)).filter((v) => v !== null);
    const max = ceiling(Math.max(0, ...all));
    const count = Math.max(...names.map((name) => series.get(name).length), 0);
    const x = (i) => (count <= 1 ? WIDTH : (i * WIDTH) / (count - 1));
    const y = (v) => HEIGHT - 1 - (v / max) * (HEIGHT - 2);
    lines.replaceChildren(...names.map((name) => {
      const values = series.get(name);
      let d = '';
      values.forEach((v, i) => {
        if (v !== null) {
          const point = `${x(i).toFixed(1)},${y(v).toFixed(1)}`;
          const alone = values[i - 1] === null || i === 0;
          // A point without neighbours is a line of length 0: its round caps draw a dot.
          d += alone ? `M${point} L${point} ` : `L${point} `;
        }
      });
      return svg('path', { class: `series s${colours.get(name)}`, d: d.trim() || 'M0,0', 'data-series': name,
        'data-values': values.map((v) => (v === null ? '' : String(v))).join(','), 'vector-effect': 'non-scaling-stroke' });
    }));
    const now = names.map((name) => [name, series.get(name)[series.get(name).length - 1]]);
    latest.replaceChildren(...now.map(([name, v]) =>
      h('span', { class: `key s${colours.get(name)}` }, names.length > 1 ? `${name} ` : '', h('b', {}, number(v ?? null)))));
    const text = now.map(([name, v]) => `${name} ${number(v ?? null)}${suffix(unit)}`).join(', ');
    desc.textContent = count ? `Latest: ${text}.` : 'No data yet.';
    const span = seconds < 90 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`;
    scale.textContent = `0–${number(max)}${suffix(unit)} over the last ${span}`;
  }

  return { element, update };
}
