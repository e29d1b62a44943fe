/**
 * Pure helpers of the Mentions tab (src/renderer/src/features/mentions/MentionsPanel.tsx): a
 * stable key per mention, the mentions in the order they are shown, where focus goes after the
 * focused one was tagged or dismissed, and the sentences it says. Tested in mentionNav.test.ts.
 */
import type { MentionGroup, MentionItem, MentionList } from '../../../../shared/search';

export const mentionKey = (m: Pick<MentionItem, 'sourceId' | 'actorId' | 'start' | 'end'>): string => `${m.sourceId}:${m.actorId}:${m.start}:${m.end}`;

/** What acceptMentions and dismissMention take of a mention: nothing else. */
export const mentionRef = (m: MentionItem) => ({ sourceId: m.sourceId, actorId: m.actorId, start: m.start, end: m.end });

/** Every mention listed, in the order shown: group by group, each in source and text order. */
export function flatMentions(list: MentionList | null): MentionItem[] {
  return list ? list.groups.flatMap((g) => g.mentions) : [];
}

/** The mentions of a group "Tag all" takes: those listed and not dismissed. */
export const taggable = (group: MentionGroup): MentionItem[] => group.mentions.filter((m) => !m.dismissed);

/**
 * Where focus should go once `acted` (keys of mentions just tagged or dismissed) leave the list:
 * the mentions after the first of them that were not acted on, then the ones before it (nearest
 * first), and the position it had, for when none of those is listed any more.
 */
export interface FocusPlan {
  keys: string[];
  index: number;
}

export function focusAfter(shown: readonly MentionItem[], acted: ReadonlySet<string>): FocusPlan {
  const at = shown.findIndex((m) => acted.has(mentionKey(m)));
  if (at < 0) return { keys: [], index: 0 };
  const after = shown.slice(at + 1).filter((m) => !acted.has(mentionKey(m)));
  const before = shown
    .slice(0, at)
    .filter((m) => !acted.has(mentionKey(m)))
    .reverse();
  // A few candidates are enough: a sentence tagged takes its other mentions of the actor along.
  return { keys: [...after.slice(0, 20), ...before.slice(0, 5)].map(mentionKey), index: at };
}

/** The key to focus in the new list: the first candidate still listed, or the one at the old position. */
export function resolveFocus(plan: FocusPlan, shown: readonly MentionItem[]): string | null {
  if (shown.length === 0) return null;
  const present = new Set(shown.map(mentionKey));
  const found = plan.keys.find((k) => present.has(k));
  if (found) return found;
  return mentionKey(shown[Math.min(plan.index, shown.length - 1)]);
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "Tagged 12 mentions of Russia (9 new highlights, 1 tagged). Ctrl+Z undoes it." */
export function taggedSentence(count: number, actorName: string, created: number, tagged: number): string {
  const parts = [created ? plural(created, 'new highlight') : '', tagged ? `${plural(tagged, 'highlight')} tagged` : ''].filter(Boolean);
  return `Tagged ${plural(count, 'mention')} of ${actorName}${parts.length ? ` (${parts.join(', ')})` : ''}. Ctrl+Z undoes it.`;
}

/** The context of a mention on one line: runs of white space (line breaks in a table cell) become one space. */
export const oneLine = (text: string) => text.replace(/\s+/gu, ' ');

/** Context longer than this was probably cut by the backend (about 60 characters either side). */
const CUT_AT = 50;

/**
 * The text before a mention as shown: on one line, and when it was cut mid-word, from the next
 * whole word with an ellipsis ("…the Syrian army. By the time ").
 */
export function shownBefore(before: string): string {
  const text = oneLine(before);
  if (text.length < CUT_AT) return text;
  const space = text.indexOf(' ');
  return space > 0 && space < text.length - 1 ? `…${text.slice(space + 1)}` : text;
}

/** The text after a mention as shown: on one line, up to the last whole word with an ellipsis when cut. */
export function shownAfter(after: string): string {
  const text = oneLine(after);
  if (text.length < CUT_AT) return text;
  const space = text.lastIndexOf(' ');
  return space > 0 ? `${text.slice(0, space)}…` : text;
}
