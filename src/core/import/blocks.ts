import type { Block, BlockKind, BlockLink, SourceMetadata } from '../../shared/types';
import { TABLE_CELL_SEPARATOR } from '../../shared/types';
import { snapOffset } from '../../shared/text';
import { trimBlock } from '../text/normalize';

/**
 * What every format's parser produces, and what a source stores: the normalized reading text,
 * its blocks with offsets into that text, and whatever metadata the file carries. The text is built here from the blocks (joined by a blank
 * line), so offsets and rendered blocks can never disagree.
 */
export interface ParsedDocument {
  text: string;
  blocks: Block[];
  metadata: Partial<SourceMetadata>;
  /**
   * Paged formats (PDF): the offset in `text` where each page begins, ascending, first 0. A
   * passage's page is the last entry at or before its start.
   */
  pageStarts?: number[];
}

/**
 * A block's content before it is placed: its text plus positions inside that text, relative to
 * it, which the builder turns into offsets of the stored text once it has trimmed and composed
 * the block. `links` become the block's links; `marks` are returned to the caller as offsets
 * of the stored text.
 */
export interface Inline {
  text: string;
  links?: Array<{ start: number; end: number; href: string }>;
  marks?: number[];
}

export const BLOCK_SEPARATOR = '\n\n';

type BlockExtra = Pick<Block, 'level' | 'ordered' | 'marker' | 'header' | 'label'>;

export class BlockBuilder {
  private parts: string[] = [];
  private size = 0;
  readonly blocks: Block[] = [];

  /**
   * Adds a block, trimmed (leading newlines, trailing whitespace) and composed to NFC; a block
   * that is blank after trimming is dropped (null). Returns the block and its marks as offsets
   * into the stored text.
   */
  add(kind: BlockKind, content: string | Inline, extra: BlockExtra = {}): { block: Block; marks: number[] } | null {
    const inline = typeof content === 'string' ? { text: content } : content;
    const placed = this.place(inline.text);
    if (!placed) return null;
    const { start, body, map } = placed;
    const block: Block = { kind, start, end: start + body.length, ...extra };
    const links: BlockLink[] = [];
    for (const link of inline.links ?? []) {
      const a = map(link.start);
      const b = map(link.end);
      if (b > a && link.href) links.push({ start: start + a, end: start + b, href: link.href });
    }
    if (links.length) block.links = links;
    this.blocks.push(block);
    return { block, marks: (inline.marks ?? []).map((m) => start + map(m)) };
  }

  /** A table row: cells joined by TABLE_CELL_SEPARATOR, each cell's range kept. Blank rows are dropped. */
  addRow(cells: Array<string | Inline>, header = false): Block | null {
    const inlines = cells.map((c) => (typeof c === 'string' ? { text: c } : c));
    const clean = inlines.map((c) => ({ ...c, text: c.text.replace(/\s+/g, ' ') }));
    if (!clean.some((c) => c.text.trim())) return null;
    // Each cell is trimmed and composed on its own so its range is exact; empty cells keep a place.
    let text = '';
    const ranges: Array<[number, number]> = [];
    const links: NonNullable<Inline['links']> = [];
    clean.forEach((cell, i) => {
      if (i > 0) text += TABLE_CELL_SEPARATOR;
      const lead = cell.text.length - cell.text.trimStart().length;
      const body = cell.text.trim().normalize('NFC');
      ranges.push([text.length, text.length + body.length]);
      for (const l of cell.links ?? []) {
        const a = Math.min(body.length, Math.max(0, l.start - lead));
        const b = Math.min(body.length, Math.max(0, l.end - lead));
        if (b > a) links.push({ start: text.length + a, end: text.length + b, href: l.href });
      }
      text += body;
    });
    const placed = this.add('table-row', { text, links }, header ? { header: true } : {});
    if (!placed) return null;
    // `text` has no leading newline or trailing blank (cells are trimmed), so the ranges hold.
    const offset = placed.block.start;
    const end = placed.block.end;
    placed.block.cells = ranges.map(([a, b]) => [Math.min(offset + a, end), Math.min(offset + b, end)]);
    return placed.block;
  }

  get length(): number {
    return this.size;
  }

  get text(): string {
    return this.parts.join('');
  }

  document(metadata: Partial<SourceMetadata>): ParsedDocument {
    return { text: this.text, blocks: this.blocks, metadata };
  }

  private place(raw: string): { start: number; body: string; map: (relative: number) => number } | null {
    const trimmed = trimBlock(raw);
    // Entities and stripped markup can leave decomposed sequences ("e&#x301;"): compose each
    // block so the stored text stays NFC. A block never composes with the "\n\n" around it.
    const body = trimmed.normalize('NFC');
    if (!body.trim()) return null;
    if (this.parts.length > 0) {
      this.parts.push(BLOCK_SEPARATOR);
      this.size += BLOCK_SEPARATOR.length;
    }
    const start = this.size;
    this.parts.push(body);
    this.size += body.length;
    const lead = raw.length - raw.replace(/^\n+/, '').length;
    const composes = body.length !== trimmed.length;
    const map = (relative: number): number => {
      const inTrimmed = Math.min(Math.max(0, relative - lead), trimmed.length);
      const inBody = composes ? trimmed.slice(0, inTrimmed).normalize('NFC').length : inTrimmed;
      return snapOffset(body, Math.min(inBody, body.length), -1);
    };
    return { start, body, map };
  }
}
