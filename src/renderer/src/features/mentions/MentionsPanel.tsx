import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { MentionGroup, MentionItem, MentionList } from '../../../../shared/search';
import { api, errorMessage } from '../../api';
import { flatMentions, focusAfter, mentionKey, mentionRef, plural, resolveFocus, shownAfter, shownBefore, taggable, taggedSentence, type FocusPlan } from './mentionNav';
import './mentions.css';

/**
 * The "Mentions" tab: every place where an actor's name or alias occurs outside the highlights
 * tagged with that actor (listMentions, docs/search.md), grouped by actor. Each mention can be
 * visited (Enter, click), tagged (A, "Tag": a highlight of the sentence or of the name, tagged
 * with the actor) or dismissed (X, Delete); "Tag all" tags all of an actor's mentions in one
 * undo step. The list is read again whenever the annotations change (`version`).
 *
 * Each actor lists its first LISTED mentions, and more on request ("Show more"): a corpus can hold
 * hundreds of thousands of mentions, which as one answer were megabytes to send and as many rows
 * to draw (docs/search.md, "Mentions").
 */
export interface MentionsPanelProps {
  /** The open source, or null (then only "All sources" applies). */
  sourceId: string | null;
  /** Changes whenever the annotations change (the workspace's `version`): the list is read again. */
  version: number;
  /** A source's title, for mentions listed from all sources. */
  titleOf(sourceId: string): string;
  /** Go to the mention: open its source, scroll there and flash it. */
  onGo(sourceId: string, range: { start: number; end: number }): void;
  /** After a change was stored: re-read the workspace (highlights, undo state). */
  onChanged(): Promise<void>;
  onMessage(kind: 'info' | 'error', text: string): void;
}

type Scope = 'source' | 'all';

/** Mentions listed per actor at first, and how many more each "Show more" lists. */
const LISTED = 20;
const MORE = 100;
/** The most "Tag all" takes in one step (acceptMentions' limit). */
const TAG_ALL_MAX = 5000;
type Snap = 'sentence' | 'name';

/** The switches outlive a change of tab (which unmounts the panel). */
const remembered: { scope: Scope; snap: Snap; showDismissed: boolean } = { scope: 'source', snap: 'sentence', showDismissed: false };

const NO_MORE: Record<string, number> = {};

/** The listMentions arguments of a query (scope, source, dismissed shown). */
function scopeArgs(query: string): { sourceId?: string; includeDismissed?: true } {
  const [scope, sourceId, dismissed] = JSON.parse(query) as [Scope, string | null, boolean];
  return { ...(scope === 'source' && sourceId ? { sourceId } : {}), ...(dismissed ? { includeDismissed: true as const } : {}) };
}

interface Loaded {
  /** What was asked (scope, source, dismissed shown). */
  query: string;
  /** Order of the request: a focus plan applies only to lists asked for after its change. */
  seq: number;
  list: MentionList;
}

export function MentionsPanel({ sourceId, version, titleOf, onGo, onChanged, onMessage }: MentionsPanelProps) {
  const ids = useId();
  const [scopeChoice, setScopeChoice] = useState<Scope>(remembered.scope);
  const [snap, setSnap] = useState<Snap>(remembered.snap);
  const [showDismissed, setShowDismissed] = useState(remembered.showDismissed);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failure, setFailure] = useState<{ query: string; message: string } | null>(null);
  const [tick, setTick] = useState(0);
  /** Per actor, how many mentions beyond LISTED the user asked to see, for the query they were asked under. */
  const [more, setMore] = useState<{ query: string; byActor: Record<string, number> }>({ query: '', byActor: {} });
  const [busy, setBusy] = useState(false);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const seqRef = useRef(0);
  /** Where focus goes once the list shows the result of a change (set before the change). */
  const plan = useRef<{ plan: FocusPlan; afterSeq: number } | null>(null);

  const scope: Scope = sourceId ? scopeChoice : 'all';
  const query = JSON.stringify([scope, scope === 'source' ? sourceId : null, showDismissed]);

  useEffect(() => {
    remembered.scope = scopeChoice;
    remembered.snap = snap;
    remembered.showDismissed = showDismissed;
  }, [scopeChoice, snap, showDismissed]);

  const extra = more.query === query ? more.byActor : NO_MORE;
  const extraKey = JSON.stringify(extra);
  useEffect(() => {
    let live = true;
    const seq = ++seqRef.current;
    const args = scopeArgs(query);
    // The actors shown beyond LISTED are asked for one by one and put in place of their groups.
    const longer = Object.entries(JSON.parse(extraKey) as Record<string, number>);
    Promise.all([
      api.listMentions({ ...args, limit: LISTED }),
      ...longer.map(([actorId, n]) => api.listMentions({ ...args, actorId, limit: LISTED + n })),
    ]).then(
      ([first, ...groups]) => {
        const replaced = new Map(groups.flatMap((g) => g.groups).map((g) => [g.actorId, g]));
        const list = replaced.size ? { ...first, groups: first.groups.map((g) => replaced.get(g.actorId) ?? g) } : first;
        if (!live) return;
        setLoaded({ query, seq, list });
        setFailure(null);
      },
      (error: unknown) => live && setFailure({ query, message: errorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [query, version, tick, extraKey]);

  const list = loaded?.list ?? null;
  const stale = loaded !== null && loaded.query !== query;
  const shown = flatMentions(list);

  // Focus: one mention is in the tab order (the last one focused, else the first); after a change
  // the planned one gets focus, so the place in the list is not lost.
  const keys = shown.map(mentionKey);
  const tabKey = focusKey && keys.includes(focusKey) ? focusKey : (keys[0] ?? null);
  useLayoutEffect(() => {
    const pending = plan.current;
    if (!pending || !loaded || loaded.seq < pending.afterSeq || stale) return;
    plan.current = null;
    const next = resolveFocus(pending.plan, flatMentions(loaded.list));
    setFocusKey(next);
    const panel = panelRef.current;
    const active = document.activeElement;
    // Only when the user is still here (focus in the panel, or lost with the removed row).
    if (!panel || (active && active !== document.body && !panel.contains(active))) return;
    const target = next ? panel.querySelector<HTMLElement>(`[data-mention="${CSS.escape(next)}"]`) : null;
    (target ?? panel.querySelector<HTMLElement>('.mentions-controls input'))?.focus();
  }, [loaded, stale]);

  const run = useCallback(
    async (acted: MentionItem[], change: () => Promise<void>) => {
      if (busy) return;
      setBusy(true);
      plan.current = { plan: focusAfter(shown, new Set(acted.map(mentionKey))), afterSeq: Infinity };
      try {
        await change();
      } catch (error) {
        onMessage('error', errorMessage(error));
      } finally {
        // The undo button and the highlights first, then the list (asked for after the change).
        await onChanged().catch((error: unknown) => onMessage('error', errorMessage(error)));
        if (plan.current) plan.current.afterSeq = seqRef.current + 1;
        setTick((n) => n + 1);
        setBusy(false);
      }
    },
    [busy, shown, onChanged, onMessage],
  );

  const accept = (items: MentionItem[], group?: MentionGroup) =>
    run(items, async () => {
      let all = items;
      // "Tag all" takes the mentions not listed too: they are asked for first.
      if (group && group.count > group.mentions.length) {
        const whole = await api.listMentions({ ...scopeArgs(query), actorId: group.actorId, limit: Math.min(group.count, TAG_ALL_MAX) });
        all = taggable(whole.groups[0] ?? { ...group, mentions: [] }).slice(0, TAG_ALL_MAX);
      }
      if (all.length === 0) return;
      const result = await api.acceptMentions({ mentions: all.map(mentionRef), snap });
      if (group) onMessage('info', taggedSentence(all.length, group.name, result.created, result.tagged));
    });
  const showMore = (actorId: string) =>
    setMore((m) => {
      const byActor = m.query === query ? m.byActor : {};
      return { query, byActor: { ...byActor, [actorId]: (byActor[actorId] ?? 0) + MORE } };
    });
  const dismiss = (item: MentionItem) =>
    run([item], async () => {
      await api.dismissMention({ ...mentionRef(item), ...(item.dismissed ? { restore: true } : {}) });
    });

  const byKey = new Map(shown.map((m) => [mentionKey(m), m]));
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const target = e.target as HTMLElement;
    const key = target.dataset.mention;
    if (!key || e.altKey || e.ctrlKey || e.metaKey) return;
    const item = byKey.get(key);
    if (!item) return;
    const all = Array.from(e.currentTarget.querySelectorAll<HTMLElement>('[data-mention]'));
    const at = all.indexOf(target);
    let move: number | null = null;
    if (e.key === 'ArrowDown') move = at + 1;
    else if (e.key === 'ArrowUp') move = at - 1;
    else if (e.key === 'Home') move = 0;
    else if (e.key === 'End') move = all.length - 1;
    if (move !== null) {
      e.preventDefault();
      const next = all[Math.max(0, Math.min(all.length - 1, move))];
      setFocusKey(next.dataset.mention ?? null);
      next.focus();
      return;
    }
    const k = e.key.toLowerCase();
    if ((k === 'a' && !e.shiftKey) || ((k === 'x' || e.key === 'Delete') && !e.shiftKey)) {
      // Handled here, not by the window's keys (A would open the actor picker).
      e.preventDefault();
      if (k === 'a' && !item.dismissed) void accept([item]);
      else if (k !== 'a') void dismiss(item);
    }
  };

  const error = failure && failure.query === query ? failure.message : null;
  const total = list?.total ?? 0;
  const dismissedCount = shown.filter((m) => m.dismissed).length;
  const summary = !list
    ? error
      ? ''
      : 'Looking for mentions…'
    : `${plural(total - dismissedCount, 'untagged mention')} of ${plural(list.groups.length, 'actor')}${scope === 'all' ? ` in ${plural(list.sourcesScanned, 'source')}` : ''}`;

  return (
    <div className="mentions-panel" ref={panelRef}>
      <div className="mentions-controls">
        <div className="mentions-toolbar">
          <div className="segmented" role="radiogroup" aria-label="Show mentions from">
            {(['source', 'all'] as const).map((value) => (
              <label key={value} className={`segment${value === 'source' && !sourceId ? ' disabled' : ''}`}>
                <input type="radio" name={`${ids}-scope`} checked={scope === value} disabled={value === 'source' && !sourceId} onChange={() => setScopeChoice(value)} />
                <span>{value === 'source' ? 'This source' : 'All sources'}</span>
              </label>
            ))}
          </div>
          <div className="mentions-snap">
            <span id={`${ids}-snap`} className="mentions-label">
              Highlight:
            </span>
            <div className="segmented" role="radiogroup" aria-labelledby={`${ids}-snap`}>
              {(['sentence', 'name'] as const).map((value) => (
                <label key={value} className="segment" title={value === 'sentence' ? 'Tagging highlights the sentence around the name' : 'Tagging highlights the name only'}>
                  <input type="radio" name={`${ids}-snap`} checked={snap === value} onChange={() => setSnap(value)} />
                  <span>{value}</span>
                </label>
              ))}
            </div>
          </div>
        </div>
        <div className="mentions-toolbar">
          <p className="mentions-summary" role="status">
            {summary}
          </p>
          <label className="mentions-check">
            <input type="checkbox" checked={showDismissed} onChange={(e) => setShowDismissed(e.target.checked)} /> Show dismissed
          </label>
        </div>
      </div>
      {error ? (
        <div className="mentions-error" role="alert">
          <p>The mentions could not be listed: {error}</p>
          <button type="button" onClick={() => setTick((n) => n + 1)}>
            Try again
          </button>
        </div>
      ) : list && list.groups.length === 0 ? (
        <p className="empty">
          No untagged mentions{scope === 'source' ? ' in this source' : ''}. Names and aliases of the actors (Actors…) are found as you add them.
        </p>
      ) : list ? (
        <div className={`mention-groups${stale || busy ? ' stale' : ''}`} aria-busy={stale || busy} onKeyDown={onKeyDown}>
          {list.groups.map((group) => (
            <Group
              key={group.actorId}
              group={group}
              ids={ids}
              showSources={scope === 'all'}
              tabKey={tabKey}
              busy={busy}
              titleOf={titleOf}
              onFocusMention={setFocusKey}
              onGo={(m) => onGo(m.sourceId, { start: m.start, end: m.end })}
              onAccept={(items, all) => void accept(items, all ? group : undefined)}
              onDismiss={(m) => void dismiss(m)}
              onMore={() => showMore(group.actorId)}
            />
          ))}
        </div>
      ) : null}
    </div>
  );
}

interface GroupProps {
  group: MentionGroup;
  ids: string;
  showSources: boolean;
  tabKey: string | null;
  busy: boolean;
  titleOf(sourceId: string): string;
  onFocusMention(key: string): void;
  onGo(m: MentionItem): void;
  /** `all`: "Tag all" (every mention of the actor, listed or not). */
  onAccept(items: MentionItem[], all?: boolean): void;
  onDismiss(m: MentionItem): void;
  onMore(): void;
}

function Group({ group, ids, showSources, tabKey, busy, titleOf, onFocusMention, onGo, onAccept, onDismiss, onMore }: GroupProps) {
  const open = taggable(group);
  const headingId = `${ids}-g-${group.actorId}`;
  const hidden = group.count - group.mentions.length;
  // Dismissed mentions are listed only with "Show dismissed"; the rest can all be tagged.
  const openCount = open.length + hidden;
  return (
    <section className="mention-group" aria-labelledby={headingId}>
      <header className="mention-group-header">
        <h3 id={headingId}>
          <span className="mention-actor">{group.name}</span>{' '}
          <span className="badge mention-count" aria-label={plural(group.count, 'mention')}>
            {group.count}
          </span>
        </h3>
        {openCount > 0 && (
          <button
            type="button"
            className="mention-tag-all"
            disabled={busy}
            aria-label={`Tag all ${plural(openCount, 'mention')} of ${group.name}`}
            title={`Highlight and tag every mention of ${group.name}${hidden > 0 ? ', listed or not,' : ''} (one undo step)`}
            onClick={() => onAccept(open, true)}
          >
            Tag all
          </button>
        )}
      </header>
      <ul className="mention-list" aria-label={`Mentions of ${group.name}`}>
        {group.mentions.map((m) => {
          const key = mentionKey(m);
          return (
            <li key={key} className={`mention${m.dismissed ? ' dismissed' : ''}`}>
              <button
                type="button"
                className="mention-go"
                data-mention={key}
                tabIndex={key === tabKey ? 0 : -1}
                aria-keyshortcuts={m.dismissed ? 'Enter X' : 'Enter A X'}
                title={m.dismissed ? 'Enter: go there · X: restore' : 'Enter: go there · A: tag · X: dismiss'}
                onFocus={() => onFocusMention(key)}
                onClick={() => onGo(m)}
              >
                {showSources && <span className="mention-source">{titleOf(m.sourceId)}</span>}
                <span className="mention-context">
                  {shownBefore(m.before)}
                  <mark>{m.matched}</mark>
                  {shownAfter(m.after)}
                </span>
              </button>
              <span className="mention-actions">
                {m.dismissed ? (
                  <button type="button" tabIndex={-1} disabled={busy} title="List this mention again" onClick={() => onDismiss(m)}>
                    Restore
                  </button>
                ) : (
                  <>
                    <button type="button" tabIndex={-1} disabled={busy} title={`Highlight and tag as ${group.name} (A)`} onClick={() => onAccept([m])}>
                      Tag
                    </button>
                    <button type="button" tabIndex={-1} disabled={busy} className="mention-dismiss" aria-label="Dismiss" title="Not a mention of this actor: hide it (X)" onClick={() => onDismiss(m)}>
                      ×
                    </button>
                  </>
                )}
              </span>
            </li>
          );
        })}
        {hidden > 0 && (
          <li className="mention-more">
            <button type="button" disabled={busy} onClick={onMore}>
              {hidden <= MORE ? `Show the other ${hidden}` : `Show ${MORE} more of ${hidden}`}
            </button>
          </li>
        )}
      </ul>
    </section>
  );
}
