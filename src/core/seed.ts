import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HIGHLIGHT_COLORS, type Highlight, type HighlightColor, type ImportOutcome } from '../shared/types';
import type { ClaimPatch } from '../shared/api';
import type { ActorKind } from '../shared/annotations';
import type { Store } from './db/store';
import { importFile, importFileSync } from './import/importer';
import type { Parser } from './import/pool';
import { createActor, insertTags, suggestActors } from './services/actors';
import { createClaim } from './services/claims';
import { insertHighlight } from './services/highlights';
import { getSourceText } from './services/sources';

interface Manifest {
  articles: Array<{ file: string; highlights: Array<{ quote: string; color?: string }> }>;
}

/**
 * Fills a new project with the bundled sample articles, their example highlights and the actors,
 * tags and ties on them, so a first-time user sees at once what an annotated source looks like.
 * Runs inside the caller's transaction: a project is seeded completely or not at all.
 */
export function seedSamples(store: Store, samplesDir: string): void {
  const seeded: Highlight[] = [];
  for (const article of readManifest(samplesDir).articles.filter((a) => !isPaged(a.file))) {
    const outcome = importFileSync(store, article.file, readFileSync(join(samplesDir, article.file)));
    seeded.push(...highlightSample(store, article, outcome));
  }
  seedAnnotations(store, seeded);
}

/**
 * PDF samples are read asynchronously (src/core/import/pdf.ts), so they are added just after the
 * project is created, each in its own transaction, with their highlights tagged as the others.
 */
export async function seedPagedSamples(store: Store, samplesDir: string, parse: Parser): Promise<void> {
  for (const article of readManifest(samplesDir).articles.filter((a) => isPaged(a.file))) {
    const outcome = await importFile(store, article.file, readFileSync(join(samplesDir, article.file)), { parse });
    store.write(() => tagSampleHighlights(store, highlightSample(store, article, outcome)));
  }
}

/** Whether the samples folder lists files that seedPagedSamples adds. */
export function hasPagedSamples(samplesDir: string): boolean {
  return readManifest(samplesDir).articles.some((a) => isPaged(a.file));
}

const isPaged = (file: string) => /\.pdf$/i.test(file);
const readManifest = (samplesDir: string) => JSON.parse(readFileSync(join(samplesDir, 'manifest.json'), 'utf8')) as Manifest;

function highlightSample(store: Store, article: Manifest['articles'][number], outcome: ImportOutcome): Highlight[] {
  if (outcome.status !== 'imported' || !outcome.source) {
    throw new Error(`sample ${article.file} did not import: ${outcome.error?.message ?? outcome.status}`);
  }
  const text = getSourceText(store, outcome.source.id);
  return article.highlights.map(({ quote, color }) => {
    const start = text.indexOf(quote);
    if (start < 0) throw new Error(`sample highlight not found in ${article.file}: ${quote.slice(0, 40)}`);
    const known = HIGHLIGHT_COLORS.includes(color as HighlightColor) ? (color as HighlightColor) : 'yellow';
    return insertHighlight(store, { sourceId: outcome.source!.id, start, end: start + quote.length, color: known });
  });
}

/**
 * The actors the samples are about, with the spellings and scripts they appear in. Names match as
 * whole words only (src/shared/match.ts), so the adjectives the articles use ("Russian aircraft",
 * "Iranian-made") are aliases here, as an analyst who counts them as mentions would add them.
 */
const SAMPLE_ACTORS: Array<{ name: string; kind: ActorKind; aliases: string[]; affiliation?: string }> = [
  { name: 'Russia', kind: 'state', aliases: ['Moscow', 'the Kremlin', 'Russian Federation', 'Russian'] },
  { name: 'Iran', kind: 'state', aliases: ['Tehran', 'Islamic Republic of Iran', 'إيران', 'Iranian'] },
  { name: 'IRGC', kind: 'government-body', aliases: ['Islamic Revolutionary Guard Corps', 'Revolutionary Guards'], affiliation: 'Iran' },
  { name: 'Hezbollah', kind: 'armed-group', aliases: ['Hizballah', 'Hizbullah', 'حزب الله'] },
  { name: 'Hamas', kind: 'armed-group', aliases: ['حماس', 'Islamic Resistance Movement'] },
  { name: 'Houthis', kind: 'armed-group', aliases: ['Ansar Allah', 'أنصار الله', 'Houthi'] },
  { name: 'Liwa’ al-Quds', kind: 'armed-group', aliases: ['لواء القدس'] },
  { name: 'National Defence Forces', kind: 'armed-group', aliases: ['NDF'] },
  { name: 'Wagner Group', kind: 'company', aliases: ['Wagner', 'PMC Wagner'] },
  { name: 'Africa Corps', kind: 'armed-group', aliases: [] },
  { name: 'Israel', kind: 'state', aliases: ['Israeli'] },
  { name: 'United States', kind: 'state', aliases: ['US', 'Washington', 'United States of America'] },
  { name: 'Syria', kind: 'state', aliases: ['Assad government', 'سوريا', 'Syrian'] },
];

/** Ties the sample passages state, each found by the start of its highlight's text. */
/** `paged`: the passage is in a PDF sample, added by seedPagedSamples after the others. */
const SAMPLE_CLAIMS: Array<{ passage: string; source: string; relation: string; target: string; paged?: boolean } & ClaimPatch & { attributedTo?: string }> = [
  { passage: 'For more than a decade the land route from Iran', source: 'Iran', relation: 'aid-weapons', target: 'Hezbollah', stance: 'asserted', paged: true },
  { passage: 'Reuters and other outlets reported in 2015 that Qassem Soleimani', source: 'IRGC', relation: 'cooperate-military', target: 'Russia', stance: 'reported', attributedText: 'Reuters and other outlets', eventDate: '2015' },
  { passage: 'Israel went on to conduct hundreds of strikes in Syria', source: 'Israel', relation: 'assault-strike', target: 'Hezbollah', stance: 'asserted', attributedTo: 'Israel' },
  { passage: 'US forces boarded a dhow', source: 'Iran', relation: 'aid-weapons', target: 'Houthis', stance: 'reported', attributedTo: 'United States', attributedText: 'US Central Command', eventDate: 'January 2024' },
  { passage: 'From around 2016 onwards it was increasingly described as Russia’s favoured militia', source: 'Russia', relation: 'aid-trains', target: 'Liwa’ al-Quds', stance: 'reported', eventDate: '2016' },
  { passage: 'The US State Department has estimated that Iran provides', source: 'Iran', relation: 'aid-funds', target: 'Hamas', stance: 'reported', attributedTo: 'United States', attributedText: 'US State Department estimate' },
  { passage: 'Africa Corps announced as successor', source: 'Africa Corps', relation: 'structure-successor', target: 'Wagner Group', stance: 'reported', eventDate: '2024' },
];

/**
 * Actors, tags and a few tie claims on the sample highlights, so that a new user sees the Ties
 * panel filled at once: each highlight is tagged with the actors named in it (as the picker
 * would suggest) and with those of its claims.
 */
function seedAnnotations(store: Store, highlights: Highlight[]): void {
  const actors = new Map<string, string>();
  for (const { name, kind, aliases, affiliation } of SAMPLE_ACTORS) {
    actors.set(name, createActor(store, { name, kind, aliases, affiliationId: affiliation ? actors.get(affiliation) : undefined }).id);
  }
  annotate(store, highlights, (name) => actors.get(name));
  const unused = SAMPLE_CLAIMS.filter((c) => !c.paged && !highlights.some((h) => h.exact.startsWith(c.passage)));
  if (unused.length > 0) throw new Error(`sample claim has no highlight: ${unused[0].passage}`);
}

/** The PDF samples' highlights, tagged and tied as the others, with the actors already there. */
function tagSampleHighlights(store: Store, highlights: Highlight[]): void {
  annotate(store, highlights, (name) => store.sql('SELECT id FROM actors WHERE name = ?').pluck().get(name) as string | undefined);
}

/** Tags each highlight with the actors it names and those of its sample claims, and adds the claims. */
function annotate(store: Store, highlights: Highlight[], actorId: (name: string) => string | undefined): void {
  const id = (name: string) => {
    const found = actorId(name);
    if (!found) throw new Error(`sample actor missing: ${name}`);
    return found;
  };
  for (const h of highlights) {
    const claims = SAMPLE_CLAIMS.filter((c) => h.exact.startsWith(c.passage));
    const named = suggestActors(store, h.sourceId, h.start, h.end).map((m) => m.actorId);
    insertTags(store, h.id, [...new Set([...named, ...claims.flatMap((c) => [id(c.source), id(c.target)])])]);
    for (const { passage: _passage, paged: _paged, source, relation, target, attributedTo, ...fields } of claims) {
      createClaim(store, {
        highlightId: h.id,
        sourceActorId: id(source),
        relationTypeId: relation,
        targetActorId: id(target),
        ...fields,
        ...(attributedTo ? { attributedActorId: id(attributedTo) } : {}),
      });
    }
  }
}
