import { createElement, useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactElement, type RefObject } from 'react';
import type { Block } from '../../../shared/types';
import { BLOCK_ATTRIBUTE, offsetAtPoint, offsetToPoint, pointToOffset } from './offsets';

/**
 * Caret mode: selecting text in the reader with the keyboard alone, as browsers' caret browsing
 * (F7) does. The first half of this file is pure: moving a caret, or extending a selection, over
 * the source text by character, word, sentence and block, on the offsets the reader already uses
 * (src/renderer/src/reader/offsets.ts). The second half is the React hook that turns the mode on,
 * draws the caret and sets the page's real selection from those offsets, so the selection
 * toolbar and the keys that act on a selection (H, T, A, N, ".") work on it unchanged.
 *
 * Only the text the reader shows is a caret position: each block's [start, end], or for a table
 * row each cell's range (the " | " between cells is not drawn). Stepping past the end of one of
 * these runs lands on the start of the next, as a browser's caret goes from the end of one
 * paragraph to the start of the next.
 */

/** How far one key moves the caret. */
export type CaretUnit = 'character' | 'word' | 'sentence' | 'block';

/** A selection by offsets: `anchor` stays when extending, `focus` moves (before `anchor` when selecting backwards). */
export interface Caret {
  anchor: number;
  focus: number;
}

/** A stretch of shown text: a block, or one cell of a table row. */
export interface Run {
  block: number;
  start: number;
  end: number;
}

const runCache = new WeakMap<readonly Block[], Run[]>();

/** The shown runs of the text, in order (cached per blocks array). */
export function runsOf(blocks: readonly Block[]): Run[] {
  let runs = runCache.get(blocks);
  if (runs) return runs;
  runs = [];
  blocks.forEach((block, index) => {
    if (block.cells && block.cells.length > 0) for (const [start, end] of block.cells) runs!.push({ block: index, start, end });
    else runs!.push({ block: index, start: block.start, end: block.end });
  });
  runCache.set(blocks, runs);
  return runs;
}

/**
 * The index of the run holding `offset` (start ≤ offset ≤ end); an offset between runs (a gap
 * between blocks or a table separator) belongs to the next run, and one past the last to the last.
 */
export function runIndexAt(runs: readonly Run[], offset: number): number {
  let lo = 0;
  let hi = runs.length - 1;
  // The first run whose end is at or after the offset.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid].end < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `offset` moved onto shown text (into the run that holds it, or the next one). */
export function clampToText(blocks: readonly Block[], offset: number): number {
  const runs = runsOf(blocks);
  if (runs.length === 0) return 0;
  const run = runs[runIndexAt(runs, offset)];
  return Math.min(Math.max(offset, run.start), run.end);
}

const segmenters = new Map<string, Intl.Segmenter>();

/** A segmenter for the source's language (a tag the runtime does not know falls back to the default). */
function segmenter(granularity: 'grapheme' | 'word' | 'sentence', locale?: string): Intl.Segmenter {
  const key = `${granularity}:${locale ?? ''}`;
  let found = segmenters.get(key);
  if (!found) {
    try {
      found = new Intl.Segmenter(locale || undefined, { granularity });
    } catch {
      found = new Intl.Segmenter(undefined, { granularity });
    }
    segmenters.set(key, found);
  }
  return found;
}

interface Piece {
  start: number;
  end: number;
}

/** The segments of one run, in absolute offsets: graphemes, words (word-like only) or sentences (without trailing spaces). */
function pieces(text: string, run: Run, granularity: 'grapheme' | 'word' | 'sentence', locale?: string): Piece[] {
  const slice = text.slice(run.start, run.end);
  const out: Piece[] = [];
  for (const s of segmenter(granularity, locale).segment(slice)) {
    if (granularity === 'word' && !s.isWordLike) continue;
    let end = s.index + s.segment.length;
    let start = s.index;
    if (granularity === 'sentence') {
      while (end > start && /\s/.test(slice[end - 1])) end--;
      while (start < end && /\s/.test(slice[start])) start++;
      if (end === start) continue;
    }
    out.push({ start: run.start + start, end: run.start + end });
  }
  return out;
}

/**
 * Where the caret goes from `offset` after one step of `unit` forwards (dir 1) or backwards (-1):
 * - character: the next grapheme boundary (an emoji or a letter with its marks is one step);
 *   at the end of a run, the start of the next run;
 * - word: forwards, the end of the next word; backwards, the start of the previous one (words as
 *   Intl.Segmenter finds them for the language, so Arabic, Russian, Chinese or Thai words too);
 * - sentence: forwards, the end of the sentence (its closing punctuation, not the space after);
 *   backwards, the start of the sentence, or of the one before when already there;
 * - block: forwards, the end of the block, or of the next one when already there; backwards
 *   likewise to starts.
 * At either end of the text the caret stays where it is.
 */
export function stepOffset(text: string, blocks: readonly Block[], offset: number, unit: CaretUnit, dir: 1 | -1, locale?: string): number {
  const runs = runsOf(blocks);
  if (runs.length === 0) return offset;
  const at = clampToText(blocks, offset);
  let r = runIndexAt(runs, at);
  if (unit === 'block') {
    const block = runs[r].block;
    // The runs of a block (several for a table row): its first start and last end.
    const first = (b: number) => runs.find((run) => run.block === b)!.start;
    const last = (b: number) => runs.findLast((run) => run.block === b)!.end;
    if (dir > 0) {
      if (at < last(block)) return last(block);
      const next = runs[runs.findLastIndex((run) => run.block === block) + 1];
      return next ? last(next.block) : at;
    }
    if (at > first(block)) return first(block);
    const previous = runs[runs.findIndex((run) => run.block === block) - 1];
    return previous ? first(previous.block) : at;
  }
  const granularity = unit === 'character' ? 'grapheme' : unit;
  if (unit === 'character') {
    const run = runs[r];
    if (dir > 0 && at >= run.end) return runs[r + 1]?.start ?? at;
    if (dir < 0 && at <= run.start) return runs[r - 1]?.end ?? at;
    const list = pieces(text, run, granularity, locale);
    if (dir > 0) return list.find((p) => p.end > at)?.end ?? run.end;
    return list.findLast((p) => p.start < at)?.start ?? run.start;
  }
  // Words and sentences: look in this run, then the following (or preceding) ones.
  for (; r >= 0 && r < runs.length; r += dir) {
    const list = pieces(text, runs[r], granularity, locale);
    const found = dir > 0 ? list.find((p) => p.end > at) : list.findLast((p) => p.start < at);
    if (found) return dir > 0 ? found.end : found.start;
  }
  // No word (or sentence) left that way: the end (or start) of the text.
  return dir > 0 ? runs[runs.length - 1].end : runs[0].start;
}

/**
 * One key in caret mode: moves the caret (collapsing a selection), or with `extend` moves only
 * the focus, keeping the anchor. A character step on a selection without `extend` collapses it
 * to the side the key points to, as in a text field.
 */
export function moveCaret(text: string, blocks: readonly Block[], caret: Caret, unit: CaretUnit, dir: 1 | -1, extend: boolean, locale?: string): Caret {
  if (!extend && unit === 'character' && caret.anchor !== caret.focus) {
    const edge = dir > 0 ? Math.max(caret.anchor, caret.focus) : Math.min(caret.anchor, caret.focus);
    return { anchor: edge, focus: edge };
  }
  const focus = stepOffset(text, blocks, caret.focus, unit, dir, locale);
  return extend ? { anchor: caret.anchor, focus } : { anchor: focus, focus };
}

/** The selection as [start, end), or null when it is only a caret. */
export function caretRange(caret: Caret): { start: number; end: number } | null {
  if (caret.anchor === caret.focus) return null;
  return { start: Math.min(caret.anchor, caret.focus), end: Math.max(caret.anchor, caret.focus) };
}

/** What a key does in caret mode, or null when the key is not one of its keys. */
export interface CaretKey {
  unit: CaretUnit | 'line';
  dir: 1 | -1;
  extend: boolean;
}

/**
 * The caret keys (Shift with any of them extends the selection):
 * ←/→ a character; Ctrl+←/→ (⌥ on a Mac) a word; ↑/↓ a line; Alt+↑/↓ a sentence;
 * Ctrl+↑/↓ (⌘ on a Mac) and Home/End a block (paragraph, heading, list item, table row).
 * In right-to-left text ← and → follow the screen, as a browser's caret does.
 */
export function caretKeyOf(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>, mac: boolean, rtl = false): CaretKey | null {
  const extend = event.shiftKey;
  const wordMod = mac ? event.altKey && !event.metaKey && !event.ctrlKey : event.ctrlKey && !event.altKey && !event.metaKey;
  const blockMod = mac ? event.metaKey && !event.altKey && !event.ctrlKey : event.ctrlKey && !event.altKey && !event.metaKey;
  const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
  const sentenceMod = event.altKey && !event.ctrlKey && !event.metaKey;
  switch (event.key) {
    case 'ArrowLeft':
    case 'ArrowRight': {
      const forward = (event.key === 'ArrowRight') !== rtl ? 1 : -1;
      if (plain) return { unit: 'character', dir: forward, extend };
      if (wordMod) return { unit: 'word', dir: forward, extend };
      return null;
    }
    case 'ArrowUp':
    case 'ArrowDown': {
      const dir = event.key === 'ArrowDown' ? 1 : -1;
      if (plain) return { unit: 'line', dir, extend };
      if (blockMod) return { unit: 'block', dir, extend };
      if (sentenceMod) return { unit: 'sentence', dir, extend };
      return null;
    }
    case 'Home':
    case 'End':
      return plain ? { unit: 'block', dir: event.key === 'End' ? 1 : -1, extend } : null;
    default:
      return null;
  }
}

// --- The hook ----------------------------------------------------------------------------------

/** Dispatched on `document` to switch caret mode on or off (the "Select text with the keyboard" command). */
export const CARET_MODE_EVENT = 'tiemark:caret-mode';

/** Switches caret mode in the open reader on or off; `on` forces a state. For the command registry. */
export function toggleCaretMode(on?: boolean): void {
  document.dispatchEvent(new CustomEvent(CARET_MODE_EVENT, { detail: { on } }));
}

const isMacPlatform = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const inFieldOrDialog = (el: Element | null) => !!el?.closest('input, textarea, select, [contenteditable="true"], dialog, [role="dialog"], .note-editor');

export interface CaretModeOptions {
  text: string;
  blocks: readonly Block[];
  /** The source's language (BCP 47), for word and sentence boundaries. */
  language?: string;
  /** The reader's scroll container (focused while the mode is on; the caret is drawn inside it). */
  scrollRef: RefObject<HTMLElement | null>;
  /** The element holding the block elements. */
  textRef: RefObject<HTMLElement | null>;
  /** Called after the page's selection was set from the caret (the reader reads it as after a mouse selection). */
  onSelectionSet(): void;
  /**
   * Asks the reader to render block `index` when it is not in the DOM (a reader that renders only
   * some blocks); the caret is drawn, and the selection set, once it is there.
   */
  ensureBlock?(index: number): void;
}

export interface CaretModeState {
  on: boolean;
  caret: Caret | null;
  /** Where to draw the caret, relative to the scroll container's content; null when not drawn. */
  box: { left: number; top: number; height: number } | null;
  setOn(on: boolean): void;
}

function blockElement(container: HTMLElement, index: number): HTMLElement | null {
  return container.querySelector<HTMLElement>(`[${BLOCK_ATTRIBUTE}="${index}"]`);
}

/** A DOM point for an offset, or null when its block is not rendered. */
function domPoint(container: HTMLElement, blocks: readonly Block[], offset: number): { node: Node; offset: number; block: number } | null {
  const runs = runsOf(blocks);
  if (runs.length === 0) return null;
  const index = runs[runIndexAt(runs, offset)].block;
  const element = blockElement(container, index);
  if (!element) return null;
  const elements: HTMLElement[] = [];
  elements[index] = element;
  const point = offsetToPoint(elements, blocks, index, offset);
  return point ? { ...point, block: index } : null;
}

/**
 * Where a caret at (node, offset) is on screen: the leading edge of the character after it (so a
 * caret where a line wraps is drawn at the start of the next line, where typing would go), or the
 * trailing edge of the one before it at the end of a text. Null when nothing is laid out there.
 */
function caretRect(node: Node, offset: number): { left: number; top: number; bottom: number; height: number } | null {
  const length = node.nodeType === Node.TEXT_NODE ? (node as Text).data.length : 0;
  const range = document.createRange();
  const edge = (from: number, to: number, side: 'left' | 'right') => {
    range.setStart(node, from);
    range.setEnd(node, to);
    const rects = range.getClientRects();
    const r = side === 'left' ? rects[0] : rects[rects.length - 1];
    if (!r || r.height === 0) return null;
    const rtl = getComputedStyle(node.parentElement ?? document.body).direction === 'rtl';
    const x = (side === 'left') !== rtl ? r.left : r.right;
    return { left: x, top: r.top, bottom: r.bottom, height: r.height };
  };
  if (offset < length) {
    // The character after the caret; one without a box of its own (a line break) falls through.
    const found = edge(offset, offset + 1, 'left');
    if (found) return found;
  }
  if (offset > 0) return edge(offset - 1, offset, 'right');
  range.setStart(node, offset);
  range.collapse(true);
  const r = range.getClientRects()[0];
  return r && r.height > 0 ? { left: r.left, top: r.top, bottom: r.bottom, height: r.height } : null;
}

/** The first block whose bottom is below the top of the scroll container's view (binary search over rendered blocks). */
function firstBlockInView(container: HTMLElement, scroller: HTMLElement): number | null {
  const elements = Array.from(container.querySelectorAll<HTMLElement>(`[${BLOCK_ATTRIBUTE}]`));
  if (elements.length === 0) return null;
  const top = scroller.getBoundingClientRect().top;
  let lo = 0;
  let hi = elements.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (elements[mid].getBoundingClientRect().bottom <= top) lo = mid + 1;
    else hi = mid;
  }
  return Number(elements[lo].getAttribute(BLOCK_ATTRIBUTE));
}

/**
 * Caret mode for the reader. F7 (or `toggleCaretMode()`) switches it on: the caret starts at the
 * current selection, else at the first block in view, and the scroll container takes focus. The
 * keys of `caretKeyOf` move it; every move sets the page's selection (window.getSelection) and
 * calls `onSelectionSet`. A selection made with the mouse, or cleared by a command (H clears it),
 * becomes the caret's. Esc on a bare caret, F7 again, or opening another source switch it off.
 * Only blocks in the DOM are drawn or selected; a step into a block that is not rendered asks
 * for it through `ensureBlock`.
 */
export function useCaretMode({ text, blocks, language, scrollRef, textRef, onSelectionSet, ensureBlock }: CaretModeOptions): CaretModeState {
  const [on, setOnState] = useState(false);
  const [caret, setCaret] = useState<Caret | null>(null);
  const [box, setBox] = useState<CaretModeState['box']>(null);
  const caretRef = useRef<Caret | null>(null);
  const onRef = useRef(false);
  /** The selection this hook set last, so its own selectionchange is not read back as a new one. */
  const ownSelection = useRef<string | null>(null);
  /** The x the caret keeps on ↑/↓ across short lines. */
  const goalX = useRef<number | null>(null);
  const pending = useRef(0);
  const onSelectionSetRef = useRef(onSelectionSet);
  const ensureBlockRef = useRef(ensureBlock);
  useLayoutEffect(() => {
    onSelectionSetRef.current = onSelectionSet;
    ensureBlockRef.current = ensureBlock;
  });

  const locale = language || undefined;

  /** Sets the page's selection to the caret (a collapsed one for a bare caret); false when a block is not rendered yet. */
  const applySelection = useCallback(
    (next: Caret): boolean => {
      const container = textRef.current;
      const selection = window.getSelection();
      if (!container || !selection) return false;
      const anchor = domPoint(container, blocks, next.anchor);
      const focus = domPoint(container, blocks, next.focus);
      if (!anchor || !focus) {
        const runs = runsOf(blocks);
        for (const offset of [next.anchor, next.focus]) {
          const index = runs.length ? runs[runIndexAt(runs, offset)].block : -1;
          if (index >= 0 && !blockElement(container, index)) ensureBlockRef.current?.(index);
        }
        return false;
      }
      ownSelection.current = `${next.anchor}:${next.focus}`;
      if (next.anchor === next.focus) {
        selection.removeAllRanges();
      } else {
        selection.setBaseAndExtent(anchor.node, anchor.offset, focus.node, focus.offset);
      }
      onSelectionSetRef.current();
      return true;
    },
    [blocks, textRef],
  );

  /** Measures where the caret is drawn, and scrolls it into view. */
  const measure = useCallback(
    (next: Caret | null, scroll: boolean) => {
      const container = textRef.current;
      const scroller = scrollRef.current;
      if (!next || !container || !scroller || !onRef.current) return setBox(null);
      const point = domPoint(container, blocks, next.focus);
      if (!point) return setBox(null);
      let rect = caretRect(point.node, point.offset) ?? (point.node.parentElement ?? container).getBoundingClientRect();
      const view = scroller.getBoundingClientRect();
      if (scroll) {
        const margin = rect.height * 2;
        if (rect.top < view.top + margin) scroller.scrollTop -= view.top + margin - rect.top;
        else if (rect.bottom > view.bottom - margin) scroller.scrollTop += rect.bottom - (view.bottom - margin);
        rect = caretRect(point.node, point.offset) ?? rect;
      }
      setBox({ left: rect.left - view.left + scroller.scrollLeft, top: rect.top - view.top + scroller.scrollTop, height: rect.height });
    },
    [blocks, scrollRef, textRef],
  );

  const place = useCallback(
    (next: Caret, scroll = true) => {
      caretRef.current = next;
      setCaret(next);
      cancelAnimationFrame(pending.current);
      const attempt = (tries: number) => {
        if (applySelection(next)) measure(next, scroll);
        // A block asked for through ensureBlock: try again once it is rendered.
        else if (tries > 0) pending.current = requestAnimationFrame(() => attempt(tries - 1));
      };
      attempt(10);
    },
    [applySelection, measure],
  );

  const setOn = useCallback(
    (value: boolean) => {
      onRef.current = value;
      setOnState(value);
      goalX.current = null;
      const container = textRef.current;
      const scroller = scrollRef.current;
      if (!value || !container || !scroller) {
        setBox(null);
        return;
      }
      // Start from the selection in the reader, else the first block in view.
      const selection = window.getSelection();
      let start: Caret | null = null;
      if (selection && selection.rangeCount > 0 && selection.anchorNode && selection.focusNode && container.contains(selection.anchorNode)) {
        const anchor = pointToOffset(blocks, container, selection.anchorNode, selection.anchorOffset);
        const focus = pointToOffset(blocks, container, selection.focusNode, selection.focusOffset);
        if (anchor !== null && focus !== null) start = { anchor: clampToText(blocks, anchor), focus: clampToText(blocks, focus) };
      }
      if (!start) {
        const index = firstBlockInView(container, scroller) ?? 0;
        const offset = clampToText(blocks, blocks[index]?.start ?? 0);
        start = { anchor: offset, focus: offset };
      }
      scroller.focus({ preventScroll: true });
      place(start, false);
    },
    [blocks, place, scrollRef, textRef],
  );

  // A new source (or new blocks): off (state reset while rendering, refs after).
  const [owner, setOwner] = useState(blocks);
  if (owner !== blocks) {
    setOwner(blocks);
    setOnState(false);
    setCaret(null);
    setBox(null);
  }
  useEffect(() => {
    caretRef.current = null;
    onRef.current = false;
    return () => cancelAnimationFrame(pending.current);
  }, [blocks]);

  // F7 and the command's event switch it.
  useEffect(() => {
    const onToggle = (event: Event) => {
      const wanted = (event as CustomEvent<{ on?: boolean }>).detail?.on;
      setOn(wanted ?? !onRef.current);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'F7' || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (inFieldOrDialog(event.target as Element | null)) return;
      event.preventDefault();
      // The registry's F7 command (if registered) would toggle again: this key is handled.
      event.stopImmediatePropagation();
      setOn(!onRef.current);
    };
    document.addEventListener(CARET_MODE_EVENT, onToggle);
    // Capture: before the app's key handler, so one F7 is one switch.
    window.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener(CARET_MODE_EVENT, onToggle);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [setOn]);

  // The caret keys, while the mode is on and focus is in the reader (or nowhere, after a dialog closed).
  // Listening all along (not only once `on` has rendered): a key pressed right after F7 is not lost.
  useEffect(() => {
    const mac = isMacPlatform();
    const onKey = (event: KeyboardEvent) => {
      if (!onRef.current) return;
      const scroller = scrollRef.current;
      const container = textRef.current;
      const current = caretRef.current;
      if (event.defaultPrevented || !scroller || !container || !current) return;
      const active = document.activeElement;
      if (active && active !== document.body && !scroller.contains(active)) return;
      if (inFieldOrDialog(event.target as Element | null)) return;
      if (event.key === 'Escape' && !event.shiftKey && !event.ctrlKey && !event.metaKey && !event.altKey) {
        // Esc on a selection is the app's (clear the selection); on a bare caret it leaves the mode.
        if (current.anchor === current.focus) {
          event.preventDefault();
          setOn(false);
        }
        return;
      }
      const point = domPoint(container, blocks, current.focus);
      const rtl = !!point && getComputedStyle(point.node.parentElement ?? container).direction === 'rtl';
      const key = caretKeyOf(event, mac, rtl);
      if (!key) return;
      event.preventDefault();
      if (key.unit === 'line') {
        const next = lineStep(current, key.dir, key.extend);
        place(next ?? moveCaret(text, blocks, current, 'block', key.dir, key.extend, locale));
        return;
      }
      goalX.current = null;
      place(moveCaret(text, blocks, current, key.unit, key.dir, key.extend, locale));
    };
    /** ↑/↓: the offset a line above or below, at the same x; null when there is none in view. */
    const lineStep = (current: Caret, dir: 1 | -1, extend: boolean): Caret | null => {
      const container = textRef.current;
      const point = container && domPoint(container, blocks, current.focus);
      if (!container || !point) return null;
      const rect = caretRect(point.node, point.offset);
      if (!rect) return null;
      const x = goalX.current ?? rect.left;
      goalX.current = x;
      // Look a line's height away, then further (past the margin between blocks).
      for (let k = 1; k <= 6; k++) {
        const y = dir > 0 ? rect.bottom + rect.height * (k - 0.5) : rect.top - rect.height * (k - 0.5);
        const found = offsetAtPoint(blocks, container, x, y);
        if (found === null) continue;
        const offset = clampToText(blocks, found);
        if ((dir > 0 && offset > current.focus) || (dir < 0 && offset < current.focus)) return extend ? { anchor: current.anchor, focus: offset } : { anchor: offset, focus: offset };
      }
      return null;
    };
    // Capture: before the app's Escape (clear the selection) and before list keys elsewhere.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [blocks, text, locale, place, scrollRef, setOn, textRef]);

  // A selection made another way (the mouse) or cleared by a command (H) becomes the caret's.
  useEffect(() => {
    const onChange = () => {
      if (!onRef.current) return;
      const container = textRef.current;
      const current = caretRef.current;
      const selection = window.getSelection();
      if (!container || !selection) return;
      if (selection.rangeCount === 0 || !selection.anchorNode || !selection.focusNode || !container.contains(selection.anchorNode)) {
        // Cleared (H, Esc): a bare caret where the selection's focus was.
        if (current && current.anchor !== current.focus) {
          const collapsed = { anchor: current.focus, focus: current.focus };
          caretRef.current = collapsed;
          setCaret(collapsed);
          ownSelection.current = null;
          measure(collapsed, false);
        }
        return;
      }
      const anchor = pointToOffset(blocks, container, selection.anchorNode, selection.anchorOffset);
      const focus = pointToOffset(blocks, container, selection.focusNode, selection.focusOffset);
      if (anchor === null || focus === null) return;
      const next = { anchor: clampToText(blocks, anchor), focus: clampToText(blocks, focus) };
      if (ownSelection.current === `${next.anchor}:${next.focus}`) return;
      ownSelection.current = null;
      caretRef.current = next;
      setCaret(next);
      measure(next, false);
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, [blocks, measure, textRef]);

  // The caret follows the layout (text size, pane width).
  useEffect(() => {
    const scroller = scrollRef.current;
    if (!on || !scroller) return;
    const observer = new ResizeObserver(() => measure(caretRef.current, false));
    observer.observe(scroller);
    if (textRef.current) observer.observe(textRef.current);
    return () => observer.disconnect();
  }, [on, measure, scrollRef, textRef]);

  return { on, caret, box: on ? box : null, setOn };
}

/**
 * The caret of caret mode: a bar at the focus, drawn inside the reader's scroll container (which
 * is `position: relative`), over the text and never in its DOM, so the one-text-node-per-block
 * rule of src/renderer/src/reader/offsets.ts holds.
 */
export function CaretMark({ box }: { box: CaretModeState['box'] }): ReactElement | null {
  if (!box) return null;
  return createElement('div', {
    className: 'reader-caret',
    'data-testid': 'reader-caret',
    'aria-hidden': true,
    style: {
      position: 'absolute',
      left: Math.round(box.left) - 1,
      top: Math.round(box.top),
      width: 2,
      height: Math.round(box.height),
      background: 'var(--focus, #2456c7)',
      pointerEvents: 'none',
      zIndex: 2,
    },
  });
}
