import type { Block } from '../../../shared/types';

/**
 * The one place that maps between the reader's DOM and source offsets. Each block element
 * (`[data-block="i"]`) holds exactly one text node equal to text.slice(block.start, block.end),
 * so a DOM point is (block, offset within it) and no walk over the document is ever needed.
 */

export const BLOCK_ATTRIBUTE = 'data-block';

function blockElementOf(node: Node | null): HTMLElement | null {
  const element = node instanceof HTMLElement ? node : node?.parentElement ?? null;
  return element?.closest<HTMLElement>(`[${BLOCK_ATTRIBUTE}]`) ?? null;
}

/** Source offset of a DOM point inside the reader, or null when the point is outside any block. */
export function pointToOffset(blocks: readonly Block[], container: HTMLElement, node: Node, offset: number): number | null {
  const blockEl = blockElementOf(node);
  if (blockEl && container.contains(blockEl)) {
    const block = blocks[Number(blockEl.getAttribute(BLOCK_ATTRIBUTE))];
    if (!block) return null;
    if (node.nodeType === Node.TEXT_NODE) return block.start + Math.min(offset, block.end - block.start);
    // An element point inside a block: before or after its only text node.
    return offset === 0 ? block.start : block.end;
  }
  if (!container.contains(node)) return null;
  // A point between blocks (on the container or a wrapper): the nearest block boundary.
  const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : (node as Element);
  const children = element ? Array.from(element.childNodes) : [];
  for (let i = offset; i < children.length; i++) {
    const next = children[i] instanceof Element ? (children[i] as Element).closest(`[${BLOCK_ATTRIBUTE}]`) ?? (children[i] as Element).querySelector(`[${BLOCK_ATTRIBUTE}]`) : null;
    if (next) return blocks[Number(next.getAttribute(BLOCK_ATTRIBUTE))]?.start ?? null;
  }
  const last = blocks[blocks.length - 1];
  return last ? last.end : null;
}

/** The selection as [start, end) offsets, or null when it is empty or not in the reader. */
export function selectionToRange(blocks: readonly Block[], container: HTMLElement, selection: Selection | null): { start: number; end: number } | null {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!container.contains(range.commonAncestorContainer)) return null;
  const start = pointToOffset(blocks, container, range.startContainer, range.startOffset);
  const end = pointToOffset(blocks, container, range.endContainer, range.endOffset);
  if (start === null || end === null || end <= start) return null;
  return { start, end };
}

/** A DOM position for a source offset inside block `index`. */
export function offsetToPoint(blockElements: readonly HTMLElement[], blocks: readonly Block[], index: number, offset: number): { node: Node; offset: number } | null {
  const element = blockElements[index];
  const block = blocks[index];
  const text = element?.firstChild;
  if (!element || !block || !text || text.nodeType !== Node.TEXT_NODE) return null;
  return { node: text, offset: Math.max(0, Math.min(offset - block.start, block.end - block.start)) };
}

/** Static ranges for [start, end) clipped to block `index`. StaticRange: the browser never updates it on DOM changes. */
export function staticRangeIn(blockElements: readonly HTMLElement[], blocks: readonly Block[], index: number, start: number, end: number): StaticRange | null {
  const block = blocks[index];
  const a = offsetToPoint(blockElements, blocks, index, Math.max(start, block.start));
  const b = offsetToPoint(blockElements, blocks, index, Math.min(end, block.end));
  if (!a || !b || a.offset >= b.offset) return null;
  return new StaticRange({ startContainer: a.node, startOffset: a.offset, endContainer: b.node, endOffset: b.offset });
}

/** The source offset under a screen point (for clicks), via the caret position there. */
export function offsetAtPoint(blocks: readonly Block[], container: HTMLElement, x: number, y: number): number | null {
  const doc = container.ownerDocument as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
  };
  const position = doc.caretPositionFromPoint?.(x, y);
  if (position) return pointToOffset(blocks, container, position.offsetNode, position.offset);
  const range = doc.caretRangeFromPoint?.(x, y);
  return range ? pointToOffset(blocks, container, range.startContainer, range.startOffset) : null;
}
