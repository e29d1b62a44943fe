// Types of the reader benchmark's in-page code (scripts/bench/measure.mjs, recogito-page.js), for
// `tsc -p tsconfig.scripts.json`. Nothing here runs.

/** The variants the reader benchmark measures. */
export type Variant = 'plain-dom' | 'tiemark' | 'recogito-spans' | 'recogito-css';

/**
 * One highlight's part inside one block: [start, end) as offsets into the block's text, its colour
 * (index into `PageConfig.colors`) and its highlight's index (recogito's annotation `h<index>`).
 */
export type Piece = [a: number, z: number, color: number, h: number];

/** A piece placed: the block it is in, as the checks use it. */
export interface PlacedPiece {
  block: number;
  a: number;
  z: number;
  c: number;
  h: number;
}

export interface PageConfig {
  variant: Variant;
  n: number;
  colors: readonly string[];
  /** Pieces of the first blocks, by block index (enough for the first view), for the load check. */
  pieces: Piece[][];
  loadTimeoutMs: number;
}

export interface WaitResult {
  /** From t0 to the end of the first frame produced once the condition held; null on timeout. */
  ms: number | null;
  /** From t0 to when the condition was first seen to hold. */
  seenMs: number | null;
  timedOut: boolean;
  /** What noticed it: 'immediate', 'signal' (the tool's painted event or output mutation) or 'frame'. */
  how: string;
}

export interface BenchPage {
  cfg: PageConfig;
  /** True from the first requestAnimationFrame callback of a frame until that frame has been produced. */
  inFrame: boolean;
  /** The end of the next frame produced. */
  frame(): Promise<void>;
  /** The end of the current frame when called inside one, else of the next. */
  afterFrame(): Promise<void>;
  /** Whether the document's first blocks are there (Tiemark: the first screen rendered; static pages: parsed). */
  ready(): boolean;
  /** Whether the tool is still rendering the rest of the text (Tiemark: its article is aria-busy). */
  busy(): boolean;
  blocks(): HTMLElement[];
  /** The viewport's top and bottom in client coordinates. */
  band(): { top: number; bottom: number };
  /** The pieces with a line box inside [top, bottom] (client coordinates), 4 px in from each edge. */
  inView(top: number, bottom: number, pieces: Piece[][]): PlacedPiece[];
  /** What the tool has painted now, as a membership test. */
  present(): (p: PlacedPiece) => boolean;
  /** Keys of everything the tool has painted now (Tiemark: colour-layer ranges; recogito: annotation ids). */
  paintedKeys(): Set<string>;
  /** A block's key part for paintedKeys (Tiemark keys start with it). */
  keyBlock(key: string): number;
  onSignal(fn: () => void): () => void;
  waitUntil(cond: () => boolean, t0: number, timeoutMs: number): Promise<WaitResult>;
  nextSignal(t0: number, timeoutMs: number): Promise<WaitResult>;
  /** Every piece (all blocks), set before the interactions. */
  pieces?: Piece[][];
  paints: number;
  // Marks (ms since navigation start) and facts of the load.
  parsed?: number;
  painted?: number;
  loadDone?: boolean;
  loadTimedOut?: boolean;
  loadHow?: string;
  loadInView?: number;
  annotationsAdded?: number;
  unrevived?: number;
  // The add in progress.
  addBefore?: Set<string>;
  addBlock?: number;
  addWait?: Promise<WaitResult>;
}

/** The detail of Tiemark's `tiemark:painted` event (src/renderer/src/reader/painter.ts, PaintedDetail). */
export interface PaintedDetail {
  highlights: number;
  blocks: number;
  reason: string;
}

declare global {
  interface Window {
    __bench: BenchPage;
    // The import benchmark's marks (scripts/bench/import.mjs).
    __longTasks: number[];
    __importStart?: number;
    __importEnd?: number;
  }
  interface DocumentEventMap {
    'tiemark:painted': CustomEvent<PaintedDetail>;
  }
}
