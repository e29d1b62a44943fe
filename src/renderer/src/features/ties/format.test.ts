import { describe, expect, it } from 'vitest';
import { POLARITIES, STANCES } from '../../../../shared/annotations';
import { POLARITY_GLYPHS, POLARITY_LABELS, PALETTE, attribution, categoryRank, compareText, dateRange, hasStanceConflict, plural, signed, stanceSummary } from './format';

describe('plural', () => {
  it('uses the singular for exactly one and the plural otherwise, zero included', () => {
    expect(plural(1, 'claim')).toBe('1 claim');
    expect(plural(0, 'claim')).toBe('0 claims');
    expect(plural(2, 'claim')).toBe('2 claims');
    expect(plural(-1, 'pair')).toBe('-1 pairs');
  });

  it('takes an irregular plural', () => {
    expect(plural(1, 'reply', 'replies')).toBe('1 reply');
    expect(plural(3, 'reply', 'replies')).toBe('3 replies');
  });
});

describe('stanceSummary', () => {
  it('lists the stances present in the fixed order of STANCES, whatever the key order', () => {
    expect(stanceSummary({ denied: 1, asserted: 2 })).toBe('2 asserted · 1 denied');
    expect(stanceSummary({ speculative: 1, alleged: 4, reported: 3, denied: 2, asserted: 1 })).toBe('1 asserted · 3 reported · 4 alleged · 2 denied · 1 speculative');
  });

  it('leaves out stances with no claims, and is empty when there are none', () => {
    expect(stanceSummary({ asserted: 0, reported: 1 })).toBe('1 reported');
    expect(stanceSummary({})).toBe('');
    expect(stanceSummary({ asserted: 0 })).toBe('');
  });
});

describe('hasStanceConflict', () => {
  it('is a conflict when a denial stands beside a claim that holds the tie true', () => {
    for (const affirming of ['asserted', 'reported', 'alleged'] as const) {
      expect(hasStanceConflict({ denied: 1, [affirming]: 1 })).toBe(true);
    }
  });

  it('is no conflict without a denial, with only denials, or with denials and speculation', () => {
    expect(hasStanceConflict({})).toBe(false);
    expect(hasStanceConflict({ asserted: 3, reported: 2 })).toBe(false);
    expect(hasStanceConflict({ denied: 2 })).toBe(false);
    expect(hasStanceConflict({ denied: 1, speculative: 4 })).toBe(false);
    expect(hasStanceConflict({ denied: 0, asserted: 1 })).toBe(false);
  });
});

describe('dateRange', () => {
  it('shows one date, a range, or nothing', () => {
    expect(dateRange('2022', '2022')).toBe('2022');
    expect(dateRange('2022-03', '2023')).toBe('2022-03 – 2023');
    expect(dateRange('2022', null)).toBe('2022');
    expect(dateRange(null, '2023-11-19')).toBe('2023-11-19');
    expect(dateRange(null, null)).toBe('');
  });
});

describe('signed', () => {
  it('writes the sign, with a true minus sign for negatives', () => {
    expect(signed(7)).toBe('+7');
    expect(signed(-3)).toBe('\u22123');
    expect(signed(0)).toBe('0');
    expect(signed(-0)).toBe('0');
  });
});

describe('attribution', () => {
  const names = new Map([['hez', 'Hezbollah']]);
  const nameOf = (id: string) => names.get(id);

  it('names the attributed actor, else the free text, else nothing', () => {
    expect(attribution({ attributedActorId: 'hez', attributedText: '' }, nameOf)).toBe('Hezbollah');
    expect(attribution({ attributedActorId: null, attributedText: 'Times of Israel, 19 Nov' }, nameOf)).toBe('Times of Israel, 19 Nov');
    expect(attribution({ attributedActorId: null, attributedText: '' }, nameOf)).toBe('');
  });

  it('falls back to the stored text when the actor is no longer known', () => {
    expect(attribution({ attributedActorId: 'gone', attributedText: 'Al-Manar' }, nameOf)).toBe('Al-Manar');
    expect(attribution({ attributedActorId: 'gone', attributedText: '' }, nameOf)).toBe('');
  });

  it('keeps right-to-left text as it is', () => {
    expect(attribution({ attributedActorId: null, attributedText: 'قناة المنار' }, nameOf)).toBe('قناة المنار');
  });
});

describe('compareText', () => {
  it('ignores case and accents', () => {
    expect(compareText('hezbollah', 'Hezbollah')).toBe(0);
    expect(compareText('Élysée', 'elysee')).toBe(0);
  });

  it('orders numbers by value, not by digit', () => {
    expect(compareText('Brigade 2', 'Brigade 10')).toBeLessThan(0);
    expect(['Unit 10', 'Unit 9', 'Unit 100'].sort(compareText)).toEqual(['Unit 9', 'Unit 10', 'Unit 100']);
  });

  it('is a consistent order for sorting', () => {
    const names = ['wagner', 'Africa Corps', 'Hezbollah', 'hamas', 'Évian group'];
    const sorted = [...names].sort(compareText);
    expect(sorted).toEqual(['Africa Corps', 'Évian group', 'hamas', 'Hezbollah', 'wagner']);
    for (let i = 1; i < sorted.length; i++) expect(compareText(sorted[i - 1], sorted[i])).toBeLessThan(0);
  });
});

describe('categoryRank', () => {
  it('follows PLOVER from cooperation to force, then structural ties', () => {
    const categories = ['STRUCTURAL', 'ASSAULT', 'AGREE', 'SANCTION', 'AID', 'CONSULT'];
    expect([...categories].sort((a, b) => categoryRank(a) - categoryRank(b))).toEqual(['AGREE', 'CONSULT', 'AID', 'SANCTION', 'ASSAULT', 'STRUCTURAL']);
  });

  it('ignores case', () => {
    expect(categoryRank('assault')).toBe(categoryRank('ASSAULT'));
    expect(categoryRank('Agree')).toBe(0);
  });

  it('puts any other category after all known ones, together', () => {
    expect(categoryRank('Other')).toBeGreaterThan(categoryRank('STRUCTURAL'));
    expect(categoryRank('Other')).toBe(categoryRank('my own'));
    expect(categoryRank('')).toBe(categoryRank('Other'));
  });
});

describe('labels and palette', () => {
  it('has a label and a distinct glyph for every polarity', () => {
    for (const p of POLARITIES) {
      expect(POLARITY_LABELS[p]).toBeTruthy();
      expect(POLARITY_GLYPHS[p]).toBeTruthy();
    }
    expect(new Set(POLARITIES.map((p) => POLARITY_GLYPHS[p])).size).toBe(POLARITIES.length);
  });

  it('offers distinct #rrggbb colours', () => {
    for (const colour of PALETTE) expect(colour).toMatch(/^#[0-9a-f]{6}$/);
    expect(new Set(PALETTE).size).toBe(PALETTE.length);
  });

  it('summarises every stance the app knows', () => {
    const all = Object.fromEntries(STANCES.map((s) => [s, 1]));
    expect(stanceSummary(all).split(' · ')).toHaveLength(STANCES.length);
  });
});
