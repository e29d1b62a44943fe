import { describe, expect, it } from 'vitest';
import type { MentionItem, MentionList } from '../../../../shared/search';
import { flatMentions, focusAfter, mentionKey, mentionRef, resolveFocus, shownAfter, shownBefore, taggable, taggedSentence } from './mentionNav';

const item = (actorId: string, start: number, dismissed = false): MentionItem => ({
  sourceId: 'src',
  actorId,
  start,
  end: start + 4,
  matched: 'Name',
  blockIndex: 0,
  before: '',
  after: '',
  dismissed,
});

const list: MentionList = {
  groups: [
    { actorId: 'a', name: 'Alpha', count: 3, mentions: [item('a', 0), item('a', 10), item('a', 20, true)] },
    { actorId: 'b', name: 'Beta', count: 1, mentions: [item('b', 5)] },
  ],
  total: 4,
  sourcesScanned: 1,
};

describe('mentions in the order shown', () => {
  it('flattens group by group and keys each mention', () => {
    expect(flatMentions(list).map(mentionKey)).toEqual(['src:a:0:4', 'src:a:10:14', 'src:a:20:24', 'src:b:5:9']);
    expect(flatMentions(null)).toEqual([]);
  });
  it('sends only the reference of a mention, and "Tag all" leaves dismissed ones out', () => {
    expect(mentionRef(item('a', 3))).toEqual({ sourceId: 'src', actorId: 'a', start: 3, end: 7 });
    expect(taggable(list.groups[0]).map((m) => m.start)).toEqual([0, 10]);
  });
});

describe('focus after tagging or dismissing', () => {
  const shown = flatMentions(list);
  it('goes to the next mention still listed', () => {
    const plan = focusAfter(shown, new Set([mentionKey(shown[0])]));
    expect(resolveFocus(plan, shown.slice(1))).toBe('src:a:10:14');
  });
  it('skips mentions the same sentence took along, then falls back to the ones before', () => {
    const plan = focusAfter(shown, new Set([mentionKey(shown[3])]));
    expect(resolveFocus(plan, shown.slice(0, 3))).toBe('src:a:20:24');
    const all = focusAfter(shown, new Set([mentionKey(shown[1])]));
    expect(resolveFocus(all, [shown[3]])).toBe('src:b:5:9');
  });
  it('keeps the position when none of the candidates is listed, and nothing when the list is empty', () => {
    const plan = { keys: ['gone'], index: 1 };
    expect(resolveFocus(plan, [item('c', 1), item('c', 2), item('c', 3)])).toBe('src:c:2:6');
    expect(resolveFocus(plan, [item('c', 1)])).toBe('src:c:1:5');
    expect(resolveFocus(plan, [])).toBeNull();
  });
});

describe('what the panel says and shows', () => {
  it('counts what "Tag all" did', () => {
    expect(taggedSentence(12, 'Russia', 9, 1)).toBe('Tagged 12 mentions of Russia (9 new highlights, 1 highlight tagged). Ctrl+Z undoes it.');
    expect(taggedSentence(1, 'Iran', 1, 0)).toBe('Tagged 1 mention of Iran (1 new highlight). Ctrl+Z undoes it.');
  });
  it('starts and ends cut context at whole words', () => {
    expect(shownBefore('short\nline ')).toBe('short line ');
    expect(shownBefore('er town of al-Qusayr alongside the Syrian army. By the time ')).toBe('…town of al-Qusayr alongside the Syrian army. By the time ');
    expect(shownAfter(' intervention did not create this coalition; it gave the coa')).toBe(' intervention did not create this coalition; it gave the…');
  });
});
