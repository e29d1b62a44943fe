import { $createLinkNode, $isAutoLinkNode, $isLinkNode, $toggleLink, AutoLinkNode, LinkNode } from '@lexical/link';
import { $isListNode, INSERT_ORDERED_LIST_COMMAND, INSERT_UNORDERED_LIST_COMMAND, ListItemNode, ListNode, REMOVE_LIST_COMMAND } from '@lexical/list';
import { CHECK_LIST, HIGHLIGHT, LINK, TRANSFORMERS, type Transformer } from '@lexical/markdown';
import { AutoLinkPlugin, createLinkMatcherWithRegExp } from '@lexical/react/LexicalAutoLinkPlugin';
import { AutoFocusPlugin } from '@lexical/react/LexicalAutoFocusPlugin';
import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { HistoryPlugin } from '@lexical/react/LexicalHistoryPlugin';
import { LinkPlugin } from '@lexical/react/LexicalLinkPlugin';
import { ListPlugin } from '@lexical/react/LexicalListPlugin';
import { MarkdownShortcutPlugin } from '@lexical/react/LexicalMarkdownShortcutPlugin';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { $createQuoteNode, $isQuoteNode, HeadingNode, QuoteNode } from '@lexical/rich-text';
import {
  $createParagraphNode,
  $createTextNode,
  $findMatchingParent,
  $getRoot,
  $getSelection,
  $isDecoratorNode,
  $isElementNode,
  $isRangeSelection,
  $isRootNode,
  $setSelection,
  BLUR_COMMAND,
  COMMAND_PRIORITY_LOW,
  createEditor,
  FORMAT_TEXT_COMMAND,
  KEY_ESCAPE_COMMAND,
  mergeRegister,
  type BaseSelection,
  type EditorThemeClasses,
  type ElementNode,
  type Klass,
  type LexicalNode,
} from 'lexical';
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { NoteSaver, type SaveStatus } from './noteSaver';
import { openEditors } from './openEditors';

export interface NoteEditorProps {
  highlightId: string;
  /** Stored Lexical JSON, or null for a new note. */
  initialContent: string | null;
  /** Persist; called debounced while typing and flushed on blur/unmount/page hide. */
  onSave(content: string, plainText: string): Promise<void>;
  /** Escape or "Done": leave the editor (after flushing). */
  onClose(): void;
}

/** Every node a note may contain; the Markdown export reads the same set. */
const NOTE_NODES = [HeadingNode, QuoteNode, ListNode, ListItemNode, LinkNode, AutoLinkNode];

/**
 * Markdown typed as you write (Lexical's own shortcuts): `**bold**`, `*italic*`, `~~struck~~`,
 * `` `code` ``, `- ` or `* ` for a bulleted list, `1. ` for a numbered one, `> ` for a quotation,
 * `# ` for a heading. Only those whose nodes a note registers (NOTE_NODES; no code block, no
 * horizontal rule), and not: check lists (no check-list plugin here), `==highlight==` (no
 * Markdown form in the export, src/core/export/lexical-markdown.ts), nor `[text](url)` links,
 * which would bypass the link field's check of the address (isSafeUrl below).
 */
const NOTE_SHORTCUTS: Transformer[] = (() => {
  const registered = new Set<Klass<LexicalNode>>(NOTE_NODES);
  const left = new Set<Transformer>([CHECK_LIST, HIGHLIGHT, LINK]);
  return TRANSFORMERS.filter((t) => !left.has(t) && (!('dependencies' in t) || t.dependencies.every((node) => registered.has(node))));
})();

const THEME: EditorThemeClasses = {
  paragraph: 'note-p',
  quote: 'note-quote',
  heading: { h1: 'note-h', h2: 'note-h', h3: 'note-h', h4: 'note-h', h5: 'note-h', h6: 'note-h' },
  list: {
    ul: 'note-ul',
    ol: 'note-ol',
    listitem: 'note-li',
    nested: { listitem: 'note-li-nested' },
  },
  link: 'note-link',
  text: { bold: 'note-bold', italic: 'note-italic', underline: 'note-underline', strikethrough: 'note-strike', code: 'note-code' },
};

/** Links may only point to the web or an e-mail address. */
export function isSafeUrl(url: string): boolean {
  if (!/^(https?:\/\/|mailto:)/i.test(url)) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'mailto:' ? parsed.pathname.length > 0 : parsed.hostname.length > 0;
  } catch {
    return false;
  }
}

/** What the user typed into the link field, made into a safe URL ("example.org" → https://…), or null. */
export function normalizeUrl(raw: string): string | null {
  const text = raw.trim();
  if (!text) return null;
  let url = text;
  if (/^[^\s@/:]+@[^\s@/]+\.[^\s@/]+$/.test(text)) url = `mailto:${text}`;
  else if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) url = `https://${text}`;
  return isSafeUrl(url) ? url : null;
}

const URL_MATCHER = createLinkMatcherWithRegExp(/\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/i);
const EMAIL_MATCHER = createLinkMatcherWithRegExp(
  /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b/i,
  (text) => `mailto:${text}`,
);
const AUTO_LINK_MATCHERS = [URL_MATCHER, EMAIL_MATCHER];

/** The stored JSON if Lexical can load it into a usable document; otherwise undefined (start empty). */
function loadable(content: string | null): string | undefined {
  if (!content) return undefined;
  try {
    const probe = createEditor({
      namespace: 'tiemark-note-probe',
      nodes: NOTE_NODES,
      onError: (error) => {
        throw error;
      },
    });
    const state = probe.parseEditorState(content);
    const ok = state.read(() => {
      const children = $getRoot().getChildren();
      return children.length > 0 && children.every((c) => $isElementNode(c) || $isDecoratorNode(c));
    });
    return ok ? content : undefined;
  } catch {
    return undefined;
  }
}

const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = IS_MAC ? '⌘' : 'Ctrl+';

/**
 * A rich-text note on a highlight (Lexical): paragraphs, bold, italic, lists, quotations and
 * links. Saved as the user types (debounced) and flushed on blur, close, unmount and page hide.
 */
export function NoteEditor({ highlightId, initialContent, onSave, onClose }: NoteEditorProps) {
  const [initialConfig] = useState<InitialConfigType>(() => ({
    namespace: `tiemark-note-${highlightId}`,
    nodes: NOTE_NODES,
    theme: THEME,
    editorState: loadable(initialContent),
    onError: (error: Error) => {
      console.error('Note editor:', error);
    },
  }));
  // Give focus back to where it was (the highlight, a button) when the note closes, unless the
  // user has since put it somewhere else. Deferred until the editor has left the document.
  useLayoutEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return () => {
      queueMicrotask(() => {
        const now = document.activeElement;
        if ((!now || now === document.body) && previous?.isConnected && previous !== document.body) previous.focus({ preventScroll: true });
      });
    };
  }, []);
  return (
    <LexicalComposer initialConfig={initialConfig}>
      <NoteBody highlightId={highlightId} onSave={onSave} onClose={onClose} />
    </LexicalComposer>
  );
}

interface Formats {
  bold: boolean;
  italic: boolean;
  list: 'bullet' | 'number' | 'check' | null;
  quote: boolean;
  link: boolean;
}
const NO_FORMATS: Formats = { bold: false, italic: false, list: null, quote: false, link: false };

function $readFormats(): Formats {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return NO_FORMATS;
  const anchor = selection.anchor.getNode();
  const list = $findMatchingParent(anchor, $isListNode);
  const top = $isRootNode(anchor) ? null : anchor.getTopLevelElement();
  return {
    bold: selection.hasFormat('bold'),
    italic: selection.hasFormat('italic'),
    list: list ? list.getListType() : null,
    quote: $isQuoteNode(top),
    link: $findMatchingParent(anchor, $isLinkNode) !== null,
  };
}

/** Turns the selected blocks into a quotation, or back into paragraphs when all are quotes. */
function $toggleQuote(): void {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return;
  const blocks = new Map<string, ElementNode>();
  for (const node of [selection.anchor.getNode(), ...selection.getNodes(), selection.focus.getNode()]) {
    const top = $isRootNode(node) ? null : node.getTopLevelElement();
    if ($isElementNode(top)) blocks.set(top.getKey(), top);
  }
  const all = [...blocks.values()];
  const unquote = all.length > 0 && all.every($isQuoteNode);
  for (const block of all) {
    if (unquote) block.replace($createParagraphNode(), true);
    else if (!$isQuoteNode(block) && !$isListNode(block)) block.replace($createQuoteNode(), true);
  }
}

function NoteBody({ highlightId, onSave, onClose }: Pick<NoteEditorProps, 'highlightId' | 'onSave' | 'onClose'>) {
  const [editor] = useLexicalComposerContext();
  const [status, setStatus] = useState<{ status: SaveStatus; error?: string }>({ status: 'idle' });
  const [formats, setFormats] = useState<Formats>(NO_FORMATS);
  const [linkDraft, setLinkDraft] = useState<string | null>(null);
  const [linkError, setLinkError] = useState<string | null>(null);
  const savedSelection = useRef<BaseSelection | null>(null);
  const latest = useRef({ onSave, onClose });
  useLayoutEffect(() => {
    latest.current = { onSave, onClose };
  });
  const [saver] = useState(
    () =>
      new NoteSaver(
        editor,
        () => (content, plain) => latest.current.onSave(content, plain),
        (next, error) => setStatus({ status: next, error }),
      ),
  );

  /** Saves what is pending, then leaves, unless the save failed (the editor stays open with the error). */
  const done = async () => {
    if (await saver.flush()) latest.current.onClose();
  };

  // Saving: changes of content (not mere selection moves) schedule a save; blur, page hide and
  // unmount flush it. The loaded content is the baseline, so opening a note never writes it.
  useEffect(() => {
    saver.baseline();
    const flush = () => void saver.flush();
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onVisibility);
    const entry = { flush: () => saver.flush(), shown: () => JSON.stringify(editor.getEditorState().toJSON()) };
    openEditors.set(highlightId, entry);
    const unregister = mergeRegister(
      editor.registerUpdateListener(({ dirtyElements, dirtyLeaves }) => {
        if (dirtyElements.size > 0 || dirtyLeaves.size > 0) saver.changed();
      }),
      editor.registerCommand(
        BLUR_COMMAND,
        () => {
          flush();
          return false;
        },
        COMMAND_PRIORITY_LOW,
      ),
    );
    return () => {
      if (openEditors.get(highlightId) === entry) openEditors.delete(highlightId);
      unregister();
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onVisibility);
      flush();
    };
  }, [editor, saver, highlightId]);

  // Toolbar state follows the selection.
  useEffect(
    () =>
      editor.registerUpdateListener(({ editorState }) => {
        const next = editorState.read($readFormats, { editor });
        setFormats((prev) => (Object.keys(next) as Array<keyof Formats>).every((k) => prev[k] === next[k]) ? prev : next);
      }),
    [editor],
  );

  // Escape in the text leaves the note (Lexical menus, when any, take Escape first).
  useEffect(
    () =>
      editor.registerCommand(
        KEY_ESCAPE_COMMAND,
        (event) => {
          event?.preventDefault();
          event?.stopPropagation();
          void done();
          return true;
        },
        COMMAND_PRIORITY_LOW,
      ),
    // `done` reads only stable objects (saver, refs).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [editor],
  );

  const focusEditor = () => editor.focus();

  const toggleList = (type: 'bullet' | 'number') => {
    if (formats.list === type) editor.dispatchCommand(REMOVE_LIST_COMMAND, undefined);
    else editor.dispatchCommand(type === 'bullet' ? INSERT_UNORDERED_LIST_COMMAND : INSERT_ORDERED_LIST_COMMAND, undefined);
    focusEditor();
  };

  const startLink = () => {
    if (formats.link) {
      editor.update(() => {
        $toggleLink(null);
        // A link made automatically from a typed URL stays plain text once unlinked.
        const selection = $getSelection();
        if ($isRangeSelection(selection)) $findMatchingParent(selection.anchor.getNode(), $isAutoLinkNode)?.setIsUnlinked(true);
      });
      focusEditor();
      return;
    }
    savedSelection.current = editor.getEditorState().read(() => $getSelection()?.clone() ?? null);
    setLinkError(null);
    setLinkDraft('');
  };

  const applyLink = () => {
    const typed = (linkDraft ?? '').trim();
    const url = normalizeUrl(typed);
    if (!url) {
      setLinkError('Enter a web address (https://…) or an e-mail address.');
      return;
    }
    const saved = savedSelection.current;
    editor.update(() => {
      if (saved) $setSelection(saved.clone());
      let selection = $getSelection();
      if (!$isRangeSelection(selection)) {
        $getRoot().selectEnd();
        selection = $getSelection();
      }
      if (!$isRangeSelection(selection)) return;
      if (selection.isCollapsed()) selection.insertNodes([$createLinkNode(url).append($createTextNode(typed))]);
      else $toggleLink(url);
    });
    setLinkDraft(null);
    focusEditor();
  };

  const cancelLink = () => {
    setLinkDraft(null);
    setLinkError(null);
    focusEditor();
  };

  // Escape outside the text (toolbar, link field, Done) also leaves, after closing the link field.
  // Plain keys stay inside the note: the app's single-key shortcuts (Delete, h, a, t, n…) must
  // not act on the highlight while the user works in the note's toolbar or link field.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if ((IS_MAC ? event.metaKey : event.ctrlKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') {
      event.preventDefault();
      startLink();
      return;
    }
    if (!event.ctrlKey && !event.metaKey && !event.altKey) event.stopPropagation();
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    if ((event.target as HTMLElement).isContentEditable) return; // Lexical handles it
    event.preventDefault();
    event.stopPropagation();
    if (linkDraft !== null) cancelLink();
    else void done();
  };

  const statusText = status.status === 'saving' ? 'Saving…' : status.status === 'saved' ? 'Saved' : status.status === 'error' ? 'Not saved' : '';

  const tools: Array<{ key: string; label: string; title: string; pressed: boolean; icon: ReactNode; run(): void }> = [
    { key: 'bold', label: 'Bold', title: `Bold (${MOD}B)`, pressed: formats.bold, icon: <b>B</b>, run: () => editor.dispatchCommand(FORMAT_TEXT_COMMAND, 'bold') },
    { key: 'italic', label: 'Italic', title: `Italic (${MOD}I)`, pressed: formats.italic, icon: <i>I</i>, run: () => editor.dispatchCommand(FORMAT_TEXT_COMMAND, 'italic') },
    { key: 'bullet', label: 'Bulleted list', title: 'Bulleted list', pressed: formats.list === 'bullet', icon: <BulletIcon />, run: () => toggleList('bullet') },
    { key: 'number', label: 'Numbered list', title: 'Numbered list', pressed: formats.list === 'number', icon: <NumberIcon />, run: () => toggleList('number') },
    {
      key: 'quote',
      label: 'Quote',
      title: 'Quotation',
      pressed: formats.quote,
      icon: <QuoteIcon />,
      run: () => {
        editor.update($toggleQuote);
        focusEditor();
      },
    },
    { key: 'link', label: 'Link', title: formats.link ? `Remove link (${MOD}K)` : `Link (${MOD}K)`, pressed: formats.link || linkDraft !== null, icon: <LinkIcon />, run: startLink },
  ];

  return (
    <div className="note-editor" onKeyDown={onKeyDown}>
      <div className="note-bar">
        <Toolbar tools={tools} />
        <span className={`note-status${status.status === 'error' ? ' note-status-error' : ''}`} role="status" aria-live="polite">
          {statusText}
        </span>
        <button type="button" className="note-done" onClick={() => void done()} title="Done (Esc)">
          Done
        </button>
      </div>
      {status.status === 'error' && (
        <p className="note-error" role="alert">
          Not saved: {status.error ?? 'unknown error'} Your text is kept here; Tiemark tries again when you type, leave the note or press Done.
        </p>
      )}
      {linkDraft !== null && (
        <div className="note-link-bar" role="group" aria-label="Add link">
          <input
            type="url"
            aria-label="Link address"
            placeholder="https://… or name@example.org"
            value={linkDraft}
            autoFocus
            aria-invalid={linkError ? true : undefined}
            aria-describedby={linkError ? 'note-link-error' : undefined}
            onChange={(e) => {
              setLinkDraft(e.target.value);
              setLinkError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                applyLink();
              }
            }}
          />
          <button type="button" onClick={applyLink}>
            Add link
          </button>
          <button type="button" onClick={cancelLink}>
            Cancel
          </button>
          {linkError && (
            <span id="note-link-error" className="note-link-error" role="alert">
              {linkError}
            </span>
          )}
        </div>
      )}
      <div className="note-surface">
        <RichTextPlugin
          contentEditable={
            <ContentEditable
              className="note-content"
              aria-label="Note"
              aria-multiline
              spellCheck
              aria-placeholder="Write a note… (Esc when done)"
              placeholder={<div className="note-placeholder">Write a note… (Esc when done)</div>}
            />
          }
          ErrorBoundary={LexicalErrorBoundary}
        />
      </div>
      <HistoryPlugin />
      <ListPlugin />
      <MarkdownShortcutPlugin transformers={NOTE_SHORTCUTS} />
      <LinkPlugin validateUrl={isSafeUrl} />
      <AutoLinkPlugin matchers={AUTO_LINK_MATCHERS} />
      <AutoFocusPlugin defaultSelection="rootEnd" />
    </div>
  );
}

/** A toolbar with one tab stop; Left/Right (and Home/End) move between its buttons. */
function Toolbar({ tools }: { tools: Array<{ key: string; label: string; title: string; pressed: boolean; icon: ReactNode; run(): void }> }) {
  const [focused, setFocused] = useState(0);
  const ref = useRef<HTMLDivElement>(null);
  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = Array.from(ref.current?.querySelectorAll<HTMLButtonElement>('button') ?? []);
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    let next = -1;
    if (event.key === 'ArrowRight') next = (at + 1) % buttons.length;
    else if (event.key === 'ArrowLeft') next = (at - 1 + buttons.length) % buttons.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = buttons.length - 1;
    if (next < 0 || at < 0) return;
    event.preventDefault();
    buttons[next].focus();
  };
  return (
    <div ref={ref} className="note-toolbar" role="toolbar" aria-label="Formatting" onKeyDown={move}>
      {tools.map((t, i) => (
        <button
          key={t.key}
          type="button"
          className="note-tool"
          aria-label={t.label}
          aria-pressed={t.pressed}
          title={t.title}
          tabIndex={i === focused ? 0 : -1}
          onFocus={() => setFocused(i)}
          onMouseDown={(e) => e.preventDefault() /* keep the text selection */}
          onClick={t.run}
        >
          {t.icon}
        </button>
      ))}
    </div>
  );
}

const svg = { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': true, focusable: false } as const;

function BulletIcon() {
  return (
    <svg {...svg}>
      <circle cx="3" cy="4" r="1.4" fill="currentColor" />
      <circle cx="3" cy="8" r="1.4" fill="currentColor" />
      <circle cx="3" cy="12" r="1.4" fill="currentColor" />
      <path d="M6.5 4h7M6.5 8h7M6.5 12h7" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}

function NumberIcon() {
  return (
    <svg {...svg}>
      <path d="M2.2 2.8 3.4 2.2v3.6M2.2 5.8h2.4M2.3 9.3c.3-.6 1.9-.8 1.9.3 0 .8-1.9 1.6-2 2.6h2.2" stroke="currentColor" strokeWidth="1.1" fill="none" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M7 4h6.5M7 8h6.5M7 12h6.5" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}

function QuoteIcon() {
  return (
    <svg {...svg}>
      <path d="M2.5 9.5c0-3 1.2-4.6 3.4-5.3l.4.9C5 5.7 4.3 6.7 4.3 8h1.9v4H2.5zM9 9.5c0-3 1.2-4.6 3.4-5.3l.4.9c-1.3.6-2 1.6-2 2.9h1.9v4H9z" fill="currentColor" />
    </svg>
  );
}

function LinkIcon() {
  return (
    <svg {...svg}>
      <path d="M6.8 9.2a2.6 2.6 0 0 0 3.7 0l2.3-2.3a2.6 2.6 0 0 0-3.7-3.7l-.9.9M9.2 6.8a2.6 2.6 0 0 0-3.7 0L3.2 9.1a2.6 2.6 0 0 0 3.7 3.7l.9-.9" stroke="currentColor" strokeWidth="1.5" fill="none" strokeLinecap="round" />
    </svg>
  );
}
