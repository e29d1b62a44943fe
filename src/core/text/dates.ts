import type { EventDate } from '../../shared/annotations';
import { ApiError } from '../../shared/errors';

/**
 * Partial dates and periods as analysts type them ("2022", "2022-03", "March 2022",
 * "14 March 2022", "2021-2023", "March–June 2022", "early 2022"), turned into ISO-like bounds at
 * the precision given: "2022" stays "2022", "March 2022" becomes "2022-03". Bounds of mixed
 * precision still compare as strings for the lower end ("2022" < "2022-01"); for the upper end
 * compare `b + '~'` (see `laterEnd`), since "2022" reaches past "2022-03".
 */

interface Parts {
  year?: number;
  month?: number;
  day?: number;
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
};

const EXAMPLES = '2022, 2022-03, 2022-03-14, March 2022, 14 March 2022, March 14, 2022, or a period such as 2021-2023 or March–June 2022';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function format(p: Parts): string {
  let out = pad(p.year!, 4);
  if (p.month !== undefined) out += `-${pad(p.month)}`;
  if (p.day !== undefined) out += `-${pad(p.day)}`;
  return out;
}

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

function valid(p: Parts): boolean {
  if (p.year === undefined || p.year < 1) return false;
  if (p.month === undefined) return p.day === undefined;
  if (p.month < 1 || p.month > 12) return false;
  return p.day === undefined || (p.day >= 1 && p.day <= daysIn(p.year, p.month));
}

/** One side of a date: ISO ("2022-03-14") or words and numbers in any common order. */
function parseParts(input: string): Parts | null {
  const text = input.trim().replace(/\s+/g, ' ');
  if (!text) return null;
  const iso = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(text);
  if (iso) {
    return { year: Number(iso[1]), month: iso[2] === undefined ? undefined : Number(iso[2]), day: iso[3] === undefined ? undefined : Number(iso[3]) };
  }
  const parts: Parts = {};
  for (const token of text.toLowerCase().split(/[\s,]+/).filter(Boolean)) {
    const word = token.replace(/\.$/, '');
    if (/^\d{4}$/.test(word)) {
      if (parts.year !== undefined) return null;
      parts.year = Number(word);
    } else if (/^\d{1,2}(st|nd|rd|th)?$/.test(word)) {
      if (parts.day !== undefined) return null;
      parts.day = parseInt(word, 10);
    } else if (word in MONTHS) {
      if (parts.month !== undefined) return null;
      parts.month = MONTHS[word];
    } else {
      return null;
    }
  }
  return parts;
}

/** A whole expression that names a span by itself: "early 2022", "Q3 2021", "the 1990s". */
function parseSpan(text: string): [Parts, Parts] | null {
  const lower = text.toLowerCase().trim().replace(/\s+/g, ' ');
  const third = /^(early|mid|late)[- ](\d{4})$/.exec(lower);
  if (third) {
    const year = Number(third[2]);
    const first = { early: 1, mid: 5, late: 9 }[third[1] as 'early' | 'mid' | 'late'];
    return [{ year, month: first }, { year, month: first + 3 }];
  }
  const qFirst = /^q([1-4]) (\d{4})$/.exec(lower);
  const qLast = /^(\d{4}) q([1-4])$/.exec(lower);
  if (qFirst || qLast) {
    const q = qFirst ? qFirst[1] : qLast![2];
    const year = Number(qFirst ? qFirst[2] : qLast![1]);
    const first = (Number(q) - 1) * 3 + 1;
    return [{ year, month: first }, { year, month: first + 2 }];
  }
  const decade = /^(?:the )?(\d{3}0)s$/.exec(lower);
  if (decade) {
    const year = Number(decade[1]);
    return [{ year }, { year: year + 9 }];
  }
  return null;
}

/** Where a period may split in two, most specific separators first. */
const SEPARATORS = [/\s*[–—]\s*/g, /\s+(?:to|until|till|through|thru|and)\s+/gi, /\s*\/\s*/g, /\s*-\s*/g];

function parsePeriod(text: string): [Parts, Parts] | null {
  const body = text.replace(/^(?:from|between)\s+/i, '');
  for (const separator of SEPARATORS) {
    for (const match of body.matchAll(separator)) {
      const left = parseParts(body.slice(0, match.index));
      const right = parseParts(body.slice(match.index! + match[0].length));
      if (!left || !right) continue;
      // "March–June 2022", "14–16 March 2022", "March 14–16, 2022": the short side borrows.
      if (left.year === undefined) left.year = right.year;
      if (left.month === undefined && left.day !== undefined) left.month = right.month;
      if (right.month === undefined && right.day !== undefined) right.month = left.month;
      if (right.year === undefined) right.year = left.year;
      if (valid(left) && valid(right)) return [left, right];
    }
  }
  return null;
}

const unreadable = (text: string) =>
  new ApiError('invalid_argument', `Tiemark cannot read "${text.slice(0, 100)}" as a date. Try ${EXAMPLES}.`, { field: 'eventDate' });

/**
 * Parses a partial date or period. Empty input means "no date" (null). Anything unreadable, an
 * impossible date (31 February) or a period that ends before it starts is refused.
 */
export function parsePartialDate(input: string): EventDate | null {
  const text = input.trim().replace(/\s+/g, ' ');
  if (!text) return null;
  const single = parseParts(text);
  let bounds: [Parts, Parts] | null = single && valid(single) ? [single, single] : null;
  bounds ??= parseSpan(text) ?? parsePeriod(text);
  if (!bounds) throw unreadable(text);
  const start = format(bounds[0]);
  const end = format(bounds[1]);
  if (`${end}~` < start) {
    throw new ApiError('invalid_argument', `The period "${text.slice(0, 100)}" ends before it starts. Put the earlier date first, as in 2021-2023.`, { field: 'eventDate' });
  }
  return { text, start, end };
}

/** The later of two upper bounds of any precision ("2022" reaches past "2022-03-14"). */
export function laterEnd(a: string, b: string): string {
  return `${a}~` >= `${b}~` ? a : b;
}
