import type { AnchorReviewItem } from '../../../../shared/types';

interface Props {
  items: AnchorReviewItem[];
  /** Whether the reader has a selection, for Move here. */
  hasSelection: boolean;
  onAccept(id: string): void;
  onMoveHere(id: string): void;
  onDelete(id: string): void;
}

/**
 * Highlights the last text update could not place with certainty: the passage as it was beside
 * the best candidate in the new text. Nothing is moved until the user says so.
 */
export function AnchorReview({ items, hasSelection, onAccept, onMoveHere, onDelete }: Props) {
  if (items.length === 0) return null;
  return (
    <section className="anchor-review" aria-label="Review highlights">
      <h2>
        Review highlights <span className="badge">{items.length}</span>
      </h2>
      <p className="hint">The text was updated. Check where these passages went; select the right words in the text to use Move here.</p>
      <ul>
        {items.map((item) => (
          <li key={item.id} className={`review-item color-${item.color}`} data-anchor={item.anchor}>
            <p className="review-old">
              <span className="review-label">Was</span> “{item.exact}”
            </p>
            {item.candidate ? (
              <p className="review-candidate">
                <span className="review-label">Now perhaps</span> “{item.candidate.text}”
              </p>
            ) : (
              <p className="review-candidate review-gone">Its text is no longer in the source.</p>
            )}
            <div className="review-actions">
              {item.candidate && (
                <button type="button" onClick={() => onAccept(item.id)}>
                  Accept
                </button>
              )}
              <button type="button" disabled={!hasSelection} title={hasSelection ? 'Place it on the selected words' : 'Select the right words in the text first'} onClick={() => onMoveHere(item.id)}>
                Move here
              </button>
              <button type="button" onClick={() => onDelete(item.id)}>
                Delete
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
