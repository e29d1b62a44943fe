// @ts-check
// Browser entry of the `recogito-spans` and `recogito-css` variants: @recogito/text-annotator
// 4.1.1 over the static paragraphs, fed the benchmark's highlights. `?renderer=CSS_HIGHLIGHTS`
// selects its CSS Custom Highlight renderer (the `renderer` option of createTextAnnotator, see
// node_modules/@recogito/text-annotator/dist/text-annotator-options.d.ts); without it the
// library's default, 'SPANS', is used, as an app that sets nothing gets. Bundled by pages.mjs
// with vite's build(). The benchmark watches its output from outside (scripts/bench/measure.mjs);
// nothing here reports when it has painted.
import { createTextAnnotator } from '@recogito/text-annotator';
import '@recogito/text-annotator/text-annotator.css';

/** @type {Record<string, `#${string}`>} */
const FILL = {
  yellow: '#ffd500',
  green: '#4caf50',
  blue: '#4285f4',
  pink: '#ec407a',
  purple: '#9575cd',
  orange: '#ff9800',
};

const container = /** @type {HTMLElement} */ (document.getElementById('doc'));
const text = container.textContent ?? '';
/** @type {Array<[number, number, string]>} */
const data = JSON.parse(document.getElementById('annotations')?.textContent ?? '[]');
/** @type {Map<string, string>} */
const colors = new Map();
const renderer = new URLSearchParams(location.search).get('renderer') === 'CSS_HIGHLIGHTS' ? 'CSS_HIGHLIGHTS' : undefined;

/**
 * A native TextAnnotation with a TextPosition-style selector (offsets into the container's text).
 * Its DOM range is left out: bulkAddAnnotations revives it from the offsets.
 * @param {string} id
 * @param {number} start
 * @param {number} end
 * @param {string} color
 * @returns {import('@recogito/text-annotator').TextAnnotationLike}
 */
function toAnnotation(id, start, end, color) {
  colors.set(id, color);
  const annotation = { id, bodies: [], target: { annotation: id, selector: [{ quote: text.slice(start, end), start, end }] } };
  return /** @type {import('@recogito/text-annotator').TextAnnotationLike} */ (/** @type {unknown} */ (annotation));
}

const anno = createTextAnnotator(container, {
  ...(renderer ? { renderer } : {}),
  style: (annotation) => ({ fill: FILL[colors.get(annotation.id) ?? 'yellow'] ?? FILL.yellow, fillOpacity: 0.35 }),
});

const annotations = data.map(([start, end, color], i) => toAnnotation(`h${i}`, start, end, color));
// bulkAddAnnotations revives and indexes every annotation (setAnnotations with offset-only
// selectors stores them but paints none); its redraw follows, debounced.
const failed = anno.state.store.bulkAddAnnotations(annotations, true);
window.__bench.annotationsAdded = performance.now();
window.__bench.unrevived = failed.length;
