import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { snapRange, trimRange } from '../../../shared/text';
import type { Block, HighlightSpan, Source } from '../../../shared/types';
import { blockAt, spansAt } from './intervals';
import { blocksIn, chunkEnd, firstScreenChars, groupBlocks, groupOf, type BlockGroup } from './chunks';
import { BLOCK_ATTRIBUTE, CELL_ATTRIBUTE, offsetAtPoint, selectionToRange } from './offsets';
import { HighlightPainter } from './painter';
import { SelectionToolbar, type SelectionAction } from './SelectionToolbar';
import { CaretMark, useCaretMode } from './caret';
import { excerpt } from '../../../shared/text';

export interface TextRange {
  start: number;
  end: number;
}

/**
 * Scroll to a highlight, or to a stretch of text (a search hit, a mention), and flash it.
 * `nonce` changes on every request so the same place can be jumped to twice.
 */
export type JumpRequest = { nonce: number } & ({ highlightId: string } | { range: TextRange });

/**
 * Find in this source (src/renderer/src/features/search/find.ts): the matches in text order, the
 * current one (-1: none), and `reveal`, changed whenever the current match should be scrolled into view.
 */
export interface FindMatches {
  matches: readonly TextRange[];
  current: number;
  reveal: number;
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
  /** Matches of the find bar to paint, or null when it is closed. */
  find?: FindMatches | null;
}

declare global {
  interface Window {
    /** Set for benchmarks and tests: the painter of the open source. */
    __tiemarkPainter?: HighlightPainter;
  }
}

const NO_MATCHES: readonly TextRange[] = [];

export function Reader({ source, highlights, selectedId, jump, onSelectHighlight, onSelectionAction, onSelectionChange, describe, find = null }: ReaderProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const textRef = useRef<HTMLElement>(null);
  const painterRef = useRef<HighlightPainter | null>(null);
  const [selection, setSelection] = useState<{ range: TextRange; rect: DOMRect } | null>(null);
  const [stack, setStack] = useState<{ ids: HighlightSpan[]; x: number; y: number } | null>(null);
  const [hover, setHover] = useState<{ text: string; x: number; y: number } | null>(null);
  const hoverFrame = useRef(0);

  // The first screen first: the blocks that fill the view (and a margin) are rendered with the
  // source, the rest in chunks after the first paint (chunks.ts), so opening a source costs the
  // same whatever its length. `ends` are the group counts at the end of each chunk rendered.
  const groups = useMemo(() => groupBlocks(source.blocks), [source]);
  const [chunks, setChunks] = useState(() => ({ source, ends: [chunkEnd(source.blocks, groups, 0, firstScreenChars(window.innerHeight))] }));
  let ends = chunks.ends;
  if (chunks.source !== source) {
    ends = [chunkEnd(source.blocks, groups, 0, firstScreenChars(window.innerHeight))];
    setChunks({ source, ends });
  }
  const renderedGroups = ends[ends.length - 1];
  const renderedBlocks = blocksIn(groups, renderedGroups);
  const complete = renderedGroups >= groups.length;

  /** Renders every block up to block `index` (and a screen more) now, for a jump, a caret step or a search hit beyond what is rendered. */
  const ensureBlock = useCallback(
    (index: number) => {
      const group = groupOf(groups, Math.min(index, source.blocks.length - 1));
      if (group < 0) return;
      const end = chunkEnd(source.blocks, groups, group + 1, firstScreenChars(window.innerHeight));
      setChunks((c) => (c.source !== source || c.ends[c.ends.length - 1] >= end ? c : { source, ends: [...c.ends, end] }));
    },
    [groups, source],
  );

  // The rest, a chunk per idle moment (each kept to a few milliseconds), starting after the first frame.
  const chunkChars = useRef(FIRST_CHUNK_CHARS);
  useEffect(() => {
    if (complete) return;
    let cancelled = false;
    let frame = 0;
    let handle = 0;
    const idle = typeof window.requestIdleCallback === 'function';
    const step = () => {
      if (cancelled) return;
      const started = performance.now();
      const budget = chunkChars.current;
      flushSync(() =>
        setChunks((c) => {
          if (c.source !== source) return c;
          const last = c.ends[c.ends.length - 1];
          return last >= groups.length ? c : { source, ends: [...c.ends, chunkEnd(source.blocks, groups, last, budget)] };
        }),
      );
      // Aim at CHUNK_MS per chunk: scale the next chunk by how long this one took.
      const took = Math.max(1, performance.now() - started);
      chunkChars.current = Math.round(Math.min(MAX_CHUNK_CHARS, Math.max(MIN_CHUNK_CHARS, (budget * CHUNK_MS) / took)));
    };
    const schedule = () => {
      if (idle) handle = window.requestIdleCallback(step, { timeout: 200 });
      else handle = window.setTimeout(step, 0);
    };
    // The first chunk of the rest waits for the first frame (where the painter paints the view).
    if (ends.length === 1) frame = requestAnimationFrame(() => !cancelled && schedule());
    else schedule();
    return () => {
      cancelled = true;
      cancelAnimationFrame(frame);
      if (idle) window.cancelIdleCallback(handle);
      else window.clearTimeout(handle);
    };
  }, [ends, complete, groups, source]);

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

  // Each chunk's blocks go to the painter as they are rendered.
  useLayoutEffect(() => {
    const container = textRef.current;
    const painter = painterRef.current;
    if (!container || !painter || painter.renderedBlocks >= renderedBlocks) return;
    const all = container.querySelectorAll<HTMLElement>(`[${BLOCK_ATTRIBUTE}]`);
    const added: HTMLElement[] = [];
    for (let i = painter.renderedBlocks; i < all.length; i++) added.push(all[i]);
    painter.addBlocks(added);
  }, [renderedBlocks, source]);

  useLayoutEffect(() => painterRef.current?.setHighlights(highlights), [highlights, source]);
  useLayoutEffect(() => painterRef.current?.setSelected(selectedId), [selectedId, source]);

  // A jump beyond the rendered part renders up to its target first, then scrolls.
  const pendingJump = useRef<{ span: TextRange; index: number } | null>(null);
  const jumpTo = useCallback((span: TextRange, index: number) => {
    textRef.current?.querySelector<HTMLElement>(`[${BLOCK_ATTRIBUTE}="${index}"]`)?.scrollIntoView({ block: 'center' });
    painterRef.current?.flashSpan(span);
  }, []);
  useEffect(() => {
    if (!jump) return;
    const target = 'range' in jump ? jump.range : highlights.find((h) => h.id === jump.highlightId);
    if (!target || !textRef.current) return;
    const index = blockAt(source.blocks, target.start);
    if (index >= renderedBlocks) {
      pendingJump.current = { span: target, index };
      // One more render, once per jump to a part not rendered yet; the scroll follows in the layout effect below.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      ensureBlock(index);
      return;
    }
    pendingJump.current = null;
    jumpTo(target, index);
    // `highlights` is read, not watched: a jump happens once per request.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jump, source]);
  useLayoutEffect(() => {
    const pending = pendingJump.current;
    if (!pending || pending.index >= renderedBlocks) return;
    pendingJump.current = null;
    jumpTo(pending.span, pending.index);
  }, [renderedBlocks, jumpTo]);

  // Find in this source: every match painted near the view; the current one rendered and scrolled to.
  useLayoutEffect(() => painterRef.current?.setFindMatches(find?.matches ?? NO_MATCHES, find?.current ?? -1), [find, source]);
  const pendingFind = useRef<{ span: TextRange; index: number } | null>(null);
  const revealMatch = useCallback((span: TextRange, index: number) => {
    const scroller = scrollRef.current;
    const painter = painterRef.current;
    if (!scroller || !painter) return;
    const view = scroller.getBoundingClientRect();
    const margin = Math.min(48, view.height / 4);
    const inView = (box: DOMRect | null) => !!box && box.top >= view.top + margin && box.bottom <= view.bottom - margin;
    if (inView(painter.boxOf(span))) return;
    textRef.current?.querySelector<HTMLElement>(`[${BLOCK_ATTRIBUTE}="${index}"]`)?.scrollIntoView({ block: 'center' });
    // A block taller than the view: centre the match itself.
    const box = painter.boxOf(span);
    if (box && !inView(box)) scroller.scrollTop += box.top - (view.top + view.height / 2);
  }, []);
  useEffect(() => {
    const target = find && find.current >= 0 ? find.matches[find.current] : undefined;
    if (!target) return;
    const index = blockAt(source.blocks, target.start);
    if (index >= renderedBlocks) {
      pendingFind.current = { span: target, index };
      // eslint-disable-next-line react-hooks/set-state-in-effect
      ensureBlock(index);
      return;
    }
    pendingFind.current = null;
    revealMatch(target, index);
    // Only a new `reveal` scrolls: new matches (another source opened, by a search hit that
    // scrolls to its own place) must not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [find?.reveal]);
  useLayoutEffect(() => {
    const pending = pendingFind.current;
    if (!pending || pending.index >= renderedBlocks) return;
    pendingFind.current = null;
    revealMatch(pending.span, pending.index);
  }, [renderedBlocks, revealMatch]);

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

  // Caret mode (F7): selecting with the keyboard alone; it sets the page's selection and reads it here.
  const caretMode = useCaretMode({ text: source.text, blocks: source.blocks, language: source.language, scrollRef, textRef, onSelectionSet: readSelection, ensureBlock });

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
        aria-busy={complete ? undefined : true}
      >
        <BlockList text={source.text} blocks={source.blocks} groups={groups} ends={ends} />
      </article>
      <CaretMark box={caretMode.box} />
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

/** First chunk of the rest: the size of the next adapts to how long each took (CHUNK_MS). */
const FIRST_CHUNK_CHARS = 20_000;
const MIN_CHUNK_CHARS = 2_000;
const MAX_CHUNK_CHARS = 200_000;
const CHUNK_MS = 8;

/**
 * The text as blocks, each one element holding exactly one text node (see offsets.ts), rendered
 * chunk by chunk: `ends[k]` is the group count at the end of chunk k (chunks.ts). A rendered chunk
 * never renders again; the blocks not yet rendered are held by a spacer of about their height.
 */
const BlockList = memo(function BlockList({ text, blocks, groups, ends }: { text: string; blocks: Block[]; groups: BlockGroup[]; ends: number[] }) {
  const rendered = blocksIn(groups, ends[ends.length - 1]);
  return (
    <>
      {ends.map((end, k) => (
        <Chunk key={k} text={text} blocks={blocks} groups={groups} from={k === 0 ? 0 : ends[k - 1]} to={end} />
      ))}
      {rendered < blocks.length && <RestSpacer blocks={blocks.length - rendered} />}
    </>
  );
});

/**
 * Stands in for blocks not rendered yet, at the height they take before they are laid out (each
 * block's `contain-intrinsic-size` of 3 lines, plus its margin), so the scrollbar barely moves as
 * they arrive.
 */
function RestSpacer({ blocks }: { blocks: number }) {
  return <div className="reader-rest" aria-hidden="true" style={{ height: `calc(${blocks} * (3lh + 1em))` }} />;
}

/** Groups [from, to) of the text (chunks.ts): a block each, or a table or a list. */
const Chunk = memo(function Chunk({ text, blocks, groups, from, to }: { text: string; blocks: Block[]; groups: BlockGroup[]; from: number; to: number }) {
  const out: ReactNode[] = [];
  for (let g = from; g < to; g++) {
    const group = groups[g];
    const i = group.from;
    if (group.kind === 'table') {
      const rows: ReactNode[] = [];
      for (let j = group.from; j < group.to; j++) rows.push(renderRow(text, blocks[j], j));
      out.push(
        <table key={`t${i}`} className="source-table">
          <tbody>{rows}</tbody>
        </table>,
      );
      continue;
    }
    if (group.kind === 'list') {
      const items: ReactNode[] = [];
      for (let j = group.from; j < group.to; j++) {
        items.push(
          <li key={j} {...{ [BLOCK_ATTRIBUTE]: j }} value={listValue(blocks[j])} className={`block level-${Math.min(blocks[j].level ?? 1, 6)}`}>
            {text.slice(blocks[j].start, blocks[j].end)}
          </li>,
        );
      }
      out.push(blocks[i].ordered ? <ol key={`l${i}`}>{items}</ol> : <ul key={`l${i}`}>{items}</ul>);
      continue;
    }
    out.push(renderBlock(text, blocks[i], i));
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
