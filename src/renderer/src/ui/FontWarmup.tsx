import { useEffect, useState } from 'react';
import { whenIdle } from './idle';

/**
 * The reader's typefaces, laid out once while the window is idle after it starts, out of sight.
 *
 * Chromium finds, loads and shapes a font the first time text needs it, inside that frame's
 * layout: the first source opened in a window (the first file of an import into an empty project)
 * paid 30-45 ms for it on top of its own layout, one long frame of 70-110 ms while the rest of a
 * batch was being imported (scripts/bench/import.mjs watches for such frames). Laid out here
 * first, the fonts are in the renderer's cache when the source opens, and its frame stays short.
 *
 * Only font stacks of the reader and the side panel's quotes are used, in the weights and styles
 * they use; a few Cyrillic and Arabic letters bring in the fallback fonts of those scripts. The
 * element is hidden from assistive technology and from hit testing, and never scrolls or paints
 * over anything.
 */
export function FontWarmup() {
  const [on, setOn] = useState(false);
  // After the first paint and whatever the window loads first: never in its way.
  useEffect(() => whenIdle(() => setOn(true)), []);
  if (!on) return null;
  const sample = 'Aa Zz 0123 “’—” Жж بيت';
  return (
    <div className="font-warmup" aria-hidden="true">
      <div className="font-warmup-reader" lang="en">
        <span>{sample}</span> <b>{sample}</b> <i>{sample}</i> <b>
          <i>{sample}</i>
        </b>
      </div>
      <div className="font-warmup-quote">{sample}</div>
    </div>
  );
}
