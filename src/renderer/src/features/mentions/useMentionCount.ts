import { useEffect, useState } from 'react';
import { api } from '../../api';

/**
 * How many untagged mentions of actors the open source has (the count on the Mentions tab),
 * read again whenever the annotations change (`version`). Null while unknown or unreadable: the
 * tab then shows no count, and the panel itself says what went wrong.
 */
export function useMentionCount(sourceId: string | null, version: number): number | null {
  const [count, setCount] = useState<{ sourceId: string; total: number } | null>(null);
  useEffect(() => {
    if (!sourceId) return;
    let live = true;
    api.listMentions({ sourceId, limit: 1 }).then(
      (list) => live && setCount({ sourceId, total: list.total }),
      () => live && setCount(null),
    );
    return () => {
      live = false;
    };
  }, [sourceId, version]);
  return count && count.sourceId === sourceId ? count.total : null;
}
