import type { Actor, Claim } from '../../shared/annotations';
import type { Highlight, Source } from '../../shared/types';
import type { Backend } from '../backend';
import { ok, pasteSource } from '../test-support/fixtures';

/**
 * A small project for the export tests, built through dispatch as the app builds it: two
 * sources (one given a page map, as a PDF has), five actors with aliases in three scripts and
 * one whose name starts like a spreadsheet formula, highlights over an emoji (two UTF-16 units,
 * one code point) and across a paragraph break, claims with every field, a symmetric tie entered
 * both ways, a stance conflict, and a note.
 */
export const ALPHA_TEXT =
  'Russia supplies weapons to Hezbollah, officials said on Monday. Iran 🇮🇷 funds the group, a "partner" of Tehran.\n\nHezbollah clashed with Israel near the border. Moscow denies any role.';
export const BETA_TEXT = 'Israel fought Hezbollah again in 2023. =HYPERLINK("http://x") was written on a wall.\nAnother page starts here.';

export interface ExportFixture {
  backend: Backend;
  alpha: Source;
  beta: Source;
  actors: Record<'Russia' | 'Hezbollah' | 'Iran' | 'Israel' | 'Formula', string>;
  highlights: Record<'arms' | 'funds' | 'clash' | 'denial' | 'fought' | 'formula', Highlight>;
  claims: Record<'arms' | 'funds' | 'clash' | 'denied' | 'fought', Claim>;
}

export function buildExportFixture(backend: Backend): ExportFixture {
  const call = <T>(method: string, args: unknown): T => ok<T>(backend.dispatch(method, args));
  const alpha = pasteSource(backend, ALPHA_TEXT, 'Uneasy Allies: arms, money and the border');
  const beta = pasteSource(backend, BETA_TEXT, 'Border notes');
  // Beta is treated as a two-page PDF: page 2 starts at its second line.
  backend.store.db.prepare('UPDATE sources SET page_starts = ? WHERE id = ?').run(JSON.stringify([0, BETA_TEXT.indexOf('Another')]), beta.id);
  call('updateSource', { id: alpha.id, patch: { authors: ['Jane Q. Smith'], publishedAt: '2023-05-02', outlet: 'Levant Review', url: 'https://example.org/allies' } });
  const actor = (name: string, extra: Record<string, unknown> = {}) => call<Actor>('createActor', { name, ...extra }).id;
  const actors = {
    Russia: actor('Russia', { kind: 'state', aliases: ['Moscow', 'the Kremlin'], externalId: 'Q159' }),
    Hezbollah: actor('Hezbollah', { kind: 'armed-group', aliases: ['Hizballah', 'حزب الله'] }),
    Iran: actor('Iran', { kind: 'state', aliases: ['Tehran'] }),
    Israel: actor('Israel', { kind: 'state' }),
    Formula: actor('=HYPERLINK("http://x")', { description: '+cmd|" /C calc"!A0' }),
  };
  const hl = (source: Source, exact: string, extraEnd = 0) => {
    const text = source.id === alpha.id ? ALPHA_TEXT : BETA_TEXT;
    const start = text.indexOf(exact);
    if (start < 0) throw new Error(`not in text: ${exact}`);
    return call<Highlight>('createHighlight', { sourceId: source.id, start, end: start + exact.length + extraEnd });
  };
  const highlights = {
    arms: hl(alpha, 'Russia supplies weapons to Hezbollah'),
    funds: hl(alpha, 'Iran 🇮🇷 funds the group'),
    clash: hl(alpha, 'a "partner" of Tehran.\n\nHezbollah clashed with Israel'),
    denial: hl(alpha, 'Moscow denies any role.'),
    fought: hl(beta, 'Israel fought Hezbollah again in 2023.'),
    formula: hl(beta, '=HYPERLINK("http://x") was written on a wall.\nAnother page'),
  };
  const claim = (h: Highlight, s: string, r: string, t: string, extra: Record<string, unknown> = {}) =>
    call<Claim>('createClaim', { highlightId: h.id, sourceActorId: s, relationTypeId: r, targetActorId: t, ...extra });
  const claims = {
    arms: claim(highlights.arms, actors.Russia, 'aid-weapons', actors.Hezbollah, {
      eventDate: '2022-03',
      attributedText: 'officials, "on Monday"',
      confidence: 'high',
      note: '-1 casualties?\nsecond line',
    }),
    funds: claim(highlights.funds, actors.Iran, 'aid-funds', actors.Hezbollah, { stance: 'reported', eventDate: '2021/2023', attributedActorId: actors.Iran }),
    clash: claim(highlights.clash, actors.Israel, 'assault-clash', actors.Hezbollah, { eventDate: '2023' }),
    denied: claim(highlights.denial, actors.Russia, 'aid-weapons', actors.Hezbollah, { stance: 'denied' }),
    fought: claim(highlights.fought, actors.Hezbollah, 'assault-clash', actors.Israel, { eventDate: '2023-10' }),
  };
  call('tagHighlight', { highlightId: highlights.formula.id, actorId: actors.Formula });
  const note = 'Check the shipment dates.';
  const content = JSON.stringify({ root: { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', text: note }] }] } });
  call('saveNote', { highlightId: highlights.arms.id, content, plainText: note });
  return { backend, alpha, beta, actors, highlights, claims };
}
