// @vitest-environment happy-dom
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TABLE_CELL_SEPARATOR, type Block } from '../../../shared/types';
import { BLOCK_ATTRIBUTE, CELL_ATTRIBUTE, offsetToPoint, pointToOffset, selectionToRange, staticRangeIn } from './offsets';

/**
 * The DOM side of offsets.ts against a real DOM implementation (happy-dom), laid out as
 * Reader.tsx renders a source: one element per block holding one text node, list items inside a
 * list, table rows drawn as cells without the stored " | " separators.
 */

beforeAll(() => {
  // happy-dom has Range but not StaticRange. This stand-in only records the constructor's
  // boundary points, as StaticRange does (it never validates or tracks them); the tests read the
  // points back through a real Range.
  if (typeof globalThis.StaticRange === 'undefined') {
    class RecordedStaticRange {
      readonly startContainer: Node;
      readonly startOffset: number;
      readonly endContainer: Node;
      readonly endOffset: number;
      constructor(init: StaticRangeInit) {
        this.startContainer = init.startContainer;
        this.startOffset = init.startOffset;
        this.endContainer = init.endContainer;
        this.endOffset = init.endOffset;
      }
      get collapsed(): boolean {
        return this.startContainer === this.endContainer && this.startOffset === this.endOffset;
      }
    }
    (globalThis as { StaticRange?: unknown }).StaticRange = RecordedStaticRange;
  }
});

const TITLE = 'Uneasy Allies';
const PARAGRAPH = 'Flag 🇱🇧 and حزب الله (Hezbollah) met in 2013.';
const ITEM = 'Liwa’ al-Quds recruited in Neirab.';
const CELLS = ['Actor', 'حزب الله', 'Role 🚀'];

interface Fixture {
  text: string;
  blocks: Block[];
  container: HTMLElement;
  elements: HTMLElement[];
}

/** A source with a heading, a paragraph, a list item and a table row, rendered into the document. */
function render(): Fixture {
  const parts: Array<{ kind: Block['kind']; text: string; cells?: string[] }> = [
    { kind: 'heading', text: TITLE },
    { kind: 'paragraph', text: PARAGRAPH },
    { kind: 'list-item', text: ITEM },
    { kind: 'table-row', text: CELLS.join(TABLE_CELL_SEPARATOR), cells: CELLS },
  ];
  const blocks: Block[] = [];
  let at = 0;
  for (const part of parts) {
    const block: Block = { kind: part.kind, start: at, end: at + part.text.length };
    if (part.cells) {
      let cellAt = at;
      block.cells = part.cells.map((cell) => {
        const range: [number, number] = [cellAt, cellAt + cell.length];
        cellAt += cell.length + TABLE_CELL_SEPARATOR.length;
        return range;
      });
    }
    blocks.push(block);
    at = block.end + 2;
  }
  const text = parts.map((p) => p.text).join('\n\n');

  document.body.innerHTML = '';
  const container = document.createElement('article');
  const mark = (el: HTMLElement, index: number) => {
    el.setAttribute(BLOCK_ATTRIBUTE, String(index));
    return el;
  };
  const h1 = mark(document.createElement('h1'), 0);
  h1.textContent = TITLE;
  const p = mark(document.createElement('p'), 1);
  p.textContent = PARAGRAPH;
  const ul = document.createElement('ul');
  const li = mark(document.createElement('li'), 2);
  li.textContent = ITEM;
  ul.append(li);
  const table = document.createElement('table');
  const tbody = document.createElement('tbody');
  const tr = mark(document.createElement('tr'), 3);
  CELLS.forEach((cell, k) => {
    const td = document.createElement('td');
    td.setAttribute(CELL_ATTRIBUTE, String(k));
    td.textContent = cell;
    tr.append(td);
  });
  tbody.append(tr);
  table.append(tbody);
  container.append(h1, p, ul, table);
  document.body.append(container);
  return { text, blocks, container, elements: [h1, p, li, tr] };
}

const textNode = (el: Element): Text => el.firstChild as Text;
const cell = (f: Fixture, k: number): HTMLElement => f.elements[3].querySelector<HTMLElement>(`[${CELL_ATTRIBUTE}="${k}"]`)!;

/** The text a static range covers, read through a live Range over the same points. */
function rangeText(range: StaticRange): string {
  const live = document.createRange();
  live.setStart(range.startContainer, range.startOffset);
  live.setEnd(range.endContainer, range.endOffset);
  return live.toString();
}

let f: Fixture;
beforeEach(() => {
  f = render();
});

describe('the fixture', () => {
  it('shows exactly the stored text of each block, and of each cell', () => {
    f.blocks.forEach((block, i) => {
      if (!block.cells) expect(f.elements[i].textContent).toBe(f.text.slice(block.start, block.end));
    });
    f.blocks[3].cells!.forEach(([start, end], k) => expect(cell(f, k).textContent).toBe(f.text.slice(start, end)));
  });
});

describe('pointToOffset', () => {
  it('maps a point in a block’s text node to block start + offset', () => {
    expect(pointToOffset(f.blocks, f.container, textNode(f.elements[0]), 0)).toBe(0);
    expect(pointToOffset(f.blocks, f.container, textNode(f.elements[0]), TITLE.length)).toBe(TITLE.length);
    const p = f.blocks[1];
    const at = PARAGRAPH.indexOf('حزب');
    expect(pointToOffset(f.blocks, f.container, textNode(f.elements[1]), at)).toBe(p.start + at);
    expect(f.text.slice(p.start + at, p.start + at + 'حزب الله'.length)).toBe('حزب الله');
  });

  it('counts UTF-16 code units: after a flag emoji the offset has moved by 4', () => {
    const before = PARAGRAPH.indexOf('🇱🇧');
    const p = f.blocks[1];
    const a = pointToOffset(f.blocks, f.container, textNode(f.elements[1]), before)!;
    const b = pointToOffset(f.blocks, f.container, textNode(f.elements[1]), before + 4)!;
    expect(b - a).toBe(4);
    expect(f.text.slice(a, b)).toBe('🇱🇧');
    expect(a).toBe(p.start + before);
  });

  it('clamps an offset past the end of the text node to the block end', () => {
    expect(pointToOffset(f.blocks, f.container, textNode(f.elements[2]), ITEM.length + 10)).toBe(f.blocks[2].end);
  });

  it('maps an element point inside a block to its start (offset 0) or its end', () => {
    expect(pointToOffset(f.blocks, f.container, f.elements[1], 0)).toBe(f.blocks[1].start);
    expect(pointToOffset(f.blocks, f.container, f.elements[1], 1)).toBe(f.blocks[1].end);
  });

  it('maps a point in a table cell through the cell’s own range', () => {
    const [c1start, c1end] = f.blocks[3].cells![1];
    expect(pointToOffset(f.blocks, f.container, textNode(cell(f, 1)), 0)).toBe(c1start);
    expect(pointToOffset(f.blocks, f.container, textNode(cell(f, 1)), 3)).toBe(c1start + 3);
    // Clamped to the cell, never running into the separator.
    expect(pointToOffset(f.blocks, f.container, textNode(cell(f, 1)), 99)).toBe(c1end);
    // The cell element itself: before or after its text.
    expect(pointToOffset(f.blocks, f.container, cell(f, 2), 0)).toBe(f.blocks[3].cells![2][0]);
    expect(pointToOffset(f.blocks, f.container, cell(f, 2), 1)).toBe(f.blocks[3].cells![2][1]);
  });

  it('maps a point between blocks to the start of the next block, or the end of the text after the last', () => {
    // Container child 2 is the <ul> holding block 2.
    expect(pointToOffset(f.blocks, f.container, f.container, 2)).toBe(f.blocks[2].start);
    expect(pointToOffset(f.blocks, f.container, f.container, 0)).toBe(f.blocks[0].start);
    expect(pointToOffset(f.blocks, f.container, f.container, f.container.childNodes.length)).toBe(f.blocks[3].end);
    // Inside the list wrapper, before its item.
    const ul = f.elements[2].parentElement!;
    expect(pointToOffset(f.blocks, f.container, ul, 0)).toBe(f.blocks[2].start);
  });

  it('answers null outside the reader and for a block the source does not have', () => {
    const outside = document.createElement('p');
    outside.textContent = 'elsewhere';
    document.body.append(outside);
    expect(pointToOffset(f.blocks, f.container, outside.firstChild!, 2)).toBeNull();
    expect(pointToOffset(f.blocks, f.container, document.body, 0)).toBeNull();
    const stray = document.createElement('p');
    stray.setAttribute(BLOCK_ATTRIBUTE, '9');
    stray.textContent = 'not a block of this source';
    f.container.append(stray);
    expect(pointToOffset(f.blocks, f.container, stray.firstChild!, 1)).toBeNull();
  });

  it('answers null for an empty source when the point is between blocks', () => {
    const empty = document.createElement('article');
    document.body.append(empty);
    expect(pointToOffset([], empty, empty, 0)).toBeNull();
  });
});

describe('selectionToRange', () => {
  const select = (startNode: Node, startOffset: number, endNode: Node, endOffset: number): Selection => {
    const selection = document.getSelection()!;
    selection.removeAllRanges();
    const range = document.createRange();
    range.setStart(startNode, startOffset);
    range.setEnd(endNode, endOffset);
    selection.addRange(range);
    return selection;
  };

  it('gives [start, end) of a selection inside one block', () => {
    const at = PARAGRAPH.indexOf('حزب الله');
    const selection = select(textNode(f.elements[1]), at, textNode(f.elements[1]), at + 'حزب الله'.length);
    const range = selectionToRange(f.blocks, f.container, selection)!;
    expect(f.text.slice(range.start, range.end)).toBe('حزب الله');
  });

  it('spans blocks, including the separators between them', () => {
    const selection = select(textNode(f.elements[0]), 7, textNode(f.elements[2]), 5);
    const range = selectionToRange(f.blocks, f.container, selection)!;
    expect(range).toEqual({ start: 7, end: f.blocks[2].start + 5 });
    expect(f.text.slice(range.start, range.end)).toBe(`Allies\n\n${PARAGRAPH}\n\nLiwa’`);
  });

  it('spans table cells, keeping the stored separator between them', () => {
    const selection = select(textNode(cell(f, 0)), 2, textNode(cell(f, 2)), 4);
    const range = selectionToRange(f.blocks, f.container, selection)!;
    expect(f.text.slice(range.start, range.end)).toBe('tor | حزب الله | Role');
  });

  it('is null for no selection, a collapsed one, or one outside the reader', () => {
    expect(selectionToRange(f.blocks, f.container, null)).toBeNull();
    document.getSelection()!.removeAllRanges();
    expect(selectionToRange(f.blocks, f.container, document.getSelection())).toBeNull();
    expect(selectionToRange(f.blocks, f.container, select(textNode(f.elements[1]), 3, textNode(f.elements[1]), 3))).toBeNull();
    const outside = document.createElement('p');
    outside.textContent = 'elsewhere in the page';
    document.body.append(outside);
    expect(selectionToRange(f.blocks, f.container, select(outside.firstChild!, 0, outside.firstChild!, 5))).toBeNull();
    // Starting outside the reader and ending inside it is not a reader selection either.
    expect(selectionToRange(f.blocks, f.container, select(outside.firstChild!, 0, textNode(f.elements[1]), 4))).toBeNull();
  });
});

describe('offsetToPoint', () => {
  it('gives the block’s text node and the offset inside it', () => {
    const at = f.blocks[1].start + PARAGRAPH.indexOf('🇱🇧');
    const point = offsetToPoint(f.elements, f.blocks, 1, at)!;
    expect(point.node).toBe(textNode(f.elements[1]));
    expect(point.offset).toBe(PARAGRAPH.indexOf('🇱🇧'));
  });

  it('clamps to the block: an offset before it is 0, one after it is the length', () => {
    expect(offsetToPoint(f.elements, f.blocks, 2, 0)!.offset).toBe(0);
    expect(offsetToPoint(f.elements, f.blocks, 2, 10_000)!.offset).toBe(ITEM.length);
  });

  it('goes to the cell holding the offset; an offset in a separator goes to the next cell', () => {
    const [c0, c1, c2] = f.blocks[3].cells!;
    expect(offsetToPoint(f.elements, f.blocks, 3, c0[0] + 2)).toEqual({ node: textNode(cell(f, 0)), offset: 2 });
    // A cell's end is still that cell (a range ending there stays inside it).
    expect(offsetToPoint(f.elements, f.blocks, 3, c0[1])).toEqual({ node: textNode(cell(f, 0)), offset: c0[1] - c0[0] });
    expect(offsetToPoint(f.elements, f.blocks, 3, c0[1] + 1)).toEqual({ node: textNode(cell(f, 1)), offset: 0 });
    expect(offsetToPoint(f.elements, f.blocks, 3, c1[0] + 3)).toEqual({ node: textNode(cell(f, 1)), offset: 3 });
    expect(offsetToPoint(f.elements, f.blocks, 3, c2[1])).toEqual({ node: textNode(cell(f, 2)), offset: c2[1] - c2[0] });
  });

  it('is null for a block index out of range or a block element without text', () => {
    expect(offsetToPoint(f.elements, f.blocks, 4, 0)).toBeNull();
    expect(offsetToPoint(f.elements, f.blocks, -1, 0)).toBeNull();
    f.elements[0].textContent = '';
    expect(offsetToPoint(f.elements, f.blocks, 0, 0)).toBeNull();
  });

  it('round-trips with pointToOffset for every offset of every plain block', () => {
    f.blocks.forEach((block, i) => {
      if (block.cells) return;
      for (let at = block.start; at <= block.end; at++) {
        const point = offsetToPoint(f.elements, f.blocks, i, at)!;
        expect(pointToOffset(f.blocks, f.container, point.node, point.offset)).toBe(at);
      }
    });
  });
});

describe('staticRangeIn', () => {
  it('covers exactly the passage inside one block (Arabic, emoji)', () => {
    for (const passage of ['حزب الله', '🇱🇧', 'Flag 🇱🇧 and', PARAGRAPH]) {
      const start = f.text.indexOf(passage);
      const range = staticRangeIn(f.elements, f.blocks, 1, start, start + passage.length)!;
      expect(range.startContainer).toBe(textNode(f.elements[1]));
      expect(rangeText(range)).toBe(passage);
    }
  });

  it('clips a passage running over several blocks to the block asked for', () => {
    const start = f.blocks[0].start + 7;
    const end = f.blocks[2].start + 5;
    expect(rangeText(staticRangeIn(f.elements, f.blocks, 0, start, end)!)).toBe('Allies');
    expect(rangeText(staticRangeIn(f.elements, f.blocks, 1, start, end)!)).toBe(PARAGRAPH);
    expect(rangeText(staticRangeIn(f.elements, f.blocks, 2, start, end)!)).toBe('Liwa’');
  });

  it('is null when the passage does not reach into the block, or is empty', () => {
    const b = f.blocks[1];
    expect(staticRangeIn(f.elements, f.blocks, 1, 0, b.start)).toBeNull();
    expect(staticRangeIn(f.elements, f.blocks, 1, b.end, b.end + 5)).toBeNull();
    expect(staticRangeIn(f.elements, f.blocks, 1, b.start + 3, b.start + 3)).toBeNull();
  });

  it('crosses table cells from one cell’s text to another’s', () => {
    const [c0, , c2] = f.blocks[3].cells!;
    const range = staticRangeIn(f.elements, f.blocks, 3, c0[0] + 2, c2[0] + 4)!;
    expect(range.startContainer).toBe(textNode(cell(f, 0)));
    expect(range.endContainer).toBe(textNode(cell(f, 2)));
    // The separators are not drawn, so the painted text runs cell to cell.
    expect(rangeText(range)).toBe('torحزب اللهRole');
  });

  it('covers one whole cell whose text is right to left', () => {
    const [start, end] = f.blocks[3].cells![1];
    const range = staticRangeIn(f.elements, f.blocks, 3, start, end)!;
    expect(range.startContainer).toBe(textNode(cell(f, 1)));
    expect(range.endContainer).toBe(textNode(cell(f, 1)));
    expect(rangeText(range)).toBe('حزب الله');
  });

  it('is null when a passage lies wholly in the separator between two cells', () => {
    const [c0] = f.blocks[3].cells!;
    // [c0.end + 1, c0.end + 2) is inside " | ": both ends map to the start of the next cell.
    expect(staticRangeIn(f.elements, f.blocks, 3, c0[1] + 1, c0[1] + 2)).toBeNull();
  });
});
