import { sourceLink } from '../../shared/links';
import { byRank, document, rankByName, renderSource, renderTies, slug, sourceDataFromSnapshot, sourceFrontmatter, UNKNOWN_ACTOR, type SourceData } from './markdown';
import { inlineText } from './markdown-escape';
import { Pacer } from './progress';
import type { SnapClaim, SnapHighlight, Snapshot } from './snapshot';

/**
 * The Markdown vault (docs/exports.md): a folder of notes for Obsidian (or any Markdown notebook)
 * and Zotero, zipped: `sources/<title>.md`, one note per source, and `index.md` with the
 * project-wide ties and a link to every source note. Each source note is the Markdown export of
 * that source (markdown.ts, the same code), except that each highlight is headed by its ties or
 * actors rather than "Highlight N" and shows its sentence for context, and the front matter adds
 * `aliases`, `tags` and a `citekey` (first author's family name, year, first title word: the
 * Better BibTeX default) when the authors and date allow.
 */
export async function vaultFiles(snapshot: Snapshot, now: Date, pace: Pacer = new Pacer()): Promise<Array<[string, string]>> {
  const parts = new Map(snapshot.sources.map((s) => [s.id, { highlights: [] as SnapHighlight[], claims: [] as SnapClaim[] }]));
  for (const h of snapshot.highlights) parts.get(h.sourceId)?.highlights.push(h);
  for (const c of snapshot.claims) parts.get(c.sourceId)?.claims.push(c);
  const stems = uniqueStems(snapshot.sources.map((s) => s.title));
  // Every name a note sorts (actors, relation labels), ranked once for all the notes.
  const rank = rankByName([...[...snapshot.actors.values()].map((a) => a.name), ...[...snapshot.relationTypes.values()].map((t) => t.label), UNKNOWN_ACTOR, '']);
  const sources: SourceData[] = [];
  const files: Array<[string, string]> = [];
  const total = snapshot.sources.length;
  for (const [i, snap] of snapshot.sources.entries()) {
    await pace.step('writing', i, total);
    const source = sourceDataFromSnapshot(snapshot, snap, parts.get(snap.id)!, { context: true, rank });
    sources.push(source);
    const frontmatter = { ...sourceFrontmatter(source, now), ...vaultFrontmatter(source) };
    files.push([`sources/${stems[i]}.md`, document(frontmatter, renderSource(source, 1, { vault: true, rank }))]);
  }
  files.unshift(['index.md', indexNote(snapshot.projectName, sources, stems, now, rank)]);
  await pace.step('writing', total, total);
  return files;
}

/** File stems from titles, unique (case-insensitively, for Windows and macOS): "report", "report-2". */
export function uniqueStems(titles: readonly string[]): string[] {
  const taken = new Set<string>(['index']);
  return titles.map((title) => {
    const base = slug(title);
    let stem = base;
    for (let n = 2; taken.has(stem.toLowerCase()); n++) stem = `${base}-${n}`;
    taken.add(stem.toLowerCase());
    return stem;
  });
}

function vaultFrontmatter(source: SourceData): Record<string, unknown> {
  const out: Record<string, unknown> = { aliases: [source.title], tags: ['tiemark'] };
  const key = citationKey(source.authors, source.publishedAt, source.title);
  if (key) out.citekey = key;
  return out;
}

/** `smith2023uneasy`: family name of the first author, year, first significant title word; null without an author or a year. */
export function citationKey(authors: readonly string[], published: string, title: string): string | null {
  const year = /\b(1[5-9]|20)\d{2}\b/.exec(published)?.[0];
  const first = authors[0]?.trim();
  if (!year || !first) return null;
  const family = first.includes(',') ? first.split(',')[0] : first.split(/\s+/).pop()!;
  const ascii = (t: string) =>
    t
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
  const name = ascii(family);
  if (!name) return null;
  const STOP = new Set(['a', 'an', 'the', 'on', 'of', 'in', 'and', 'for', 'to']);
  const word = title
    .split(/\s+/)
    .map(ascii)
    .find((w) => w && !STOP.has(w));
  return `${name}${year}${word ?? ''}`;
}

function indexNote(projectName: string, sources: SourceData[], stems: string[], now: Date, rank: ReadonlyMap<string, number>): string {
  const claims = sources.flatMap((s) => s.claims);
  const actors = [...new Set(sources.flatMap((s) => s.actorNames))].sort(byRank(rank));
  const frontmatter = { title: projectName, exported: now.toISOString(), source_count: sources.length, sources: sources.map((s) => s.title), actors, tags: ['tiemark'] };
  const list = sources.length
    ? sources.map((s, i) => `- [[${stems[i]}]] ${inlineText(s.title)} · ${s.highlights.length} highlights · [Open in Tiemark](${sourceLink(s.id)})`).join('\n')
    : 'No sources.';
  const blocks = [`# ${inlineText(projectName) || 'Tiemark project'}`, '## Ties', claims.length ? renderTies(claims, rank) : 'No ties were recorded.', '## Sources', list];
  return document(frontmatter, blocks);
}
