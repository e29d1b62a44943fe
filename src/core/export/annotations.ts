import { ACTOR_KINDS } from '../../shared/annotations';
import { highlightLink, sourceLink } from '../../shared/links';
import { findMentions, NameMatcher } from '../../shared/match';
import { Pacer } from './progress';
import { actorName, codePointOffsets, type SnapHighlight, type SnapSource, type Snapshot } from './snapshot';

/**
 * Annotation formats for other annotation tools (docs/exports.md).
 *
 * W3C Web Annotation (JSON-LD, https://www.w3.org/TR/annotation-model/): one AnnotationCollection,
 * one Annotation per highlight, targeting the source (`tiemark://source/<id>`) with a
 * TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector in code points over the
 * source's text as Tiemark stores it. Bodies: one `tagging` TextualBody per actor (plus an
 * `identifying` body for a Wikidata id), one `linking` TextualBody per claim ("A → label → B",
 * with the claim's fields under the `tiemark:` prefix), and a `commenting` body for the note.
 *
 * brat standoff (https://brat.nlplab.org/standoff.html): per source a `.txt` (the text) and an
 * `.ann`; one `Passage` entity per highlight, one `Actor` entity per actor it names (at the
 * actor's first mention inside the passage, else over the passage), a relation per claim
 * between the two actors' entities, typed by the relation type, with its stance, confidence and
 * date as AnnotatorNotes; `annotation.conf` declares the relation types. Offsets are code points,
 * as brat (Python) counts them; a span over a line break is written as fragments.
 */
export const TIEMARK_VOCAB = 'urn:tiemark:vocab:';

export function webAnnotation(snapshot: Snapshot, exportedAt: Date): string {
  const items = snapshot.highlights.map((h) => annotationOf(snapshot, h));
  const collection = {
    '@context': ['http://www.w3.org/ns/anno.jsonld', { tiemark: TIEMARK_VOCAB }],
    id: `urn:tiemark:export:${exportedAt.toISOString()}`,
    type: 'AnnotationCollection',
    label: `${snapshot.projectName}: highlights, actors and ties`,
    generated: exportedAt.toISOString(),
    generator: { id: 'urn:tiemark:app', type: 'Software', name: 'Tiemark' },
    total: items.length,
    'tiemark:sources': snapshot.sources.map((s) => ({
      id: sourceLink(s.id),
      'tiemark:title': s.title,
      'tiemark:url': s.url,
      'tiemark:contentHash': s.contentHash,
      'tiemark:offsets': 'code points over the stored text (NFC, \\n line breaks)',
    })),
    first: { type: 'AnnotationPage', startIndex: 0, items },
  };
  return `${JSON.stringify(collection, null, 2)}\n`;
}

function annotationOf(snapshot: Snapshot, h: SnapHighlight): Record<string, unknown> {
  const body: Array<Record<string, unknown>> = [];
  for (const actorId of h.actorIds) {
    const actor = snapshot.actors.get(actorId);
    body.push({ type: 'TextualBody', purpose: 'tagging', value: actor?.name ?? '(unknown actor)', 'tiemark:actorId': actorId });
    if (actor && /^Q[0-9]+$/.test(actor.externalId)) {
      body.push({ type: 'SpecificResource', purpose: 'identifying', source: `http://www.wikidata.org/entity/${actor.externalId}` });
    }
  }
  for (const c of h.claims) {
    const type = snapshot.relationTypes.get(c.relationTypeId);
    const arrow = type && !type.directed ? '↔' : '→';
    body.push({
      type: 'TextualBody',
      purpose: 'linking',
      format: 'text/plain',
      value: `${actorName(snapshot, c.sourceActorId)} ${arrow} ${type?.label ?? ''} ${arrow} ${actorName(snapshot, c.targetActorId)}`,
      'tiemark:claimId': c.id,
      'tiemark:sourceActorId': c.sourceActorId,
      'tiemark:relationTypeId': c.relationTypeId,
      'tiemark:targetActorId': c.targetActorId,
      'tiemark:polarity': type?.polarity ?? '',
      'tiemark:stance': c.stance,
      'tiemark:confidence': c.confidence,
      'tiemark:attributedTo': [actorName(snapshot, c.attributedActorId), c.attributedText].filter(Boolean).join(' — '),
      'tiemark:eventDate': c.eventDateText,
      'tiemark:note': c.note,
    });
  }
  if (h.note && h.note.plainText.trim()) body.push({ type: 'TextualBody', purpose: 'commenting', format: 'text/plain', value: h.note.plainText });
  const motivation = h.claims.length ? 'linking' : h.actorIds.length ? 'tagging' : 'highlighting';
  return {
    id: highlightLink(h.sourceId, h.id),
    type: 'Annotation',
    motivation,
    ...(body.length ? { body } : {}),
    target: {
      source: sourceLink(h.sourceId),
      selector: [
        { type: 'TextQuoteSelector', exact: h.exact, prefix: h.prefix, suffix: h.suffix },
        { type: 'TextPositionSelector', start: h.startCp, end: h.endCp },
      ],
    },
    ...(h.page ? { 'tiemark:page': h.page } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// brat

/** A brat type name: letters, digits and underscores (brat reads spaces as separators). */
export function bratTypeName(label: string): string {
  const name = label
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
  return name || 'related_to';
}

export interface BratFiles {
  /** [file name, content]: the .txt and .ann of each source, then annotation.conf. */
  files: Array<[string, string]>;
}

export async function brat(snapshot: Snapshot, stemOf: (source: SnapSource) => string, pace: Pacer = new Pacer()): Promise<BratFiles> {
  // Relation type names, unique per type.
  const typeNames = new Map<string, string>();
  const taken = new Set<string>(['Passage', 'Actor']);
  for (const t of snapshot.relationTypes.values()) {
    let name = bratTypeName(t.label);
    for (let n = 2; taken.has(name); n++) name = `${bratTypeName(t.label)}_${n}`;
    taken.add(name);
    typeNames.set(t.id, name);
  }
  const files: Array<[string, string]> = [];
  const bySource = new Map<string, SnapHighlight[]>();
  for (const h of snapshot.highlights) {
    let list = bySource.get(h.sourceId);
    if (!list) bySource.set(h.sourceId, (list = []));
    list.push(h);
  }
  const usedTypes = new Set<string>();
  // One matcher for every name and alias, built once: each passage is then one scan.
  const matcher = new NameMatcher([...snapshot.actors.values()].flatMap((a) => [a.name, ...a.aliases].map((n): [string, string] => [a.id, n])));
  for (const [i, source] of snapshot.sources.entries()) {
    await pace.step('writing', i, snapshot.sources.length);
    const stem = stemOf(source);
    const ann = bratAnn(snapshot, source, bySource.get(source.id) ?? [], typeNames, usedTypes, matcher);
    files.push([`${stem}.txt`, source.text], [`${stem}.ann`, ann]);
  }
  files.push(['annotation.conf', annotationConf(snapshot, typeNames)]);
  await pace.step('writing', snapshot.sources.length, snapshot.sources.length);
  return { files };
}

function bratAnn(
  snapshot: Snapshot,
  source: SnapSource,
  highlights: SnapHighlight[],
  typeNames: Map<string, string>,
  usedTypes: Set<string>,
  matcher: NameMatcher,
): string {
  const text = source.text;
  const lines: string[] = [];
  let t = 0;
  let r = 0;
  let a = 0;
  let note = 0;
  // Mentions first, so the code-point conversion is one pass over the text.
  interface Span {
    start: number;
    end: number;
  }
  const plan: Array<{ h: SnapHighlight; actors: Map<string, Span> }> = [];
  const offsets: number[] = [];
  for (const h of highlights) {
    const ids = new Set(h.actorIds);
    for (const c of h.claims) ids.add(c.sourceActorId).add(c.targetActorId);
    const found = new Map(
      findMentions(text, matcher, { start: h.start, end: h.end })
        .filter((m) => ids.has(m.id))
        .map((m) => [m.id, { start: m.start, end: m.end }]),
    );
    const actors = new Map<string, Span>();
    for (const id of ids) actors.set(id, found.get(id) ?? { start: h.start, end: h.end });
    plan.push({ h, actors });
    offsets.push(...fragments(text, h.start, h.end).flat());
    for (const s of actors.values()) offsets.push(...fragments(text, s.start, s.end).flat());
  }
  const cp = codePointOffsets(text, offsets);
  const spanText = (start: number, end: number) =>
    fragments(text, start, end)
      .map(([s, e]) => `${cp.get(s)} ${cp.get(e)}`)
      .join(';');
  const covered = (start: number, end: number) =>
    fragments(text, start, end)
      .map(([s, e]) => text.slice(s, e))
      .join(' ');
  for (const { h, actors } of plan) {
    if (fragments(text, h.start, h.end).length === 0) continue; // only line breaks
    const passage = `T${++t}`;
    lines.push(`${passage}\tPassage ${spanText(h.start, h.end)}\t${covered(h.start, h.end)}`);
    lines.push(`#${++note}\tAnnotatorNotes ${passage}\thighlight_id=${h.id}${h.page ? ` page=${h.page.replace(/\s+/g, '')}` : ''}`);
    const entity = new Map<string, string>();
    for (const [id, span] of actors) {
      if (fragments(text, span.start, span.end).length === 0) continue;
      const tid = `T${++t}`;
      entity.set(id, tid);
      lines.push(`${tid}\tActor ${spanText(span.start, span.end)}\t${covered(span.start, span.end)}`);
      const actor = snapshot.actors.get(id);
      if (actor && (ACTOR_KINDS as readonly string[]).includes(actor.kind)) lines.push(`A${++a}\tKind ${tid} ${actor.kind}`);
      lines.push(`#${++note}\tAnnotatorNotes ${tid}\tactor_id=${id} name=${oneLine(actorName(snapshot, id))}`);
    }
    for (const c of h.claims) {
      const s = entity.get(c.sourceActorId);
      const o = entity.get(c.targetActorId);
      if (!s || !o) continue;
      const type = typeNames.get(c.relationTypeId) ?? 'related_to';
      usedTypes.add(type);
      const rid = `R${++r}`;
      lines.push(`${rid}\t${type} Arg1:${s} Arg2:${o}`);
      const facts = [`claim_id=${c.id}`, `stance=${c.stance}`, `confidence=${c.confidence}`];
      if (c.eventDateText) facts.push(`event_date=${oneLine(c.eventDateText)}`);
      const by = [actorName(snapshot, c.attributedActorId), c.attributedText].filter(Boolean).join(' — ');
      if (by) facts.push(`attributed_to=${oneLine(by)}`);
      if (c.note) facts.push(`note=${oneLine(c.note)}`);
      lines.push(`#${++note}\tAnnotatorNotes ${rid}\t${facts.join(' ')}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** [start, end) cut at line breaks into non-empty fragments without them (brat spans cannot hold one). */
export function fragments(text: string, start: number, end: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let from = start;
  for (let i = start; i <= end; i++) {
    if (i === end || text[i] === '\n' || text[i] === '\r') {
      let s = from;
      let e = i;
      while (s < e && /\s/.test(text[s])) s++;
      while (e > s && /\s/.test(text[e - 1])) e--;
      if (e > s) out.push([s, e]);
      from = i + 1;
    }
  }
  return out;
}

function annotationConf(snapshot: Snapshot, typeNames: Map<string, string>): string {
  const relations = [...snapshot.relationTypes.values()].map((t) => {
    const name = typeNames.get(t.id)!;
    return `${name}\tArg1:Actor, Arg2:Actor${t.directed ? '' : ', <REL-TYPE>:symmetric'}`;
  });
  return [
    '# Tiemark export: passages, the actors they name and the ties between them.',
    '[entities]',
    'Passage',
    'Actor',
    '',
    '[relations]',
    ...relations,
    '<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>',
    '',
    '[events]',
    '',
    '[attributes]',
    `Kind\tArg:Actor, Value:${ACTOR_KINDS.join('|')}`,
    '',
  ].join('\n');
}
