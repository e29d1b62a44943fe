import { s, type Infer, type Schema } from './schema';
import {
  HIGHLIGHT_COLORS,
  type Highlight,
  type ImportReport,
  type ProjectInfo,
  type Source,
  type SourceSummary,
} from './types';

/**
 * The one interface between the UI and the backend. Each entry names a method, the schema its
 * arguments must satisfy, and (as a phantom type) what it returns. Both shells serve exactly
 * this table; `ResearchApi` below is derived from it, so a renamed method breaks the build.
 */
interface MethodSpec<A, R> {
  args: Schema<A>;
  /** Phantom: never read at run time. */
  readonly result?: R;
}

const method =
  <R>() =>
  <A>(args: Schema<A>): MethodSpec<A, R> => ({ args });

/** Largest file accepted by import, in bytes. Bigger files are refused before decoding. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
/** Base64 grows data by 4/3. */
const MAX_BASE64_CHARS = Math.ceil(MAX_IMPORT_BYTES / 3) * 4 + 4;

const id = s.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/, patternHint: 'is not a valid id' });
const offset = s.int({ min: 0, max: 2 ** 31 - 1 });
const color = s.literal(...HIGHLIGHT_COLORS);
const shortText = (max: number) => s.string({ max });

const metadataPatch = s.object({
  title: s.optional(s.string({ min: 1, max: 500 })),
  authors: s.optional(s.array(s.string({ min: 1, max: 200 }), { max: 50 })),
  outlet: s.optional(shortText(300)),
  publishedAt: s.optional(shortText(40)),
  url: s.optional(
    s.string({ max: 2000, pattern: /^(|https?:\/\/\S+)$/i, patternHint: 'must be empty or start with http:// or https://' }),
  ),
  language: s.optional(shortText(35)),
});

export const API_METHODS = {
  projectInfo: method<ProjectInfo>()(s.object({})),
  listSources: method<SourceSummary[]>()(s.object({})),
  getSource: method<Source>()(s.object({ id })),
  importFiles: method<ImportReport>()(
    s.object({
      files: s.array(
        s.object({
          name: s.string({ min: 1, max: 1000 }),
          dataBase64: s.string({ max: MAX_BASE64_CHARS, pattern: /^[A-Za-z0-9+/]*={0,2}$/, patternHint: 'is not valid base64 data' }),
        }),
        { min: 1, max: 1000 },
      ),
    }),
  ),
  importText: method<ImportReport>()(
    s.object({ text: s.string({ max: MAX_IMPORT_BYTES }), title: s.optional(s.string({ max: 500 })) }),
  ),
  updateSource: method<SourceSummary>()(s.object({ id, patch: metadataPatch })),
  deleteSource: method<{ deleted: true }>()(s.object({ id })),
  listHighlights: method<Highlight[]>()(s.object({ sourceId: id })),
  createHighlight: method<Highlight>()(
    s.object({ sourceId: id, start: offset, end: offset, color: s.optional(color) }),
  ),
  updateHighlight: method<Highlight>()(s.object({ id, color })),
  deleteHighlight: method<{ deleted: true }>()(s.object({ id })),
} as const;

export type ApiMethods = typeof API_METHODS;
export type MethodName = keyof ApiMethods;
export type ArgsOf<M extends MethodName> = Infer<ApiMethods[M]['args']>;
export type ResultOf<M extends MethodName> = NonNullable<ApiMethods[M]['result']>;
export type MetadataPatch = Infer<typeof metadataPatch>;

export const METHOD_NAMES = Object.keys(API_METHODS) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(API_METHODS, name);
}

/** What the renderer calls. Each method rejects with an ApiError on failure. */
export type ResearchApi = { [M in MethodName]: (args: ArgsOf<M>) => Promise<ResultOf<M>> };
