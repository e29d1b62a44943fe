import type { Block } from '../../../shared/types';

/**
 * The one place that maps between the reader's DOM and source offsets. Each block element
 * (`[data-block="i"]`) holds exactly one text node equal to text.slice(block.start, block.end),
 * so a DOM point is (block, offset within it) and no walk over the document is ever needed.
 * The one exception is a table row, drawn as cells: each cell element (`[data-cell="k"]`) holds
 * one text node equal to its range `block.cells[k]`, and the separators between cells are not
 * drawn.
 */

export const BLOCK_ATTRIBUTE = 'data-block';
export const CELL_ATTRIBUTE = 'data-cell';

/** The text node and start offset of the part of block `block` that holds `offset`. */
function partAt(element: HTMLElement, block: Block, offset: number): { text: Node | null; start: number; end: number } {
  if (!block.cells) return { text: element.firstChild, start: block.start, end: block.end };
  const cells = element.querySelectorAll(`[${CELL_ATTRIBUTE}]`);
  // The first cell that ends at or after the offset; an offset in a separator goes to the next cell.
  let k = block.cells.findIndex(([, end]) => end >= offset);
  if (k < 0) k = block.cells.length - 1;
  const [start, end] = block.cells[k];
  return { text: cells[k]?.firstChild ?? null, start, end };
}

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
    const cell = block.cells ? (node instanceof Element ? node : node.parentElement)?.closest(`[${CELL_ATTRIBUTE}]`) : null;
    if (cell && block.cells) {
      const range = block.cells[Number(cell.getAttribute(CELL_ATTRIBUTE))];
      if (!range) return null;
      if (node.nodeType === Node.TEXT_NODE) return range[0] + Math.min(offset, range[1] - range[0]);
      return offset === 0 ? range[0] : range[1];
    }
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
  if (!element || !block) return null;
  const part = partAt(element, block, offset);
  if (!part.text || part.text.nodeType !== Node.TEXT_NODE) return null;
  return { node: part.text, offset: Math.max(0, Math.min(offset - part.start, part.end - part.start)) };
}

/** Static ranges for [start, end) clipped to block `index`. StaticRange: the browser never updates it on DOM changes. */
export function staticRangeIn(blockElements: readonly HTMLElement[], blocks: readonly Block[], index: number, start: number, end: number): StaticRange | null {
  const block = blocks[index];
  const a = offsetToPoint(blockElements, blocks, index, Math.max(start, block.start));
  const b = offsetToPoint(blockElements, blocks, index, Math.min(end, block.end));
  if (!a || !b || (a.node === b.node && a.offset >= b.offset)) return null;
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
