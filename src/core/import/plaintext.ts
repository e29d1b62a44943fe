import type { SourceMetadata } from '../../shared/types';
import { snapOffset } from '../../shared/text';
import { parsePartialDate } from '../text/dates';
import { trimEndBlanks } from '../text/normalize';
import { BlockBuilder, type ParsedDocument } from './blocks';

/**
 * Plain text as it really arrives (files and pasted text): a title line, `Key: value` header
 * lines, paragraphs separated by blank lines or one per line (copied from a website), hard-wrapped
 * paragraphs, bullets and numbered lines. The stored text is built from the blocks, so dropping a
 * bullet or joining wrapped lines keeps offsets honest. Everything here is linear in the input:
 * regexes only ever run on short, bounded slices of a line.
 */

/** A line this long (or longer) is a paragraph, never a verse or address line. */
const LONG_LINE = 100;
const MAX_TITLE = 200;
/** Only look for header lines among the first lines of a document. */
const MAX_HEADER_SCAN = 40;

/**
 * Spaces and tabs only: String.prototype.trim would also drop U+FEFF and other characters that
 * are content here (a second BOM after the encoding mark stays in the text).
 */
function strip(line: string): string {
  // A loop, not /[ \t]+$/: that regex is quadratic on a long run of spaces inside a line.
  let start = 0;
  let end = line.length;
  while (start < end && (line.charCodeAt(start) === 0x20 || line.charCodeAt(start) === 0x09)) start++;
  while (end > start && (line.charCodeAt(end - 1) === 0x20 || line.charCodeAt(end - 1) === 0x09)) end--;
  return start === 0 && end === line.length ? line : line.slice(start, end);
}
const isBlank = (line: string): boolean => strip(line) === '';

interface Marker {
  indent: number;
  ordered: boolean;
  marker?: string;
  content: string;
}

/** Leading spaces and tabs. */
function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 0x20 || line.charCodeAt(i) === 0x09)) i++;
  return i;
}

const BULLET = /^([-*\u2022])[ \t]+/;
const NUMBER = /^(\d{1,3})[.)][ \t]+/;

/** A list marker at the start of a line ("- ", "* ", "• ", "1. ", "2) "), with text after it. */
function listMarker(line: string): Marker | null {
  const indent = indentOf(line);
  let rest = line.slice(indent);
  let ordered: boolean | undefined;
  let marker: string | undefined;
  // Strip repeated markers ("- 1. text") so the stored text never starts with one: re-importing
  // the stored text then finds the same text.
  for (;;) {
    const head = rest.slice(0, 16);
    const bullet = BULLET.exec(head);
    const number = bullet ? null : NUMBER.exec(head);
    const match = bullet ?? number;
    if (!match) break;
    const after = rest.slice(match[0].length);
    if (after.trim() === '') break;
    if (ordered === undefined) {
      ordered = Boolean(number);
      if (number) marker = number[1];
    }
    rest = after.slice(indentOf(after));
  }
  if (ordered === undefined) return null;
  return ordered ? { indent, ordered, marker, content: rest } : { indent, ordered, content: rest };
}

const HEADER = /^(title|by|authors?|publication|outlet|source|date|published|url)[ \t]*:[ \t]*/i;

/** A `Key: value` header line, or null. */
function headerLine(line: string): { key: string; value: string } | null {
  const match = HEADER.exec(line.slice(0, 40));
  if (!match) return null;
  const value = line.slice(match[0].length).trim();
  return value ? { key: match[1].toLowerCase(), value } : null;
}

const SENTENCE_END = /[.!?:;"'\u201D\u2019]$/;

function firstWordLength(line: string): number {
  const start = indentOf(line);
  let end = start;
  while (end < line.length && line.charCodeAt(end) !== 0x20 && line.charCodeAt(end) !== 0x09) end++;
  return end - start;
}

/**
 * Lines broken near a fixed width: every line but the last is nearly as long as the longest,
 * and the next line's first word would not have fitted on it. Lines that mostly end a sentence
 * (one paragraph per line, verse) are not wrapped.
 */
export function looksWrapped(lines: string[]): boolean {
  if (lines.length < 2) return false;
  let width = 0;
  for (const line of lines) width = Math.max(width, strip(line).length);
  if (width < 40 || width > 200) return false;
  let sentenceEnds = 0;
  for (let i = 0; i < lines.length - 1; i++) {
    const length = strip(lines[i]).length;
    if (length < width * 0.6) return false;
    if (length + 1 + firstWordLength(lines[i + 1]) < width - 2) return false;
    if (SENTENCE_END.test(lines[i].slice(-2))) sentenceEnds++;
  }
  const inner = lines.length - 1;
  return inner === 1 ? sentenceEnds === 0 : sentenceEnds * 2 < inner;
}

type Segment = { kind: 'text'; lines: string[] } | { kind: 'list'; lines: string[]; item: Marker };

/** A run of non-blank lines cut into list items and runs of text lines. */
function segmentsOf(group: string[], onePerLine: boolean): Segment[] {
  const segments: Segment[] = [];
  let current: Segment | null = null;
  for (const line of group) {
    const item = listMarker(line);
    if (item) {
      current = { kind: 'list', lines: [item.content], item };
      segments.push(current);
    } else if (current && !onePerLine && current.kind === 'list' && indentOf(line) > current.item.indent) {
      current.lines.push(strip(line));
    } else if (current && !onePerLine && current.kind === 'text') {
      current.lines.push(line);
    } else {
      current = { kind: 'text', lines: [line] };
      segments.push(current);
    }
  }
  return segments;
}

/** Wrapped lines become one line (joined by a space); other lines keep their breaks. */
function joinLines(lines: string[]): string {
  if (!looksWrapped(lines)) return lines.join('\n');
  return lines.map((line, i) => (i === 0 ? line : strip(line))).join(' ');
}

/** Groups of consecutive non-blank lines. */
function groupsOf(lines: string[], from: number): string[][] {
  const groups: string[][] = [];
  let current: string[] | null = null;
  for (let i = from; i < lines.length; i++) {
    if (isBlank(lines[i])) current = null;
    else if (current) current.push(lines[i]);
    else groups.push((current = [lines[i]]));
  }
  return groups;
}

/** A body with no blank lines whose lines are long and not wrapped: one paragraph per line. */
function isOnePerLine(groups: string[][]): boolean {
  if (groups.length !== 1) return false;
  const segments = segmentsOf(groups[0], false);
  if (!groups[0].some((line) => line.length >= LONG_LINE)) return false;
  return !segments.some((s) => s.lines.length > 1 && looksWrapped(s.lines));
}

function isTitleCandidate(line: string): boolean {
  const text = strip(line);
  return text.length > 0 && text.length <= MAX_TITLE && !text.endsWith('.') && !listMarker(line) && !headerLine(line);
}

export function parsePlainText(text: string): ParsedDocument {
  const lines = text.split('\n').map(trimEndBlanks);
  const out = new BlockBuilder();
  const meta: Partial<SourceMetadata> = {};

  let i = 0;
  while (i < lines.length && isBlank(lines[i])) i++;
  let titleLine = i < lines.length && isTitleCandidate(lines[i]) ? i : -1;

  // Header lines at the top, after the title line if there is one, blank lines allowed between.
  const headers: number[] = [];
  let j = titleLine >= 0 ? titleLine + 1 : i;
  let bodyStart = j;
  while (j < lines.length && j < i + MAX_HEADER_SCAN) {
    if (isBlank(lines[j])) {
      j++;
      continue;
    }
    if (!headerLine(lines[j])) break;
    headers.push(j);
    j++;
    bodyStart = j;
  }

  let groups = groupsOf(lines, bodyStart);
  let onePerLine = isOnePerLine(groups);
  if (titleLine >= 0 && headers.length === 0) {
    const alone = titleLine + 1 < lines.length && isBlank(lines[titleLine + 1]);
    const attachedConfirms = (() => {
      if (alone || groups.length === 0) return false;
      if (onePerLine) return true;
      const first = segmentsOf(groups[0], false)[0];
      if (first.kind === 'list') return true;
      // Wrapped text after it confirms a title only if the line is not itself the paragraph's first wrapped line.
      return looksWrapped(first.lines) && !looksWrapped([lines[titleLine], ...first.lines]);
    })();
    if (!(alone && groups.length > 0) && !attachedConfirms) {
      // Not a title: the line belongs to the first paragraph.
      titleLine = -1;
      groups = groupsOf(lines, i);
      onePerLine = isOnePerLine(groups);
    }
  }

  if (titleLine >= 0) {
    out.add('heading', strip(lines[titleLine]), { level: 1 });
    meta.title = lines[titleLine].trim();
  }
  for (const h of headers) {
    out.add('paragraph', strip(lines[h]));
    applyHeader(meta, headerLine(lines[h])!);
  }
  for (const group of groups) {
    for (const segment of segmentsOf(group, onePerLine)) {
      if (segment.kind === 'list') {
        const { item } = segment;
        out.add('list-item', joinLines(segment.lines), {
          level: item.indent >= 2 ? 2 : 1,
          ordered: item.ordered,
          ...(item.marker === undefined ? {} : { marker: item.marker }),
        });
      } else {
        out.add('paragraph', joinLines(segment.lines));
      }
    }
  }

  if (!meta.title) {
    const firstLine = out.text.split('\n', 1)[0]?.trim() ?? '';
    if (firstLine) meta.title = clip(firstLine, MAX_TITLE);
  }
  return { text: out.text, blocks: out.blocks, metadata: meta };
}

function applyHeader(meta: Partial<SourceMetadata>, { key, value }: { key: string; value: string }): void {
  const clean = value.toWellFormed();
  switch (key) {
    case 'title':
      meta.title = clip(clean, 500);
      break;
    case 'by':
    case 'author':
    case 'authors': {
      const names = clip(clean, 5000)
        .split(/,|;|\s+and\s+/)
        .map((name) => clip(name.trim(), 200))
        .filter(Boolean);
      if (names.length) meta.authors = names.slice(0, 50);
      break;
    }
    case 'publication':
    case 'outlet':
    case 'source':
      meta.outlet = clip(clean, 300);
      break;
    case 'date':
    case 'published':
      meta.publishedAt = isoDay(clean) ?? clip(clean, 40);
      break;
    case 'url':
      if (/^https?:\/\/\S+$/i.test(clean) && clean.length <= 2000) meta.url = clean;
      break;
  }
}

/** "14 March 2024", "March 14, 2024", "2024-03-14" as YYYY-MM-DD; anything else null. */
function isoDay(value: string): string | null {
  if (value.length > 60) return null;
  try {
    const date = parsePartialDate(value);
    return date && date.start === date.end && date.start.length === 10 ? date.start : null;
  } catch {
    return null;
  }
}

function clip(value: string, max: number): string {
  return value.length <= max ? value : value.slice(0, snapOffset(value, max, -1)).trimEnd();
}
