// Browser entry of the `recogito` variant: @recogito/text-annotator 4.1.1 over the static
// paragraphs, fed the benchmark's highlights. Bundled by pages.mjs with vite's build().
import { createTextAnnotator } from '@recogito/text-annotator';
import '@recogito/text-annotator/text-annotator.css';

const FILL = {
  yellow: 'rgb(255, 213, 0)',
  green: 'rgb(76, 175, 80)',
  blue: 'rgb(66, 133, 244)',
  pink: 'rgb(236, 64, 122)',
  purple: 'rgb(149, 117, 205)',
  orange: 'rgb(255, 152, 0)',
};

const container = document.getElementById('doc');
const text = container.textContent;
const data = JSON.parse(document.getElementById('annotations').textContent);
const colors = new Map();

/** A native TextAnnotation with a TextPosition-style selector (offsets into the container's text). */
function toAnnotation(id, start, end, color) {
  colors.set(id, color);
  return { id, bodies: [], target: { annotation: id, selector: [{ quote: text.slice(start, end), start, end }] } };
}

const anno = createTextAnnotator(container, {
  style: (annotation) => ({ fill: FILL[colors.get(annotation.id)] ?? FILL.yellow, fillOpacity: 0.35 }),
});

// Resolves on the renderer's next redraw (it emits `onRedraw` after each debounced redraw).
let redrawWaiters = [];
anno.renderer.on('onRedraw', () => {
  const waiters = redrawWaiters;
  redrawWaiters = [];
  waiters.forEach((w) => w());
});
const nextRedraw = (timeoutMs = 2000) =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    redrawWaiters.push(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });

window.__recogito = {
  anno,
  nextRedraw,
  /** Adds one annotation the way an app would after the user highlights a selection. */
  add: (id, start, end, color) => anno.state.store.addAnnotation(toAnnotation(id, start, end, color)),
};

const annotations = data.map(([start, end, color], i) => toAnnotation(`h${i}`, start, end, color));
// bulkAddAnnotations revives and indexes every annotation (setAnnotations with offset-only selectors stores them but paints none). It runs synchronously;
// the redraw it triggers is debounced, so waiting for it from here on misses nothing.
const failed = anno.state.store.bulkAddAnnotations(annotations, true);
window.__bench.annotationsAdded = performance.now();
window.__bench.unrevived = failed.length;
const redrawn = annotations.length ? nextRedraw(60_000) : Promise.resolve(true);
redrawn.then((ok) => {
  window.__bench.redrawOk = ok;
  window.__bench.nextFrame().then(() => {
    window.__bench.painted = performance.now();
  });
});
