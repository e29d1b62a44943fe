import { CONFIDENCES, STANCES } from './annotations';
import { s } from './schema';

/** A record id as the API accepts it (src/shared/api.ts, src/shared/preferences.ts). */
export const idSchema = s.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/, patternHint: 'is not a valid id' });

/** A claim's details besides its highlight and its two actors and relation (createClaim, the last tie kept for "."). */
export const claimFields = {
  stance: s.optional(s.literal(...STANCES)),
  attributedActorId: s.optional(s.nullable(idSchema)),
  attributedText: s.optional(s.string({ max: 300 })),
  confidence: s.optional(s.literal(...CONFIDENCES)),
  /** Partial dates or a period: "2022", "2022-03", "March 2022", "2022-03-14", "2021/2023". */
  eventDate: s.optional(s.string({ max: 100 })),
  note: s.optional(s.string({ max: 5000 })),
};
