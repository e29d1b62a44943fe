import { describe, expect, it } from 'vitest';
import { countText, NO_SELECTION, pagesFor, pruneSelection, rowsToRender, rowWindow, scrollToRow, selectAt, type Selection } from './library';

const ids = Array.from({ length: 20 }, (_, i) => `s${i}`);
const idAt = (i: number) => ids[i];
const sel = (s: Selection) => [...s.ids].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));

describe('rowWindow', () => {
  it('covers the rows in view plus the overscan, within the list', () => {
    expect(rowWindow(0, 640, 64, 10000, 5)).toEqual({ first: 0, last: 15 });
    expect(rowWindow(64 * 100 + 10, 640, 64, 10000, 5)).toEqual({ first: 95, last: 116 });
    expect(rowWindow(64 * 9995, 640, 64, 10000, 5)).toEqual({ first: 9990, last: 10000 });
  });
  it('is empty for an empty list and survives a list that shrank under the scroll position', () => {
    expect(rowWindow(0, 640, 64, 0, 5)).toEqual({ first: 0, last: 0 });
    expect(rowWindow(64 * 500, 640, 64, 20, 5)).toEqual({ first: 20, last: 20 });
  });
});

describe('rowsToRender', () => {
  it('adds the rows to keep (focused, open) outside the window, in order, once', () => {
    expect(rowsToRender({ first: 10, last: 13 }, [2, 11, null, undefined, 500], 100)).toEqual([2, 10, 11, 12]);
    expect(rowsToRender({ first: 0, last: 3 }, [], 3)).toEqual([0, 1, 2]);
    expect(rowsToRender({ first: 0, last: 2 }, [-1, 7], 5)).toEqual([0, 1]);
  });
});

describe('pagesFor', () => {
  it('names every page touched by the rows', () => {
    expect(pagesFor(0, 15, 500)).toEqual([0]);
    expect(pagesFor(490, 510, 500)).toEqual([0, 1]);
    expect(pagesFor(500, 1000, 500)).toEqual([1]);
    expect(pagesFor(5, 5, 500)).toEqual([]);
  });
});

describe('scrollToRow', () => {
  it('scrolls only as far as needed to show the row', () => {
    expect(scrollToRow(5, 0, 640, 64)).toBe(0);
    expect(scrollToRow(20, 0, 640, 64)).toBe(21 * 64 - 640);
    expect(scrollToRow(2, 640, 640, 64)).toBe(128);
  });
});

describe('selectAt', () => {
  it('toggles with Ctrl/Cmd and moves the anchor', () => {
    let s = selectAt(NO_SELECTION, 3, 'toggle', idAt);
    s = selectAt(s, 7, 'toggle', idAt);
    expect(sel(s)).toEqual(['s3', 's7']);
    expect(s.anchor).toBe(7);
    s = selectAt(s, 3, 'toggle', idAt);
    expect(sel(s)).toEqual(['s7']);
  });
  it('selects a range from the anchor with Shift, replacing the selection, either direction', () => {
    let s = selectAt(NO_SELECTION, 2, 'toggle', idAt);
    s = selectAt(s, 5, 'range', idAt);
    expect(sel(s)).toEqual(['s2', 's3', 's4', 's5']);
    s = selectAt(s, 0, 'range', idAt);
    expect(sel(s)).toEqual(['s0', 's1', 's2']);
    expect(s.anchor).toBe(2);
  });
  it('adds a range with Ctrl/Cmd+Shift and skips rows not loaded', () => {
    let s = selectAt(NO_SELECTION, 10, 'toggle', idAt);
    s = selectAt({ ...s, anchor: 1 }, 3, 'range-add', (i) => (i === 2 ? undefined : idAt(i)));
    expect(sel(s)).toEqual(['s1', 's3', 's10']);
  });
  it('starts from the clicked row when there is no anchor yet', () => {
    expect(sel(selectAt(NO_SELECTION, 4, 'range', idAt))).toEqual(['s4']);
    expect(selectAt(NO_SELECTION, 40, 'toggle', idAt)).toBe(NO_SELECTION);
  });
});

describe('pruneSelection and countText', () => {
  it('drops sources no longer present and keeps the same object otherwise', () => {
    const s: Selection = { ids: new Set(['a', 'b']), anchor: 1 };
    expect(pruneSelection(s, new Set(['a', 'b', 'c']))).toBe(s);
    expect([...pruneSelection(s, new Set(['b'])).ids]).toEqual(['b']);
  });
  it('says how many are shown of all', () => {
    expect(countText(12, 200)).toBe('12 of 200 sources');
    expect(countText(200, 200)).toBe('200 sources');
    expect(countText(1, 1)).toBe('1 source');
    expect(countText(0, 1)).toBe('0 of 1 source');
  });
});
