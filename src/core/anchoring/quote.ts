import { QUOTE_CONTEXT_LENGTH } from '../../shared/types';

export interface QuoteSelector {
  exact: string;
  prefix: string;
  suffix: string;
}

/** Step off a low surrogate so a context slice never begins or ends inside a pair. */
function safeStart(text: string, at: number): number {
  const c = text.charCodeAt(at);
  return c >= 0xdc00 && c <= 0xdfff ? at + 1 : at;
}

/** The text-quote selector for [start, end): exact text plus up to 32 units of context. */
export function quoteSelector(text: string, start: number, end: number): QuoteSelector {
  const prefixStart = safeStart(text, Math.max(0, start - QUOTE_CONTEXT_LENGTH));
  let suffixEnd = Math.min(text.length, end + QUOTE_CONTEXT_LENGTH);
  if (suffixEnd < text.length && safeStart(text, suffixEnd) !== suffixEnd) suffixEnd -= 1;
  return {
    exact: text.slice(start, end),
    prefix: text.slice(prefixStart, start),
    suffix: text.slice(end, suffixEnd),
  };
}
