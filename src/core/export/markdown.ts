import MarkdownIt from 'markdown-it';
import { stringify as stringifyYaml } from 'yaml';
import { STANCES } from '../../shared/annotations';
import type { SourceSummary } from '../../shared/types';
import type { Store } from '../db/store';
import type { SnapClaim, SnapHighlight, Snapshot, SnapSource } from './snapshot';
import { getSourceSummary, listSources } from '../services/sources';
import { noteToMarkdown } from './lexical-markdown';
import { pageLabel } from '../../shared/pages';
import {
  escapeText as escapeAny,
  escapeTextLines,
  inlineText as inlineAny,
  link,
  linkDestination,
  quoteBlock as quoteAny,
} from './markdown-escape';
import { highlightLink, sourceLink } from '../../shared/links';

/**
 * Annotated notes as Markdown (Export and Export project, see README.md), for one source or the
 * whole project. Reads the database with read-only SQL in one read transaction, so the export is
 * one consistent snapshot and depends on no annotation service.
 *
 * One source:
 *
 *     ---                                  YAML written by `yaml` (always valid quoting), `<` `>` as &lt; &gt;
 *     title, authors, outlet, published, url, language, source_id, tiemark, exported, actors
 *     ---
 *     # Title
 *     byline · [Original](url) · [Open in Tiemark](tiemark://source/<id>)
 *     ## Ties                              one bullet per tie, most claims first
 *     - A → **label** → B · 2 claims (1 alleged, 1 reported) · event dates 2022-03 – 2023
 *     ## Highlights                        in text order
 *     ### Highlight 1
 *     > the exact passage                  (always the first block after the heading)
 *     - **Actors:** …
 *     - **Claims:**
 *       - A → **label** → B · stance · attributed to … · confidence: … · event date: …\
 *         *Note:* claim note
 *     **Note**
 *     the highlight's note as Markdown     (its headings nested under the highlight's)
 *     [Open in Tiemark](tiemark://source/<id>#highlight=<id>)
 *
 * The whole project: project frontmatter, `# Project name`, then each source (in the sources
 * list's order) as the same section one heading level down (`## Title`, `### Ties`, …).
 *
 * Symmetric relations are written `A ↔ label ↔ B`, and their ties count A–B and B–A together.
 * All user text goes through the escaping in markdown-escape.ts; passages come back exactly.
 */
export interface MarkdownExportOptions {
  /** One source; the whole project when absent. */
  sourceId?: string;
  /** The export time written into the frontmatter and the project file name (default: now). */
  now?: Date;
}

export function exportMarkdown(store: Store, options: MarkdownExportOptions): { fileName: string; content: string } {
  const now = options.now ?? new Date();
  return store.read(() => {
    if (options.sourceId !== undefined) {
      const source = readSourceData(store, getSourceSummary(store, options.sourceId));
      const content = document(sourceFrontmatter(source, now), renderSource(source, 1));
      return { fileName: `${slug(source.title)}.md`, content };
    }
    const sources = listSources(store).map((summary) => readSourceData(store, summary));
    const name = (store.sql("SELECT value FROM project WHERE key = 'name'").pluck().get() as string | undefined) ?? 'Tiemark project';
    const blocks = [`# ${inlineText(name) || 'Tiemark project'}`, projectIntro(sources, now)];
    for (const source of sources) blocks.push(...renderSource(source, 2));
    return { fileName: `tiemark-project-${localDate(now)}.md`, content: document(projectFrontmatter(name, sources, now), blocks) };
  });
}

// ---------------------------------------------------------------------------------------------
// Escaping, with a fast path: most passages and names hold none of the characters the escaping
// in markdown-escape.ts acts on, and come back from it unchanged, so they skip its per-character
// walk (a project of 10,000 passages spends most of its export there otherwise).

/** Characters escapeText acts on anywhere in a text. */
const ESCAPED_ANYWHERE = /[\\`*_[\]<>|~$#^=%&\r]/;
/** What escapeText acts on at the start of a line: whitespace, list and heading markers, digits (ordered lists). */
const ESCAPED_AT_START = /^[\s\-+0-9]/;

const plain = (text: string, lineStart: boolean): boolean => !ESCAPED_ANYWHERE.test(text) && !(lineStart && ESCAPED_AT_START.test(text));

function escapeText(text: string, lineStart = false): string {
  return plain(text, lineStart) ? text : escapeAny(text, lineStart);
}

function inlineText(text: string): string {
  const flat = collapseSpaces(text).trim();
  return plain(flat, true) ? flat : inlineAny(text);
}

/** Whitespace other than a single space between words: what collapseSpaces changes. */
const UNCOLLAPSED = /[^\S ]| {2}/;

/** Runs of whitespace as one space; most texts have none to collapse and are returned after one scan. */
function collapseSpaces(text: string): string {
  return UNCOLLAPSED.test(text) ? text.replace(/\s+/gu, ' ') : text;
}

function quoteBlock(text: string): string {
  return text !== '' && !text.includes('\n') && !/\s$/u.test(text) && plain(text, true) ? `> ${text}` : quoteAny(text);
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface ClaimRow {
  id: string;
  highlight_id: string;
  source_actor_id: string;
  source_name: string | null;
  relation_type_id: string;
  label: string | null;
  directed: number | null;
  target_actor_id: string;
  target_name: string | null;
  stance: string;
  attributed_name: string | null;
  attributed_text: string;
  confidence: string;
  event_date_text: string;
  event_date_start: string;
  event_date_end: string;
  note: string;
}

interface HighlightData {
  id: string;
  exact: string;
  /** The passage's sentence(s) around it, for the vault's context line; null unless asked for. */
  context: { before: string; after: string } | null;
  /** "p. 4" or "pp. 4–5" in a paged source (PDF); '' otherwise. */
  page: string;
  actors: string[];
  claims: ClaimRow[];
  note: { content: string; plainText: string } | null;
}

export interface SourceData {
  id: string;
  title: string;
  authors: string[];
  outlet: string;
  publishedAt: string;
  url: string;
  language: string;
  highlights: HighlightData[];
  claims: ClaimRow[];
  /** Every actor named in this source's tags and claims, by name. */
  actorNames: string[];
}

export const UNKNOWN_ACTOR = '(unknown actor)';

/** The source's metadata comes from the sources service; this adds what the notes show. */
export function readSourceData(store: Store, row: SourceSummary): SourceData {
  const pageStarts = JSON.parse(store.sql('SELECT page_starts FROM sources WHERE id = ?').pluck().get(row.id) as string) as number[];
  const highlights = (
    store
      .sql('SELECT id, exact, start_offset, end_offset FROM highlights WHERE source_id = ? ORDER BY start_offset, end_offset DESC, created_at, rowid')
      .all(row.id) as Array<{ id: string; exact: string; start_offset: number; end_offset: number }>
  ).map(
    (h): HighlightData => ({
      id: h.id,
      exact: h.exact,
      context: null,
      page: pageLabel(pageStarts, h.start_offset, h.end_offset),
      actors: [],
      claims: [],
      note: null,
    }),
  );
  const byId = new Map(highlights.map((h) => [h.id, h]));
  const names = new Set<string>();

  const tags = store
    .sql(
      `SELECT ha.highlight_id, a.name FROM highlight_actors ha
         JOIN highlights h ON h.id = ha.highlight_id
         JOIN actors a ON a.id = ha.actor_id
       WHERE h.source_id = ?`,
    )
    .all(row.id) as Array<{ highlight_id: string; name: string }>;
  for (const tag of tags) {
    byId.get(tag.highlight_id)?.actors.push(tag.name);
    names.add(tag.name);
  }
  for (const h of highlights) h.actors.sort(byName);

  const claims = store
    .sql(
      `SELECT c.id, c.highlight_id, c.source_actor_id, sa.name AS source_name, c.relation_type_id, r.label, r.directed,
              c.target_actor_id, ta.name AS target_name, c.stance, aa.name AS attributed_name, c.attributed_text,
              c.confidence, c.event_date_text, c.event_date_start, c.event_date_end, c.note
         FROM claims c
         JOIN highlights h ON h.id = c.highlight_id
         LEFT JOIN actors sa ON sa.id = c.source_actor_id
         LEFT JOIN actors ta ON ta.id = c.target_actor_id
         LEFT JOIN actors aa ON aa.id = c.attributed_actor_id
         LEFT JOIN relation_types r ON r.id = c.relation_type_id
       WHERE h.source_id = ?
       ORDER BY c.created_at, c.rowid`,
    )
    .all(row.id) as ClaimRow[];
  for (const claim of claims) {
    const h = byId.get(claim.highlight_id);
    if (!h) continue;
    h.claims.push(claim);
    for (const name of [claim.source_name, claim.target_name, claim.attributed_name]) if (name !== null) names.add(name);
  }

  const notes = store
    .sql(
      `SELECT n.highlight_id, n.content, n.plain_text FROM notes n
         JOIN highlights h ON h.id = n.highlight_id
       WHERE h.source_id = ?`,
    )
    .all(row.id) as Array<{ highlight_id: string; content: string; plain_text: string }>;
  for (const note of notes) {
    const h = byId.get(note.highlight_id);
    if (h) h.note = { content: note.content, plainText: note.plain_text };
  }

  return {
    id: row.id,
    title: row.title,
    authors: row.authors,
    outlet: row.outlet,
    publishedAt: row.publishedAt,
    url: row.url,
    language: row.language,
    highlights,
    claims,
    actorNames: [...names].sort(byName),
  };
}

/**
 * readSourceData from a snapshot already read (snapshot.ts), for the vault: the same data, the
 * same order, without reading the project again source by source (a third of the vault's time
 * at 10,000 claims). `part` holds the snapshot's highlights of this source (text order) and its
 * claims (creation order).
 */
export function sourceDataFromSnapshot(
  snapshot: Snapshot,
  source: SnapSource,
  part: { highlights: readonly SnapHighlight[]; claims: readonly SnapClaim[] },
  options: { context?: boolean; rank?: ReadonlyMap<string, number> } = {},
): SourceData {
  // With every name ranked beforehand (a vault, rankByName over the registry), names sort by
  // number instead of through the collator (the same order).
  const { rank } = options;
  const sortNames = (names: string[]): string[] => names.sort(rank ? byRank(rank) : byName);
  const nameOf = (id: string | null): string | null => (id === null ? null : (snapshot.actors.get(id)?.name ?? null));
  const names = new Set<string>();
  const claimRow = (c: SnapClaim): ClaimRow => {
    const type = snapshot.relationTypes.get(c.relationTypeId);
    return {
      id: c.id,
      highlight_id: c.highlightId,
      source_actor_id: c.sourceActorId,
      source_name: nameOf(c.sourceActorId),
      relation_type_id: c.relationTypeId,
      label: type?.label ?? null,
      directed: type ? (type.directed ? 1 : 0) : null,
      target_actor_id: c.targetActorId,
      target_name: nameOf(c.targetActorId),
      stance: c.stance,
      attributed_name: nameOf(c.attributedActorId),
      attributed_text: c.attributedText,
      confidence: c.confidence,
      event_date_text: c.eventDateText,
      event_date_start: c.eventDateStart,
      event_date_end: c.eventDateEnd,
      note: c.note,
    };
  };
  const rows = new Map<string, ClaimRow>();
  const data: HighlightData[] = part.highlights.map((h) => {
    const actors: string[] = [];
    for (const id of h.actorIds) {
      const name = nameOf(id);
      if (name === null) continue;
      actors.push(name);
      names.add(name);
    }
    const claims = h.claims.map((c) => {
      const row = claimRow(c);
      rows.set(c.id, row);
      for (const name of [row.source_name, row.target_name, row.attributed_name]) if (name !== null) names.add(name);
      return row;
    });
    return {
      id: h.id,
      exact: h.exact,
      context: options.context ? sentenceContext(source.text, h.start, h.end, source.language) : null,
      page: h.page,
      actors: sortNames(actors),
      claims,
      note: h.note,
    };
  });
  return {
    id: source.id,
    title: source.title,
    authors: source.authors,
    outlet: source.outlet,
    publishedAt: source.publishedAt,
    url: source.url,
    language: source.language,
    highlights: data,
    claims: part.claims.map((c) => rows.get(c.id) ?? claimRow(c)),
    actorNames: sortNames([...names]),
  };
}

// A fixed collation (not the machine's locale), so the same project exports the same bytes anywhere.
const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
export function byName(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** byName through ranks made by rankByName (numbers compared, not collated); names without a rank collated last. */
export const byRank =
  (rank: ReadonlyMap<string, number>) =>
  (a: string, b: string): number =>
    (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity) || byName(a, b);

/** Each distinct name's place in byName order: comparing places orders as byName does (it never ties distinct names). */
export function rankByName(names: Iterable<string>): Map<string, number> {
  return new Map([...new Set(names)].sort(byName).map((name, i) => [name, i]));
}

// ---------------------------------------------------------------------------------------------
// Writing

export function document(frontmatter: Record<string, unknown>, blocks: string[]): string {
  return `---\n${frontmatterYaml(frontmatter)}---\n\n${blocks.filter((b) => b !== '').join('\n\n')}\n`;
}

// Written for YAML 1.1 readers too: any string that 1.1 would read as another type ("2024",
// "2024-03-02", "yes", "on") is quoted, so every parser gets back the same strings.
// blockQuote false: a value with line breaks is written double-quoted ("a\nb"), never as a block
// scalar, whose form for a first line of only spaces reads back without them (" \n" as "\n").
const YAML_OPTIONS = { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false, blockQuote: false } as const;

/**
 * The front matter as `yaml` writes it, without asking it for the whole document each time: a
 * mapping of strings, numbers and lists of strings is laid out here, and each value is the line
 * `yaml` writes for it as a list item (the same quoting as a mapping value on one line), kept
 * for the next note. A vault repeats the same actor names in every note: this was a tenth of
 * its time (scripts/bench/exports.mjs). Anything else (another type, a value `yaml` writes over
 * several lines) goes to `yaml` whole. A property test holds the two byte-equal
 * (src/core/export/markdown.test.ts).
 */
export function frontmatterYaml(frontmatter: Record<string, unknown>): string {
  let out = '';
  for (const [key, value] of Object.entries(frontmatter)) {
    const name = yamlItem(key);
    if (name === null || name !== key) return stringifyYaml(frontmatterSafe(frontmatter), YAML_OPTIONS);
    if (Array.isArray(value)) {
      if (value.length === 0) {
        out += `${key}: []\n`;
        continue;
      }
      out += `${key}:\n`;
      for (const item of value) {
        const line = typeof item === 'string' ? yamlItem(item) : null;
        if (line === null) return stringifyYaml(frontmatterSafe(frontmatter), YAML_OPTIONS);
        out += `  - ${line}\n`;
      }
    } else {
      const line = typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value)) ? yamlItem(value) : null;
      if (line === null) return stringifyYaml(frontmatterSafe(frontmatter), YAML_OPTIONS);
      out += `${key}: ${line}\n`;
    }
  }
  return out === '' ? stringifyYaml({}, YAML_OPTIONS) : out;
}

const yamlItems = new Map<string | number, string | null>();
/** `yaml`'s one-line form of a (frontmatter-safe) value as a list item; null when it takes more than one line. */
function yamlItem(value: string | number): string | null {
  let line = yamlItems.get(value);
  if (line === undefined) {
    const written = stringifyYaml([typeof value === 'string' ? frontmatterText(value) : value], YAML_OPTIONS);
    line = written.startsWith('- ') && written.indexOf('\n') === written.length - 1 ? written.slice(2, -1) : null;
    if (yamlItems.size > 20_000) yamlItems.clear();
    yamlItems.set(value, line);
  }
  return line;
}

/**
 * Frontmatter values with no markup in them. The body's backslash escapes mean nothing in YAML,
 * yet viewers show frontmatter (a properties table, a page header), some by pasting the values
 * into HTML. So `<` and `>` become the character references `&lt;` and `&gt;`, and `&` becomes
 * `&amp;` where it would otherwise start a reference (the body's rule, markdown-escape.ts):
 * no value can open a tag, and decoding the references gives back the exact text.
 */
export function frontmatterText(text: string): string {
  return text.replace(/[<>]|&(?=#?[0-9A-Za-z]+;)/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&amp;'));
}

function frontmatterSafe<T>(value: T): T {
  if (typeof value === 'string') return frontmatterText(value) as T;
  if (Array.isArray(value)) return value.map(frontmatterSafe) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, frontmatterSafe(v)])) as T;
  }
  return value;
}

export function sourceFrontmatter(source: SourceData, now: Date): Record<string, unknown> {
  return {
    title: source.title,
    authors: source.authors,
    outlet: source.outlet,
    published: source.publishedAt,
    url: source.url,
    language: source.language,
    source_id: source.id,
    tiemark: sourceLink(source.id),
    exported: now.toISOString(),
    actors: source.actorNames,
  };
}

function projectFrontmatter(name: string, sources: SourceData[], now: Date): Record<string, unknown> {
  return {
    title: name,
    exported: now.toISOString(),
    source_count: sources.length,
    sources: sources.map((s) => s.title),
    actors: [...new Set(sources.flatMap((s) => s.actorNames))].sort(byName),
  };
}

function projectIntro(sources: SourceData[], now: Date): string {
  const highlights = sources.reduce((n, s) => n + s.highlights.length, 0);
  const claims = sources.reduce((n, s) => n + s.claims.length, 0);
  return `${count(sources.length, 'source')}, ${count(highlights, 'highlight')} and ${count(claims, 'tie claim')}, exported ${now.toISOString()}.`;
}

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
const heading = (level: number, text: string): string => `${'#'.repeat(Math.min(6, level))} ${text}`;

/**
 * The section for one source; `level` is its title's heading level. `vault`: each highlight is
 * headed by its ties or actors (renderHighlight) and shows its sentence for context.
 */
export function renderSource(source: SourceData, level: number, options: { vault?: boolean; rank?: ReadonlyMap<string, number> } = {}): string[] {
  const blocks = [heading(level, inlineText(source.title) || 'Untitled source'), byline(source)];
  blocks.push(heading(level + 1, 'Ties'), renderTies(source.claims, options.rank));
  blocks.push(heading(level + 1, 'Highlights'));
  if (source.highlights.length === 0) blocks.push('No passages were highlighted in this source.');
  source.highlights.forEach((h, i) => blocks.push(...renderHighlight(source.id, h, i + 1, level + 2, options.vault ?? false)));
  return blocks;
}

function byline(source: SourceData): string {
  const published = inlineText(source.publishedAt);
  const facts = [source.authors.map(inlineText).filter(Boolean).join(', '), inlineText(source.outlet), published && `published ${published}`];
  const links = [link('Open in Tiemark', sourceLink(source.id))];
  if (linkDestination(source.url) !== null) links.unshift(link('Original', source.url));
  const first = facts.filter(Boolean).join(' · ');
  return first ? `${first}\\\n${links.join(' · ')}` : links.join(' · ');
}

/** `A → **label** → B`, or `A ↔ **label** ↔ B` for a symmetric relation. */
function relationText(sourceName: string, label: string, targetName: string, directed: boolean): string {
  const arrow = directed ? '→' : '↔';
  const labelText = inlineText(label) || 'related to';
  return `${inlineText(sourceName) || UNKNOWN_ACTOR} ${arrow} **${labelText}** ${arrow} ${inlineText(targetName) || UNKNOWN_ACTOR}`;
}

interface Tie {
  sourceName: string;
  label: string;
  targetName: string;
  directed: boolean;
  key: string;
  claims: number;
  stances: Map<string, number>;
  from: string;
  to: string;
}

/** `ranked`: names (actors, labels) already ranked by rankByName, as a vault ranks them once for all its notes. */
export function renderTies(claims: ClaimRow[], ranked?: ReadonlyMap<string, number>): string {
  // The names are ranked once (a few hundred), not collated in each comparison (the index note
  // puts every claim of the project in order: ~100 ms of Intl.Collator for 10,000 claims).
  const names = claims.flatMap((c) => [c.source_name ?? UNKNOWN_ACTOR, c.target_name ?? UNKNOWN_ACTOR, c.label ?? '']);
  const rank = ranked && names.every((n) => ranked.has(n)) ? ranked : rankByName(names);
  const ties = new Map<string, Tie>();
  for (const c of claims) {
    const directed = c.directed !== 0;
    let source = { id: c.source_actor_id, name: c.source_name ?? UNKNOWN_ACTOR };
    let target = { id: c.target_actor_id, name: c.target_name ?? UNKNOWN_ACTOR };
    // A symmetric tie is one tie whichever way round it was entered.
    if (!directed && (rank.get(source.name)! - rank.get(target.name)! || (source.id < target.id ? -1 : 1)) > 0) [source, target] = [target, source];
    const key = `${source.id}\u0000${c.relation_type_id}\u0000${target.id}`;
    let tie = ties.get(key);
    if (!tie) {
      tie = { sourceName: source.name, label: c.label ?? '', targetName: target.name, directed, key, claims: 0, stances: new Map(), from: '', to: '' };
      ties.set(key, tie);
    }
    tie.claims++;
    tie.stances.set(c.stance, (tie.stances.get(c.stance) ?? 0) + 1);
    const start = c.event_date_start || c.event_date_end;
    const end = c.event_date_end || c.event_date_start;
    if (start && (!tie.from || lowerKey(start) < lowerKey(tie.from))) tie.from = start;
    if (end && (!tie.to || upperKey(end) > upperKey(tie.to))) tie.to = end;
  }
  if (ties.size === 0) return 'No ties were recorded in this source.';
  const sorted = [...ties.values()].sort(
    (a, b) =>
      b.claims - a.claims ||
      rank.get(a.sourceName)! - rank.get(b.sourceName)! ||
      rank.get(a.label)! - rank.get(b.label)! ||
      rank.get(a.targetName)! - rank.get(b.targetName)! ||
      (a.key < b.key ? -1 : 1),
  );
  return sorted
    .map((tie) => {
      const parts = [relationText(tie.sourceName, tie.label, tie.targetName, tie.directed), `${count(tie.claims, 'claim')} (${stanceSummary(tie)})`];
      if (tie.from) parts.push(tie.from === tie.to ? `event date ${inlineText(tie.from)}` : `event dates ${inlineText(tie.from)} – ${inlineText(tie.to)}`);
      return `- ${parts.join(' · ')}`;
    })
    .join('\n');
}

function stanceSummary(tie: Tie): string {
  const known: readonly string[] = STANCES;
  const order = [...STANCES, ...[...tie.stances.keys()].filter((s) => !known.includes(s)).sort()];
  const present = order.filter((s) => tie.stances.has(s));
  if (tie.claims === 1) return inlineText(present[0] ?? '');
  return present.map((s) => `${tie.stances.get(s)} ${inlineText(s)}`).join(', ');
}

// Date bounds come at different precisions ("2022", "2022-03", "2022-03-14"). Padding makes
// "2022" sort before "2022-03" as a start and after "2022-12" as an end.
const lowerKey = (date: string): string => `${date}-00-00`.slice(0, Math.max(10, date.length));
const upperKey = (date: string): string => `${date}-99-99`.slice(0, Math.max(10, date.length));

function renderHighlight(sourceId: string, h: HighlightData, n: number, level: number, vault: boolean): string[] {
  const blocks = [heading(level, vault ? highlightTitle(h) : `Highlight ${n}`), quoteBlock(h.exact)];
  const facts: string[] = [];
  const context = h.context ? contextLine(h.exact, h.context) : '';
  if (context) facts.push(`- **Context:** ${context}`);
  if (h.page) facts.push(`- **Page:** ${h.page}`);
  if (h.actors.length) facts.push(`- **Actors:** ${h.actors.map(inlineText).join(', ')}`);
  if (h.claims.length) facts.push(['- **Claims:**', ...h.claims.map(renderClaim)].join('\n'));
  if (facts.length) blocks.push(facts.join('\n'));
  if (h.note) {
    const note = noteToMarkdown(h.note.content, h.note.plainText, { headingOffset: level });
    if (note) blocks.push('**Note**', note);
  }
  blocks.push(link('Open in Tiemark', highlightLink(sourceId, h.id)));
  return blocks;
}

/**
 * A vault heading names what the passage says: its ties (`Russia → supplies weapons to →
 * Hezbollah`, at most two, then how many more), else its actors, else its first words.
 */
export function highlightTitle(h: Pick<HighlightData, 'exact' | 'actors' | 'claims'>): string {
  if (h.claims.length) {
    const seen = [...new Set(h.claims.map((c) => `${c.source_name ?? UNKNOWN_ACTOR} ${c.directed !== 0 ? '→' : '↔'} ${c.label || 'related to'} ${c.directed !== 0 ? '→' : '↔'} ${c.target_name ?? UNKNOWN_ACTOR}`))];
    const more = seen.length > 2 ? ` (+${seen.length - 2} more)` : '';
    return inlineText(seen.slice(0, 2).join('; ') + more);
  }
  if (h.actors.length) return inlineText(h.actors.join(', '));
  const words = h.exact.replace(/\s+/gu, ' ').trim().split(' ');
  const first = words.slice(0, 8).join(' ');
  return inlineText(`“${first}${words.length > 8 ? '…' : ''}”`);
}

/** The sentence(s) holding [start, end), cut at the passage's line (block), at most 300 characters each side. */
export function sentenceContext(text: string, start: number, end: number, language = ''): { before: string; after: string } {
  // The passage's line (block), segmented whole once for all its passages, then cut to 300 each side.
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nextBreak = text.indexOf('\n', end);
  const lineEnd = nextBreak < 0 ? text.length : nextBreak;
  let from = start;
  let to = end;
  const starts = sentenceStarts(text, lineStart, lineEnd, language);
  for (let i = 0; i + 1 < starts.length; i++) {
    const s = starts[i];
    const e = starts[i + 1];
    if (e <= start || s >= end) continue;
    from = Math.min(from, s);
    to = Math.max(to, e);
  }
  from = Math.max(from, start - 300);
  to = Math.min(to, end + 300);
  return { before: text.slice(from, start), after: text.slice(end, to) };
}

/**
 * Where the sentences of the line text[lineStart, lineEnd) start (and, last, lineEnd), kept for
 * the text being exported: a vault asks for every passage of a source, many in one paragraph, and
 * segmenting around each of 10,000 passages cost most of a vault's time (scripts/bench/exports.mjs).
 */
function sentenceStarts(text: string, lineStart: number, lineEnd: number, language: string): number[] {
  if (sentenceCache.text !== text || sentenceCache.language !== language) {
    sentenceCache.text = text;
    sentenceCache.language = language;
    sentenceCache.windows.clear();
  }
  const key = lineStart * 4_294_967_296 + lineEnd;
  let starts = sentenceCache.windows.get(key);
  if (!starts) {
    starts = [];
    for (const { index } of sentenceSegmenter(language).segment(text.slice(lineStart, lineEnd))) starts.push(lineStart + index);
    starts.push(lineEnd);
    sentenceCache.windows.set(key, starts);
  }
  return starts;
}
const sentenceCache: { text: string | null; language: string; windows: Map<number, number[]> } = { text: null, language: '', windows: new Map() };

const segmenters = new Map<string, Intl.Segmenter>();
/** One sentence segmenter per language (making one costs more than segmenting a paragraph). */
function sentenceSegmenter(language: string): Intl.Segmenter {
  let segmenter = segmenters.get(language);
  if (!segmenter) {
    try {
      segmenter = new Intl.Segmenter(language || 'en', { granularity: 'sentence' });
    } catch {
      segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
    }
    segmenters.set(language, segmenter);
  }
  return segmenter;
}

/** `…before **passage** after…`, each part escaped; '' when the sentence adds nothing to the quote. */
function contextLine(exact: string, context: { before: string; after: string }): string {
  const flatExact = collapseSpaces(exact);
  const core = flatExact.trim();
  const before = collapseSpaces(context.before + (flatExact.match(/^\s*/u)?.[0] ?? '')).trimStart();
  const after = collapseSpaces((flatExact.match(/\s*$/u)?.[0] ?? '') + context.after).trimEnd();
  if (!core || (!before.trim() && !after.trim())) return '';
  return `${before ? escapeText(before, true) : ''}**${escapeText(core)}**${after ? escapeText(after) : ''}`;
}

/** A nested list item (content column 4). */
function renderClaim(c: ClaimRow): string {
  const parts = [relationText(c.source_name ?? UNKNOWN_ACTOR, c.label ?? '', c.target_name ?? UNKNOWN_ACTOR, c.directed !== 0), inlineText(c.stance)];
  const by = [c.attributed_name, c.attributed_text].map((s) => (s ?? '').trim()).filter(Boolean);
  if (by.length === 2) parts.push(`attributed to ${inlineText(by[0])} (${inlineText(by[1])})`);
  else if (by.length === 1) parts.push(`attributed to ${inlineText(by[0])}`);
  if (c.confidence) parts.push(`confidence: ${inlineText(c.confidence)}`);
  if (c.event_date_text.trim()) parts.push(`event date: ${inlineText(c.event_date_text)}`);
  let item = `  - ${parts.join(' · ')}`;
  const note = c.note.trim();
  if (note) {
    const lines = escapeTextLines(note);
    item += `\\\n    *Note:* ${lines[0]}`;
    for (const line of lines.slice(1)) item += `\n    ${line}`;
  }
  return item;
}

// ---------------------------------------------------------------------------------------------
// File names

const MAX_SLUG = 80;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * A file name stem from a title: letters and digits of any script (with their combining marks)
 * kept, everything else (path separators, `\:*?"<>|`, controls, punctuation, spaces) folded to
 * single hyphens; at most 80 characters, never cutting a letter from its marks.
 */
export function slug(title: string): string {
  const words = title.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu) ?? [];
  let out = '';
  for (const word of words) {
    const next = out ? `${out}-${word}` : word;
    if (Array.from(next).length <= MAX_SLUG) {
      out = next;
      continue;
    }
    if (!out) out = cutGraphemes(word, MAX_SLUG);
    break;
  }
  if (!out) return 'untitled-source';
  return WINDOWS_RESERVED.test(out) ? `${out}-source` : out;
}

function cutGraphemes(text: string, max: number): string {
  let out = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    if (Array.from(out + segment).length > max) break;
    out += segment;
  }
  return out;
}

function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const toHtml = new MarkdownIt({ html: false, linkify: false, typographer: false });

/**
 * The same notes as rich text (HTML), for the clipboard: Zotero notes and word processors take
 * HTML, not Markdown. The frontmatter is left out; markdown-it renders the rest with raw HTML off,
 * so nothing a user typed becomes markup (it is escaped twice over: by the Markdown export, then
 * here). Links back to the passages stay links.
 */
export function exportNotesHtml(store: Store, options: MarkdownExportOptions): { fileName: string; content: string } {
  const { fileName, content } = exportMarkdown(store, options);
  const body = content.replace(/^---\n[\s\S]*?\n---\n/, '');
  return { fileName: fileName.replace(/\.md$/, '.html'), content: toHtml.render(body) };
}
