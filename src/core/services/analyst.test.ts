import { describe, expect, it } from 'vitest';
import type { Actor, Claim } from '../../shared/annotations';
import type { AgreementReport, ArchiveImportReport, ExportedFile, TiePage } from '../../shared/api';
import type { Highlight, ProjectInfo } from '../../shared/types';
import type { Backend } from '../backend';
import { ok, pasteSource, refused, useTempDirs } from '../test-support/fixtures';
import { agreement } from './analyst';

const temp = useTempDirs();

const TEXT =
  'Russia supplies weapons to Hezbollah through Syria. Iran funds Hezbollah every year. ' +
  'Iran and Russia cooperate in Syria. Hezbollah trains fighters in Syria.';

/** One analyst's project over the shared article: their name, and a tie coded on each given passage. */
function analystProject(name: string | null, coding: Array<[passage: string, relationTypeId: string]>) {
  const backend = temp.backend();
  const call = <T>(method: string, args: unknown): T => ok<T>(backend.dispatch(method, args));
  if (name) call('setAnalyst', { name });
  const source = pasteSource(backend, TEXT, 'Shared article');
  const actor = (n: string) => call<Actor>('createActor', { name: n }).id;
  const ids = { Russia: actor('Russia'), Hezbollah: actor('Hezbollah'), Iran: actor('Iran'), Syria: actor('Syria') };
  for (const [passage, relationTypeId] of coding) {
    const start = TEXT.indexOf(passage);
    const highlight = call<Highlight>('createHighlight', { sourceId: source.id, start, end: start + passage.length });
    const [s, t] = passage.split(' ').filter((w) => w.replace(/\W/g, '') in ids).map((w) => ids[w.replace(/\W/g, '') as keyof typeof ids]);
    call<Claim>('createClaim', { highlightId: highlight.id, sourceActorId: s, relationTypeId, targetActorId: t });
  }
  return { backend, source, ids, call };
}

async function merge(target: Backend, from: Backend): Promise<ArchiveImportReport> {
  const archive = ok<ExportedFile>(await from.dispatch('exportArchive', {}));
  return ok<ArchiveImportReport>(await target.dispatch('mergeArchive', { file: { name: 'colleague.zip', dataBase64: archive.content } }));
}

const ARMS = 'Russia supplies weapons to Hezbollah through Syria.';
const FUNDS = 'Iran funds Hezbollah every year.';
const COOPERATE = 'Iran and Russia cooperate in Syria.';

describe('analysts', () => {
  it('names the project’s analyst once, trimmed, and reports it; refuses an empty name', () => {
    const { backend, call } = analystProject(null, []);
    expect(call<ProjectInfo>('projectInfo', {}).analyst).toBeNull();
    expect(call<string[]>('listAnalysts', {})).toEqual(['']);
    expect(call<{ analyst: string }>('setAnalyst', { name: '  Dana   Levi ' })).toEqual({ analyst: 'Dana Levi' });
    expect(call<ProjectInfo>('projectInfo', {}).analyst).toBe('Dana Levi');
    expect(refused(backend.dispatch('setAnalyst', { name: '' }))).toMatchObject({ code: 'invalid_argument' });
    expect(call<string[]>('listAnalysts', {})).toEqual(['Dana Levi']);
  });

  it('keeps each analyst’s work apart after a merge: shared passages and claims recorded once, with both coders', async () => {
    const dana = analystProject('Dana', [
      [ARMS, 'aid-weapons'],
      [FUNDS, 'aid-funds'],
    ]);
    const omar = analystProject('Omar', [
      [ARMS, 'aid-weapons'], // the same claim on the same passage
      [FUNDS, 'cooperate-military'], // the same passage, coded otherwise
      [COOPERATE, 'cooperate-military'], // a passage only Omar coded
    ]);
    const report = await merge(dana.backend, omar.backend);
    expect(report.matched).toMatchObject({ highlights: 2, claims: 1 });
    expect(report).toMatchObject({ highlights: 1, claims: 2 });
    expect(dana.call<string[]>('listAnalysts', {})).toEqual(['Dana', 'Omar']);

    // The Ties panel by analyst: Omar's ties are his three claims, Dana's her two.
    const ties = (analyst: string) => dana.call<TiePage>('listTies', { analyst });
    expect(ties('Omar').claimCount).toBe(3);
    expect(ties('Dana').claimCount).toBe(2);
    expect(dana.call<TiePage>('listTies', {}).claimCount).toBe(4);
    const evidence = dana.call<unknown[]>('listTieEvidence', { sourceActorId: dana.ids.Russia, relationTypeId: 'aid-weapons', targetActorId: dana.ids.Hezbollah, analyst: 'Omar' });
    expect(evidence).toHaveLength(1);

    // Agreement over the two passages both coded.
    const { pair } = dana.call<AgreementReport>('codingAgreement', {});
    expect(pair).toMatchObject({ a: 'Dana', b: 'Omar', sharedPassages: 2 });
    const byType = Object.fromEntries(pair!.byType.map((t) => [t.relationTypeId, t]));
    expect(byType['aid-weapons']).toMatchObject({ both: 1, onlyA: 0, onlyB: 0, neither: 1, percent: 100, kappa: 1 });
    expect(byType['aid-funds']).toMatchObject({ both: 0, onlyA: 1, onlyB: 0, neither: 1, percent: 50 });
    expect(pair!.disagreements).toHaveLength(1);
    expect(pair!.disagreements[0]).toMatchObject({ quote: FUNDS, typesA: ['aid-funds'], typesB: ['cooperate-military'] });

    // Merging the same archive again changes nothing, coders included.
    const coders = () => dana.backend.store.db.prepare('SELECT (SELECT count(*) FROM highlight_coders) + (SELECT count(*) FROM claim_coders)').pluck().get();
    const before = coders();
    const again = await merge(dana.backend, omar.backend);
    expect(again).toMatchObject({ highlights: 0, claims: 0 });
    expect(coders()).toBe(before);

    // One undo takes the merge back, the coders with it (the second merge changed nothing: no step).
    dana.call('undo', {});
    expect(coders()).toBe(0);
    expect(dana.call<string[]>('listAnalysts', {})).toEqual(['Dana']);
  });

  it('names an unnamed colleague after their project; a project merged into itself stays one analyst', async () => {
    const dana = analystProject('Dana', [[ARMS, 'aid-weapons']]);
    const unnamed = analystProject(null, [[ARMS, 'aid-weapons']]);
    await merge(dana.backend, unnamed.backend);
    const analysts = dana.call<string[]>('listAnalysts', {});
    expect(analysts[0]).toBe('Dana');
    expect(analysts[1]).toMatch(/^Analyst of “/);

    const self = analystProject('Dana', [[ARMS, 'aid-weapons']]);
    await merge(self.backend, self.backend);
    expect(self.call<string[]>('listAnalysts', {})).toEqual(['Dana']);
    expect(self.call<AgreementReport>('codingAgreement', {}).pair).toBeNull();
  });

  it('computes percent agreement and Cohen’s kappa as defined', () => {
    // 20 items: both 5, only A 3, only B 2, neither 10. p0 = 0.75; pe = 0.4*0.35 + 0.6*0.65 = 0.53.
    expect(agreement(5, 3, 2, 10)).toEqual({ percent: 75, kappa: Math.round(((0.75 - 0.53) / 0.47) * 1000) / 1000 });
    expect(agreement(0, 0, 0, 0)).toEqual({ percent: null, kappa: null });
    // Both always said yes: chance agreement is total, kappa undefined.
    expect(agreement(4, 0, 0, 0)).toEqual({ percent: 100, kappa: null });
    expect(agreement(0, 2, 2, 0)).toEqual({ percent: 0, kappa: -1 });
  });
});
