import { STANCES, type Polarity, type Stance, type TieEvidence } from '../../../../shared/annotations';

/** "1 claim", "3 claims". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "2 asserted · 1 denied", in the fixed order of STANCES. */
export function stanceSummary(stances: Partial<Record<Stance, number>>): string {
  return STANCES.filter((s) => (stances[s] ?? 0) > 0)
    .map((s) => `${stances[s]} ${s}`)
    .join(' · ');
}

/** Some stances that hold the relation true and some that deny it. */
export function hasStanceConflict(stances: Partial<Record<Stance, number>>): boolean {
  return (stances.denied ?? 0) > 0 && (stances.asserted ?? 0) + (stances.reported ?? 0) + (stances.alleged ?? 0) > 0;
}

/** "2022", "2022-03 – 2023", or "" when no date is known. */
export function dateRange(from: string | null, to: string | null): string {
  if (from && to) return from === to ? from : `${from} – ${to}`;
  return from ?? to ?? '';
}

export const POLARITY_LABELS: Record<Polarity, string> = {
  cooperative: 'Cooperative',
  conflictual: 'Conflictual',
  neutral: 'Neutral or structural',
};

/** A shape that tells the polarity apart without relying on colour alone. */
export const POLARITY_GLYPHS: Record<Polarity, string> = {
  cooperative: '+',
  conflictual: '−',
  neutral: '·',
};

/** "+7", "−3", "0". */
export function signed(value: number): string {
  if (value > 0) return `+${value}`;
  if (value < 0) return `−${Math.abs(value)}`;
  return '0';
}

/** Who says so: an actor's name, free text, or nothing. */
export function attribution(evidence: Pick<TieEvidence, 'attributedActorId' | 'attributedText'>, nameOf: (id: string) => string | undefined): string {
  if (evidence.attributedActorId) return nameOf(evidence.attributedActorId) ?? evidence.attributedText;
  return evidence.attributedText;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
export const compareText = (a: string, b: string): number => collator.compare(a, b);

/** Colours offered to new actors and relation types, in turn. */
export const PALETTE = ['#2e7d32', '#c62828', '#1565c0', '#6a1b9a', '#ef6c00', '#00838f', '#ad1457', '#4e342e', '#558b2f', '#283593', '#9e9d24', '#37474f'];

/** PLOVER's rough order from cooperation to force, then structural ties. */
const CATEGORY_ORDER = ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', 'SANCTION', 'PROTEST', 'MOBILIZE', 'COERCE', 'ASSAULT', 'STRUCTURE', 'STRUCTURAL'];

/** Where a category sorts: PLOVER's order first, any other category after it. */
export function categoryRank(category: string): number {
  const at = CATEGORY_ORDER.indexOf(category.toUpperCase());
  return at < 0 ? CATEGORY_ORDER.length : at;
}
