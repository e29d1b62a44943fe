import { claimFields, idSchema } from './claimFields';
import { s, type Infer } from './schema';

/**
 * What Tiemark remembers about how the user likes to work: kept in the data folder
 * (`preferences.json`, see src/core/preferences.ts), not in the browser's storage, whose origin
 * changes with the browser host's port at every launch. Every key is known here, with its type
 * and bounds; `setPreferences` refuses anything else.
 */

export const THEMES = ['system', 'light', 'dark'] as const;
export type ThemePreference = (typeof THEMES)[number];

/** The reader's text sizes, in percent of the base size; A− and A+ step through them. */
export const TEXT_SIZES = [85, 92, 100, 110, 120, 135, 150] as const;

/** How wide the sources pane (left) and the side panel (right) may be, in CSS pixels. */
export const PANE_LIMITS = { left: [180, 520], right: [240, 640] } as const;

export interface Preferences {
  /** `system` follows the operating system's light or dark setting. */
  theme: ThemePreference;
  /** Reader text size in percent, one of TEXT_SIZES. */
  textSize: number;
  leftPaneWidth: number;
  rightPaneWidth: number;
  /** The source open when this project was last used (per project), or null. */
  lastSourceId: string | null;
  /** The last tie saved in this project, which the key . repeats (per project), or null. */
  lastTie: TieTemplate | null;
}

export const DEFAULT_PREFERENCES: Preferences = {
  theme: 'system',
  textSize: 100,
  leftPaneWidth: 280,
  rightPaneWidth: 340,
  lastSourceId: null,
  lastTie: null,
};

const id = idSchema;

/** What "." repeats: the last tie saved, without its passage. */
const tieTemplate = s.object({ sourceActorId: id, relationTypeId: id, targetActorId: id, ...claimFields });
export type TieTemplate = Infer<typeof tieTemplate>;

/** One schema per key, so a stored file with one bad value keeps the others. */
export const PREFERENCE_FIELDS = {
  theme: s.optional(s.literal(...THEMES)),
  textSize: s.optional(s.int({ min: TEXT_SIZES[0], max: TEXT_SIZES[TEXT_SIZES.length - 1] })),
  leftPaneWidth: s.optional(s.int({ min: PANE_LIMITS.left[0], max: PANE_LIMITS.left[1] })),
  rightPaneWidth: s.optional(s.int({ min: PANE_LIMITS.right[0], max: PANE_LIMITS.right[1] })),
  lastSourceId: s.optional(s.nullable(id)),
  lastTie: s.optional(s.nullable(tieTemplate)),
};

/** The argument of setPreferences: any of the known keys; unknown keys are refused. */
export const preferencesPatch = s.object(PREFERENCE_FIELDS);
export type PreferencesPatch = Infer<typeof preferencesPatch>;

/** The TEXT_SIZES entry nearest to `percent`. */
export function nearestTextSize(percent: number): number {
  return TEXT_SIZES.reduce<number>((best, size) => (Math.abs(size - percent) < Math.abs(best - percent) ? size : best), TEXT_SIZES[2]);
}
