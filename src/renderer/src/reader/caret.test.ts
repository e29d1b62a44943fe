import { describe, expect, it } from 'vitest';
import type { Block } from '../../../shared/types';
import { caretKeyOf, caretRange, clampToText, moveCaret, runsOf, stepOffset, type Caret, type CaretUnit } from './caret';

/** A source as the importers store it: paragraphs joined by a blank line, one block each. */
function doc(...paragraphs: string[]): { text: string; blocks: Block[] } {
  const blocks: Block[] = [];
  let text = '';
  for (const p of paragraphs) {
    if (text) text += '\n\n';
    blocks.push({ kind: 'paragraph', start: text.length, end: text.length + p.length });
    text += p;
  }
  return { text, blocks };
}

/** Offsets visited by repeated steps from `from` until the caret stops. */
function walk(text: string, blocks: Block[], from: number, unit: CaretUnit, dir: 1 | -1, locale?: string): number[] {
  const out: number[] = [];
  let at = from;
  for (let i = 0; i < 1000; i++) {
    const next = stepOffset(text, blocks, at, unit, dir, locale);
    if (next === at) break;
    out.push(next);
    at = next;
  }
  return out;
}

/** The text between consecutive stops (what each step passes over). */
const spans = (text: string, from: number, stops: number[]) => stops.map((s, i) => text.slice(Math.min(s, i ? stops[i - 1] : from), Math.max(s, i ? stops[i - 1] : from)));

describe('character steps', () => {
  it('move one grapheme at a time: an emoji with its modifier and a letter with its mark are one step each', () => {
    const { text, blocks } = doc('a👍🏽e\u0301b');
    expect(spans(text, 0, walk(text, blocks, 0, 'character', 1))).toEqual(['a', '👍🏽', 'e\u0301', 'b']);
    expect(walk(text, blocks, text.length, 'character', -1)).toEqual([text.length - 1, 5, 1, 0]);
  });

  it('go from the end of a block to the start of the next, never into the blank line between them', () => {
    const { text, blocks } = doc('ab', 'cd');
    expect(walk(text, blocks, 0, 'character', 1)).toEqual([1, 2, 4, 5, 6]);
    expect(walk(text, blocks, 6, 'character', -1)).toEqual([5, 4, 2, 1, 0]);
  });

  it('skip the separators between the cells of a table row, which the reader does not draw', () => {
    const text = 'Actor | Role\n\nAfter';
    const blocks: Block[] = [
      { kind: 'table-row', start: 0, end: 12, cells: [[0, 5], [8, 12]] },
      { kind: 'paragraph', start: 14, end: 19 },
    ];
    const stops = walk(text, blocks, 4, 'character', 1);
    expect(stops.slice(0, 3)).toEqual([5, 8, 9]);
    expect(stops).not.toContain(6);
    expect(stops).not.toContain(7);
    expect(walk(text, blocks, 9, 'character', -1)).toEqual([8, 5, 4, 3, 2, 1, 0]);
    expect(runsOf(blocks).map((r) => [r.block, r.start, r.end])).toEqual([[0, 0, 5], [0, 8, 12], [1, 14, 19]]);
  });

  it('stay put at either end of the text', () => {
    const { text, blocks } = doc('ab');
    expect(stepOffset(text, blocks, 0, 'character', -1)).toBe(0);
    expect(stepOffset(text, blocks, 2, 'character', 1)).toBe(2);
    expect(stepOffset('', [], 0, 'word', 1)).toBe(0);
  });
});

describe('word steps', () => {
  it('go to the end of the next word forwards and the start of the previous word backwards, over punctuation and spaces; past the last word, to the end', () => {
    const { text, blocks } = doc('Moscow, quietly — allowed it.');
    expect(spans(text, 0, walk(text, blocks, 0, 'word', 1))).toEqual(['Moscow', ', quietly', ' — allowed', ' it', '.']);
    const back = walk(text, blocks, text.length, 'word', -1);
    expect(back.map((o) => text.slice(o, o + 3))).toEqual(['it.', 'all', 'qui', 'Mos']);
  });

  it('in Russian', () => {
    const { text, blocks } = doc('Россия поставляет оружие «Хезболле».');
    const stops = walk(text, blocks, 0, 'word', 1, 'ru');
    expect(stops.map((s, i) => text.slice(i ? stops[i - 1] : 0, s).replace(/^[\s«]+/, ''))).toEqual(['Россия', 'поставляет', 'оружие', 'Хезболле', '».']);
    expect(walk(text, blocks, text.length, 'word', -1, 'ru').map((o) => text.slice(o, o + 4))).toEqual(['Хезб', 'оруж', 'пост', 'Росс']);
  });

  it('in Arabic, with its own comma and a letter carrying a vowel mark', () => {
    const words = ['قال', 'مسؤولون', 'إن', 'حزبَ', 'الله', 'تلقى', 'صواريخ'];
    const { text, blocks } = doc(`${words.slice(0, 5).join(' ')}، ${words.slice(5).join(' ')}.`);
    const stops = walk(text, blocks, 0, 'word', 1, 'ar');
    // After the last word, one more step goes to the end of the text (the full stop).
    expect(stops.map((s, i) => text.slice(i ? stops[i - 1] : 0, s).replace(/^[\s،]+/, ''))).toEqual([...words, '.']);
    // The vowel mark stays with its letter: no stop falls between them.
    const mark = text.indexOf('\u064E');
    expect(walk(text, blocks, 0, 'character', 1, 'ar')).not.toContain(mark);
  });

  it('find words in Chinese, which has no spaces, with the dictionary of the segmenter', () => {
    const { text, blocks } = doc('俄罗斯向叙利亚提供武器');
    const stops = walk(text, blocks, 0, 'word', 1, 'zh');
    expect(stops.length).toBeGreaterThan(2);
    expect(stops.length).toBeLessThan(text.length);
    expect(stops[stops.length - 1]).toBe(text.length);
  });

  it('cross into the next block when the block has no word left, and stop at the end of the text', () => {
    const { text, blocks } = doc('Iran.', '— ', 'Hamas said');
    const stops = walk(text, blocks, 4, 'word', 1);
    expect(stops.map((s) => text.slice(0, s).split(/\W+/).filter(Boolean).pop())).toEqual(['Hamas', 'said']);
    expect(stepOffset(text, blocks, blocks[2].start, 'word', -1)).toBe(0);
  });
});

describe('sentence steps', () => {
  it('go to the end of each sentence (its punctuation, not the space after) and back to each start', () => {
    const { text, blocks } = doc('Russia supplied arms. Iran paid for them! Did Hezbollah deny it?', 'A second block.');
    const stops = walk(text, blocks, 0, 'sentence', 1);
    expect(stops.map((s) => text.slice(s - 5, s))).toEqual(['arms.', 'them!', 'y it?', 'lock.']);
    const back = walk(text, blocks, text.length, 'sentence', -1);
    expect(back.map((s) => text.slice(s, s + 6))).toEqual(['A seco', 'Did He', 'Iran p', 'Russia']);
  });

  it('from inside a sentence: forwards to its end, backwards to its start', () => {
    const { text, blocks } = doc('First one here. Second one there.');
    const inside = text.indexOf('one there');
    expect(text.slice(stepOffset(text, blocks, inside, 'sentence', 1))).toBe('');
    expect(text.slice(stepOffset(text, blocks, inside, 'sentence', -1))).toBe('Second one there.');
  });

  it('in Russian and in Arabic (with the Arabic question mark)', () => {
    const ru = doc('Россия поставляет оружие. Хезболла получила ракеты через Сирию.');
    expect(walk(ru.text, ru.blocks, 0, 'sentence', 1, 'ru').map((s) => ru.text.slice(0, s))).toEqual([
      'Россия поставляет оружие.',
      'Россия поставляет оружие. Хезболла получила ракеты через Сирию.',
    ]);
    const ar = doc('هل زودت إيران الحوثيين بالصواريخ؟ نفى المتحدث ذلك.');
    const stops = walk(ar.text, ar.blocks, 0, 'sentence', 1, 'ar');
    expect(stops.map((s) => ar.text.slice(0, s))).toEqual(['هل زودت إيران الحوثيين بالصواريخ؟', ar.text]);
    expect(walk(ar.text, ar.blocks, ar.text.length, 'sentence', -1, 'ar').map((s) => ar.text.slice(s, s + 3))).toEqual(['نفى', 'هل ']);
  });

  it('accept a language tag the runtime does not know, falling back to the default rules', () => {
    const { text, blocks } = doc('One. Two.');
    expect(stepOffset(text, blocks, 0, 'sentence', 1, 'not a tag!')).toBe(4);
  });
});

describe('block steps', () => {
  it('go to the end of the block, then of the next; backwards to starts', () => {
    const { text, blocks } = doc('Heading', 'First paragraph.', 'Second.');
    expect(walk(text, blocks, 2, 'block', 1)).toEqual([blocks[0].end, blocks[1].end, blocks[2].end]);
    expect(walk(text, blocks, text.length - 2, 'block', -1)).toEqual([blocks[2].start, blocks[1].start, 0]);
  });

  it('treat a table row as one block, from its first cell to its last', () => {
    const text = 'A | B | C';
    const blocks: Block[] = [{ kind: 'table-row', start: 0, end: 9, cells: [[0, 1], [4, 5], [8, 9]] }];
    expect(stepOffset(text, blocks, 4, 'block', 1)).toBe(9);
    expect(stepOffset(text, blocks, 4, 'block', -1)).toBe(0);
  });
});

describe('moving and extending', () => {
  const { text, blocks } = doc('Moscow allowed missiles to reach Hezbollah. Israel said so.');

  it('extends from the anchor by words and sentences, and selects backwards too', () => {
    let caret: Caret = { anchor: 0, focus: 0 };
    caret = moveCaret(text, blocks, caret, 'word', 1, true);
    caret = moveCaret(text, blocks, caret, 'word', 1, true);
    expect(text.slice(caretRange(caret)!.start, caretRange(caret)!.end)).toBe('Moscow allowed');
    caret = moveCaret(text, blocks, caret, 'sentence', 1, true);
    expect(text.slice(caretRange(caret)!.start, caretRange(caret)!.end)).toBe('Moscow allowed missiles to reach Hezbollah.');
    caret = moveCaret(text, blocks, caret, 'character', -1, true);
    expect(text.slice(caretRange(caret)!.start, caretRange(caret)!.end)).toBe('Moscow allowed missiles to reach Hezbollah');

    const end = text.indexOf(' Israel');
    let back: Caret = { anchor: end, focus: end };
    back = moveCaret(text, blocks, back, 'word', -1, true);
    expect(back.anchor).toBe(end);
    expect(back.focus).toBeLessThan(end);
    expect(text.slice(caretRange(back)!.start, caretRange(back)!.end)).toBe('Hezbollah.');
  });

  it('a step without Shift collapses: a character step to the side it points to, a word step moves on from the focus', () => {
    const sel: Caret = { anchor: 7, focus: 14 };
    expect(moveCaret(text, blocks, sel, 'character', -1, false)).toEqual({ anchor: 7, focus: 7 });
    expect(moveCaret(text, blocks, sel, 'character', 1, false)).toEqual({ anchor: 14, focus: 14 });
    expect(moveCaret(text, blocks, sel, 'word', 1, false)).toEqual({ anchor: 23, focus: 23 });
    expect(caretRange({ anchor: 5, focus: 5 })).toBeNull();
  });

  it('an offset in the gap between blocks goes to the next block', () => {
    const two = doc('ab', 'cd');
    expect(clampToText(two.blocks, 3)).toBe(4);
    expect(clampToText(two.blocks, 99)).toBe(6);
  });
});

describe('caret keys', () => {
  const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

  it('map arrows, modifiers and Shift to a unit, a direction and extend', () => {
    expect(caretKeyOf(key('ArrowRight'), false)).toEqual({ unit: 'character', dir: 1, extend: false });
    expect(caretKeyOf(key('ArrowLeft', { shiftKey: true }), false)).toEqual({ unit: 'character', dir: -1, extend: true });
    expect(caretKeyOf(key('ArrowRight', { ctrlKey: true, shiftKey: true }), false)).toEqual({ unit: 'word', dir: 1, extend: true });
    expect(caretKeyOf(key('ArrowRight', { altKey: true, shiftKey: true }), true)).toEqual({ unit: 'word', dir: 1, extend: true });
    expect(caretKeyOf(key('ArrowDown', { altKey: true, shiftKey: true }), false)).toEqual({ unit: 'sentence', dir: 1, extend: true });
    expect(caretKeyOf(key('ArrowUp', { ctrlKey: true }), false)).toEqual({ unit: 'block', dir: -1, extend: false });
    expect(caretKeyOf(key('ArrowUp', { metaKey: true }), true)).toEqual({ unit: 'block', dir: -1, extend: false });
    expect(caretKeyOf(key('ArrowDown'), false)).toEqual({ unit: 'line', dir: 1, extend: false });
    expect(caretKeyOf(key('End', { shiftKey: true }), false)).toEqual({ unit: 'block', dir: 1, extend: true });
  });

  it('follow the screen in right-to-left text, and leave every other key alone', () => {
    expect(caretKeyOf(key('ArrowLeft'), false, true)).toEqual({ unit: 'character', dir: 1, extend: false });
    expect(caretKeyOf(key('ArrowRight', { ctrlKey: true }), false, true)).toEqual({ unit: 'word', dir: -1, extend: false });
    for (const k of ['h', 't', '.', 'Enter', 'Escape', 'F7']) expect(caretKeyOf(key(k), false)).toBeNull();
    expect(caretKeyOf(key('ArrowRight', { metaKey: true }), false)).toBeNull();
  });
});
