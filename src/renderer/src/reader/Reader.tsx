import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { snapRange, trimRange } from '../../../shared/text';
import type { Block, HighlightSpan, Source } from '../../../shared/types';
import { blockAt, spansAt } from './intervals';
import { BLOCK_ATTRIBUTE, CELL_ATTRIBUTE, offsetAtPoint, selectionToRange } from './offsets';
import { HighlightPainter } from './painter';
import { SelectionToolbar, type SelectionAction } from './SelectionToolbar';
import { excerpt } from '../../../shared/text';

export interface TextRange {
  start: number;
  end: number;
}

export interface JumpRequest {
  highlightId: string;
  /** Changes on every request so the same highlight can be jumped to twice. */
  nonce: number;
}

interface ReaderProps {
  source: Source;
  highlights: HighlightSpan[];
  selectedId: string | null;
  jump: JumpRequest | null;
  onSelectHighlight(id: string | null): void;
  /** A toolbar button on the current selection (the selection is cleared for 'highlight'). */
  onSelectionAction(action: SelectionAction, range: TextRange, rect: DOMRect): void;
  onSelectionChange(range: TextRange | null, rect: DOMRect | null): void;
  /** Text for the hover card of a highlight (its actors), or null for none. */
  describe(id: string): string | null;
}

declare global {
  interface Window {
    /** Set for benchmarks and tests: the painter of the open source. */
    __tiemarkPainter?: HighlightPainter;
  }
}

export function Reader({ source, highlights, selectedId, jump, onSelectHighlight, onSelectionAction, onSelectionChange, describe }: ReaderProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const textRef = useRef<HTMLElement>(null);
  const painterRef = useRef<HighlightPainter | null>(null);
  const [selection, setSelection] = useState<{ range: TextRange; rect: DOMRect } | null>(null);
  const [stack, setStack] = useState<{ ids: HighlightSpan[]; x: number; y: number } | null>(null);
  const [hover, setHover] = useState<{ text: string; x: number; y: number } | null>(null);
  const hoverFrame = useRef(0);

  // One painter per source; blocks are rendered once and never touched again.
  useLayoutEffect(() => {
    const container = textRef.current;
    const scroller = scrollRef.current;
    if (!container || !scroller) return;
    const elements = Array.from(container.querySelectorAll<HTMLElement>(`[${BLOCK_ATTRIBUTE}]`));
    const painter = new HighlightPainter(container, source.blocks, elements, scroller);
    painterRef.current = painter;
    window.__tiemarkPainter = painter;
    return () => {
      painter.dispose();
      painterRef.current = null;
      if (window.__tiemarkPainter === painter) window.__tiemarkPainter = undefined;
    };
  }, [source]);

  useLayoutEffect(() => painterRef.current?.setHighlights(highlights), [highlights, source]);
  useLayoutEffect(() => painterRef.current?.setSelected(selectedId), [selectedId, source]);

  useEffect(() => {
    if (!jump) return;
    const target = highlights.find((h) => h.id === jump.highlightId);
    const container = textRef.current;
    if (!target || !container) return;
    const index = blockAt(source.blocks, target.start);
    container.querySelector<HTMLElement>(`[${BLOCK_ATTRIBUTE}="${index}"]`)?.scrollIntoView({ block: 'center' });
    painterRef.current?.flashSpan(target);
    // `highlights` is read, not watched: a jump happens once per request.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jump, source]);

  const readSelection = useCallback(() => {
    const container = textRef.current;
    const raw = container ? selectionToRange(source.blocks, container, window.getSelection()) : null;
    const trimmed = raw && trimRange(source.text, raw.start, raw.end);
    const range = trimmed && trimmed.end > trimmed.start ? snapRange(source.text, trimmed.start, trimmed.end) : null;
    if (!range) {
      setSelection(null);
      onSelectionChange(null, null);
      return;
    }
    const rect = window.getSelection()!.getRangeAt(0).getBoundingClientRect();
    setSelection({ range, rect });
    onSelectionChange(range, rect);
  }, [source, onSelectionChange]);

  useEffect(() => {
    const onChange = () => {
      const sel = window.getSelection();
      if (!sel || sel.isCollapsed) {
        setSelection(null);
        onSelectionChange(null, null);
      }
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, [onSelectionChange]);

  /** Highlights under a screen point, innermost first. */
  const highlightsAt = (x: number, y: number): HighlightSpan[] => {
    const container = textRef.current;
    const painter = painterRef.current;
    if (!container || !painter) return [];
    const offset = offsetAtPoint(source.blocks, container, x, y);
    if (offset === null) return [];
    const candidates = painter.highlightsInBlock(blockAt(source.blocks, Math.max(0, offset - 1)));
    const here = spansAt(candidates, offset);
    return here.length === 0 && offset > 0 ? spansAt(candidates, offset - 1) : here;
  };

  /** Where a link of the original document pointed: shown, never followed (sources stay offline). */
  const linkAt = (x: number, y: number): string | null => {
    const container = textRef.current;
    const offset = container ? offsetAtPoint(source.blocks, container, x, y) : null;
    if (offset === null) return null;
    const link = source.blocks[blockAt(source.blocks, offset)]?.links?.find((l) => l.start <= offset && offset < l.end);
    return link ? `Link: ${link.href}` : null;
  };

  const onClick = (event: React.MouseEvent) => {
    setStack(null);
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed) return;
    const here = highlightsAt(event.clientX, event.clientY);
    onSelectHighlight(here[0]?.id ?? null);
    if (here.length > 1) setStack({ ids: here, x: event.clientX, y: event.clientY });
  };

  const onMouseMove = (event: React.MouseEvent) => {
    const { clientX: x, clientY: y, buttons } = event;
    if (hoverFrame.current || buttons) return;
    hoverFrame.current = requestAnimationFrame(() => {
      hoverFrame.current = 0;
      const top = highlightsAt(x, y)[0];
      const text = top ? describe(top.id) : linkAt(x, y);
      setHover(text ? { text, x, y } : null);
    });
  };

  const act = (action: SelectionAction) => {
    if (!selection) return;
    onSelectionAction(action, selection.range, selection.rect);
    if (action === 'highlight') {
      window.getSelection()?.removeAllRanges();
      setSelection(null);
    }
  };

  return (
    // A new scroller per source starts at the top without a forced layout (setting scrollTop would).
    <div key={source.id} className="reader-scroll" ref={scrollRef} tabIndex={0} onScroll={() => stack && setStack(null)}>
      <article
        className="reader-text"
        ref={textRef}
        lang={source.language || undefined}
        onMouseUp={readSelection}
        onKeyUp={readSelection}
        onClick={onClick}
        onMouseMove={onMouseMove}
        onMouseLeave={() => setHover(null)}
        aria-label={`Text of ${source.title}`}
      >
        <BlockList text={source.text} blocks={source.blocks} />
      </article>
      {selection && <SelectionToolbar rect={selection.rect} onAction={act} />}
      {hover && !selection && !stack && (
        <div className="hover-card" role="tooltip" style={{ left: hover.x + 12, top: hover.y + 16 }}>
          {hover.text}
        </div>
      )}
      {stack && (
        <div className="stack-chooser" role="menu" aria-label="Highlights here" style={{ left: stack.x, top: stack.y + 12 }}>
          <div className="stack-title">{stack.ids.length} highlights here</div>
          {stack.ids.map((h) => (
            <button
              key={h.id}
              role="menuitemradio"
              aria-checked={h.id === selectedId}
              className={`stack-item swatch-${h.color}`}
              onClick={() => {
                onSelectHighlight(h.id);
                setStack(null);
              }}
            >
              {excerpt(source.text.slice(h.start, h.end), 60)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** The text as blocks, each one element holding exactly one text node (see offsets.ts). */
const BlockList = memo(function BlockList({ text, blocks }: { text: string; blocks: Block[] }) {
  const out: ReactNode[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (block.kind === 'table-row') {
      const rows: ReactNode[] = [];
      let j = i;
      for (; j < blocks.length && blocks[j].kind === 'table-row'; j++) rows.push(renderRow(text, blocks[j], j));
      out.push(
        <table key={`t${i}`} className="source-table">
          <tbody>{rows}</tbody>
        </table>,
      );
      i = j - 1;
      continue;
    }
    if (block.kind === 'list-item') {
      const items: ReactNode[] = [];
      const ordered = !!block.ordered;
      let j = i;
      for (; j < blocks.length && blocks[j].kind === 'list-item' && !!blocks[j].ordered === ordered; j++) {
        items.push(
          <li key={j} {...{ [BLOCK_ATTRIBUTE]: j }} value={listValue(blocks[j])} className={`block level-${Math.min(blocks[j].level ?? 1, 6)}`}>
            {text.slice(blocks[j].start, blocks[j].end)}
          </li>,
        );
      }
      out.push(ordered ? <ol key={`l${i}`}>{items}</ol> : <ul key={`l${i}`}>{items}</ul>);
      i = j - 1;
      continue;
    }
    out.push(renderBlock(text, block, i));
  }
  return <>{out}</>;
});

/** The number a numbered item carries in its document (lists may start at 3 or skip). */
const listValue = (block: Block): number | undefined => (block.ordered && /^\d+$/.test(block.marker ?? '') ? Number(block.marker) : undefined);

/** A table row: one cell element per cell range, the separators between them not drawn (see offsets.ts). */
function renderRow(text: string, block: Block, index: number): ReactNode {
  const Cell = block.header ? 'th' : 'td';
  return (
    <tr key={index} {...{ [BLOCK_ATTRIBUTE]: index }} className="block">
      {(block.cells ?? [[block.start, block.end]]).map(([start, end], k) => (
        <Cell key={k} {...{ [CELL_ATTRIBUTE]: k }}>
          {text.slice(start, end)}
        </Cell>
      ))}
    </tr>
  );
}

function renderBlock(text: string, block: Block, index: number): ReactNode {
  const props = { key: index, [BLOCK_ATTRIBUTE]: index, className: 'block' };
  const content = text.slice(block.start, block.end);
  switch (block.kind) {
    case 'heading': {
      const level = Math.min(Math.max(block.level ?? 2, 1), 6);
      const Tag = `h${level}` as 'h1';
      return <Tag {...props}>{content}</Tag>;
    }
    case 'quote':
      return <blockquote {...props}>{content}</blockquote>;
    case 'preformatted':
      return <pre {...props}>{content}</pre>;
    case 'footnote':
      return <p {...props} className="block footnote">{content}</p>;
    default:
      return <p {...props}>{content}</p>;
  }
}
