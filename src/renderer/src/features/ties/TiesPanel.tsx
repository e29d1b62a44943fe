import { memo, useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { TIE_PAGE_MAX, type TieFilters, type TiePage } from '../../../../shared/api';
import { POLARITIES, STANCES, type Actor, type Polarity, type RelationType, type Stance, type TieEvidence, type TiePair, type TieRelation } from '../../../../shared/annotations';
import { excerpt } from '../../../../shared/text';
import { api, errorMessage } from '../../api';
import { ActorSelect } from '../actors/ActorSelect';
import { AgreementDialog } from './AgreementDialog';
import { POLARITY_GLYPHS, POLARITY_LABELS, attribution, categoryRank, compareText, dateRange, hasStanceConflict, plural, stanceSummary } from './format';

export interface TiesPanelProps {
  /** The open source, or null when none is open (then only "All sources" applies). */
  sourceId: string | null;
  actors: Actor[];
  relationTypes: RelationType[];
  /** Changes whenever annotations change, so the panel refetches without a reload. */
  version: number;
  /** Open the source at the passage and flash it. */
  onOpenEvidence(sourceId: string, highlightId: string): void;
}

type Scope = 'source' | 'all';

interface Filters {
  actorId: string | null;
  relationTypeId: string | null;
  polarities: Polarity[];
  stances: Stance[];
  /** Only this analyst's claims (after a colleague's archive was merged). */
  analyst: string | null;
}

const NO_FILTERS: Filters = { actorId: null, relationTypeId: null, polarities: [], stances: [], analyst: null };

/** Scope and filters outlive a switch to another tab (which may unmount the panel). */
const remembered: { scope: Scope; filters: Filters; filtersOpen: boolean } = { scope: 'source', filters: NO_FILTERS, filtersOpen: false };

interface Lookup {
  actor(id: string): Actor | undefined;
  type(id: string): RelationType | undefined;
}

/** What the evidence of a relation is fetched with, besides the relation itself. */
interface EvidenceScope {
  sourceId: string | undefined;
  stances: Stance[] | undefined;
  analyst: string | undefined;
}

/** The "Ties" tab: ties grouped by pair of actors, for the open source or all sources, with filters. */
export function TiesPanel({ sourceId, actors, relationTypes, version, onOpenEvidence }: TiesPanelProps) {
  const [scopeChoice, setScopeChoice] = useState<Scope>(remembered.scope);
  const [filters, setFilters] = useState<Filters>(remembered.filters);
  const [filtersOpen, setFiltersOpen] = useState(remembered.filtersOpen);
  const [retry, setRetry] = useState(0);
  const [agreementOpen, setAgreementOpen] = useState(false);
  const ids = useId();
  const analysts = useAnalysts(version);

  const scope: Scope = sourceId ? scopeChoice : 'all';
  const actorsById = useMemo(() => new Map(actors.map((a) => [a.id, a])), [actors]);
  const typesById = useMemo(() => new Map(relationTypes.map((t) => [t.id, t])), [relationTypes]);
  const lookup = useMemo<Lookup>(() => ({ actor: (id) => actorsById.get(id), type: (id) => typesById.get(id) }), [actorsById, typesById]);

  // A filter on an actor or type that has since been merged away or deleted no longer applies.
  const actorId = filters.actorId && actorsById.has(filters.actorId) ? filters.actorId : null;
  const relationTypeId = filters.relationTypeId && typesById.has(filters.relationTypeId) ? filters.relationTypeId : null;
  const analyst = filters.analyst && analysts.includes(filters.analyst) ? filters.analyst : null;
  const activeFilters = (actorId ? 1 : 0) + (relationTypeId ? 1 : 0) + (filters.polarities.length ? 1 : 0) + (filters.stances.length ? 1 : 0) + (analyst ? 1 : 0);

  const args: TieFilters = {};
  if (scope === 'source' && sourceId) args.sourceId = sourceId;
  if (actorId) args.actorIds = [actorId];
  if (relationTypeId) args.relationTypeIds = [relationTypeId];
  if (filters.polarities.length) args.polarities = filters.polarities;
  if (filters.stances.length) args.stances = filters.stances;
  if (analyst) args.analyst = analyst;
  const argsKey = JSON.stringify(args);
  // The pairs come from the backend a page at a time, most claims first; scrolling to the end of
  // the list (or "Show more") asks for the next page. `list` holds the pages loaded for one query
  // (filters, data version and retry): when annotations change, the pages shown are fetched again
  // at once, so the list keeps its length and the reader's place.
  const listKey = `${version}|${retry}|${argsKey}`;
  const [list, setList] = useState<{ key: string; page: TiePage } | null>(null);
  const [failure, setFailure] = useState<{ key: string; offset: number; message: string } | null>(null);
  const [want, setWant] = useState({ key: '', count: PAIR_PAGE });
  const wanted = want.key === argsKey ? want.count : PAIR_PAGE;

  const current = list && list.key === listKey ? list.page : null;
  const loadedCount = current ? current.pairs.length : 0;
  // What to fetch next: the first pages of a new query, or the next page of this one.
  const fetchOffset = current ? loadedCount : 0;
  const fetchLimit = Math.min(TIE_PAGE_MAX, current ? Math.min(wanted, current.total) - loadedCount : wanted);
  const failed = failure !== null && failure.key === listKey && failure.offset === fetchOffset;

  useEffect(() => {
    if (fetchLimit <= 0 || failed) return;
    let live = true;
    api.listTies({ ...(JSON.parse(argsKey) as TieFilters), offset: fetchOffset, limit: fetchLimit }).then(
      (page) => {
        if (!live) return;
        setList((prev) => {
          if (fetchOffset === 0 || prev?.key !== listKey) return { key: listKey, page };
          // A pair the last page already held (should the order have shifted) is not listed twice.
          const held = new Set(prev.page.pairs.map((p) => `${p.actorIds[0]}|${p.actorIds[1]}`));
          const fresh = page.pairs.filter((p) => !held.has(`${p.actorIds[0]}|${p.actorIds[1]}`));
          return { key: listKey, page: { ...page, pairs: [...prev.page.pairs, ...fresh] } };
        });
      },
      (error: unknown) => live && setFailure({ key: listKey, offset: fetchOffset, message: errorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [argsKey, listKey, fetchOffset, fetchLimit, failed]);

  const loading = current === null && !failed;
  const error = failed && fetchOffset === 0 ? failure.message : null;
  const moreError = failed && fetchOffset > 0 ? failure.message : null;

  const evidenceScopeKey = JSON.stringify([args.sourceId, args.stances, args.analyst]);
  const evidenceScope = useMemo<EvidenceScope>(() => {
    const [sid, stances, who] = JSON.parse(evidenceScopeKey) as [string | undefined, Stance[] | undefined, string | undefined];
    return { sourceId: sid ?? undefined, stances: stances ?? undefined, analyst: who ?? undefined };
  }, [evidenceScopeKey]);

  // The latest callback without re-rendering every pair when the parent passes a new one.
  const openRef = useRef(onOpenEvidence);
  useEffect(() => {
    openRef.current = onOpenEvidence;
  });
  const openEvidence = useCallback((sid: string, highlightId: string) => openRef.current(sid, highlightId), []);

  // While another query loads, the last list stays (dimmed) in place.
  const shown = list?.page ?? null;
  const pairs = shown?.pairs ?? null;

  useEffect(() => {
    remembered.scope = scopeChoice;
    remembered.filters = filters;
    remembered.filtersOpen = filtersOpen;
  }, [scopeChoice, filters, filtersOpen]);
  const toggle = <T,>(values: T[], value: T): T[] => (values.includes(value) ? values.filter((v) => v !== value) : [...values, value]);

  const sortedActors = useMemo(() => [...actors].sort((a, b) => compareText(a.name, b.name)), [actors]);
  const typeGroups = useMemo(() => {
    const groups = new Map<string, RelationType[]>();
    for (const t of [...relationTypes].sort((a, b) => compareText(a.label, b.label))) {
      const key = t.category || 'Other';
      groups.set(key, [...(groups.get(key) ?? []), t]);
    }
    return [...groups.entries()].sort(([a], [b]) => categoryRank(a) - categoryRank(b) || compareText(a, b));
  }, [relationTypes]);

  const listRef = useRef<HTMLUListElement>(null);
  const moreRef = useRef<HTMLLIElement>(null);
  const hasMore = current !== null && loadedCount < current.total;
  const showMore = () => setWant({ key: argsKey, count: loadedCount + PAIR_PAGE });
  useEffect(() => {
    const sentinel = moreRef.current;
    if (!hasMore || moreError || !sentinel) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setWant({ key: argsKey, count: loadedCount + PAIR_PAGE });
      },
      { root: listRef.current, rootMargin: '600px 0px' },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [hasMore, moreError, argsKey, loadedCount]);

  const onListKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
    const target = e.target as HTMLElement;
    if (!target.classList.contains('tie-nav')) return;
    const all = Array.from(e.currentTarget.querySelectorAll<HTMLElement>('.tie-nav'));
    const at = all.indexOf(target);
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? all.length - 1 : at + (e.key === 'ArrowDown' ? 1 : -1);
    if (next < 0 || next >= all.length) return;
    e.preventDefault();
    all[next].focus();
  };

  return (
    <div className="ties-panel">
      <div className="ties-controls">
        <div className="ties-toolbar">
          <div className="ties-scope segmented" role="radiogroup" aria-label="Show ties from">
            {(['source', 'all'] as const).map((value) => (
              <label key={value} className={`segment${value === 'source' && !sourceId ? ' disabled' : ''}`}>
                <input
                  type="radio"
                  name={`${ids}-scope`}
                  value={value}
                  checked={scope === value}
                  disabled={value === 'source' && !sourceId}
                  onChange={() => setScopeChoice(value)}
                />
                <span>{value === 'source' ? 'This source' : 'All sources'}</span>
              </label>
            ))}
          </div>
          <div className="ties-filter-bar">
            <button type="button" className="ties-filter-toggle" aria-expanded={filtersOpen} aria-controls={`${ids}-filters`} onClick={() => setFiltersOpen(!filtersOpen)}>
              <span className="disclosure" aria-hidden="true">
                {filtersOpen ? '▾' : '▸'}
              </span>{' '}
              Filters
              {activeFilters > 0 && (
                <span className="badge ties-filter-count">
                  {activeFilters}
                  <span className="sr-only"> active</span>
                </span>
              )}
            </button>
            {activeFilters > 0 && (
              <button type="button" className="link-button" onClick={() => setFilters(NO_FILTERS)}>
                Clear filters
              </button>
            )}
            {analysts.length > 1 && (
              <button type="button" className="link-button" onClick={() => setAgreementOpen(true)}>
                Agreement…
              </button>
            )}
          </div>
        </div>
        <div id={`${ids}-filters`} className="ties-filters" hidden={!filtersOpen}>
          <label className="ties-filter-field" htmlFor={`${ids}-actor`}>
            <span>Actor</span>
          </label>
          <ActorSelect id={`${ids}-actor`} actors={sortedActors} value={actorId} noneLabel="Any actor" onChange={(id) => setFilters({ ...filters, actorId: id })} />
          <label className="ties-filter-field" htmlFor={`${ids}-type`}>
            <span>Relation</span>
          </label>
          <select id={`${ids}-type`} value={relationTypeId ?? ''} onChange={(e) => setFilters({ ...filters, relationTypeId: e.target.value || null })}>
            <option value="">Any relation type</option>
            {typeGroups.map(([category, types]) => (
              <optgroup key={category} label={category}>
                {types.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.label}
                    {t.retired ? ' (retired)' : ''}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {analysts.length > 1 && (
            <>
              <label className="ties-filter-field" htmlFor={`${ids}-analyst`}>
                <span>Analyst</span>
              </label>
              <select id={`${ids}-analyst`} value={analyst ?? ''} onChange={(e) => setFilters({ ...filters, analyst: e.target.value || null })}>
                <option value="">Any analyst</option>
                {analysts.filter(Boolean).map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </>
          )}
          <span className="ties-filter-field" id={`${ids}-pol`}>
            Polarity
          </span>
          <div className="chip-toggles" role="group" aria-labelledby={`${ids}-pol`}>
            {POLARITIES.map((p) => (
              <button
                key={p}
                type="button"
                className={`chip-toggle polarity-${p}`}
                aria-pressed={filters.polarities.includes(p)}
                onClick={() => setFilters({ ...filters, polarities: toggle(filters.polarities, p) })}
              >
                {p}
              </button>
            ))}
          </div>
          <span className="ties-filter-field" id={`${ids}-stance`}>
            Stance
          </span>
          <div className="chip-toggles" role="group" aria-labelledby={`${ids}-stance`}>
            {STANCES.map((s) => (
              <button
                key={s}
                type="button"
                className="chip-toggle"
                aria-pressed={filters.stances.includes(s)}
                onClick={() => setFilters({ ...filters, stances: toggle(filters.stances, s) })}
              >
                {s}
              </button>
            ))}
          </div>
        </div>
        <p className="ties-summary" role="status">
          {loading && !pairs ? 'Loading ties…' : shown?.total ? `${plural(shown.total, 'pair')} · ${plural(shown.claimCount, 'claim')}` : ''}
        </p>
      </div>
      {error ? (
        <div className="ties-error" role="alert">
          <p>Ties could not be loaded: {error}</p>
          <button type="button" onClick={() => setRetry((n) => n + 1)}>
            Try again
          </button>
        </div>
      ) : pairs && pairs.length === 0 ? (
        activeFilters > 0 ? (
          <div className="empty">
            <p>No ties match these filters.</p>
            <button type="button" onClick={() => setFilters(NO_FILTERS)}>
              Clear filters
            </button>
          </div>
        ) : (
          <p className="empty">No ties yet. Select a passage and press T to add one.</p>
        )
      ) : pairs ? (
        <ul ref={listRef} className={`ties-list${loading ? ' stale' : ''}`} aria-label="Ties by pair of actors" aria-busy={loading} onKeyDown={onListKeyDown}>
          {pairs.map((pair) => (
            <TiePairItem
              key={`${pair.actorIds[0]}|${pair.actorIds[1]}`}
              pair={pair}
              lookup={lookup}
              showSources={scope === 'all'}
              evidenceScope={evidenceScope}
              version={version}
              onOpenEvidence={openEvidence}
            />
          ))}
          {hasMore && (
            <li ref={moreRef} className="ties-more">
              {moreError ? (
                <span role="alert">
                  More ties could not be loaded: {moreError}{' '}
                  <button type="button" className="link-button" onClick={() => setFailure(null)}>
                    Try again
                  </button>
                </span>
              ) : (
                <button type="button" className="link-button" onClick={showMore} aria-busy={loadedCount < wanted}>
                  {loadedCount < wanted ? 'Loading more ties…' : `Show ${Math.min(PAIR_PAGE, current.total - loadedCount)} more of ${current.total} pairs`}
                </button>
              )}
            </li>
          )}
        </ul>
      ) : null}
      {agreementOpen && (
        <AgreementDialog
          analysts={analysts}
          version={version}
          onOpen={(sid, highlightId) => {
            setAgreementOpen(false);
            openEvidence(sid, highlightId);
          }}
          onClose={() => setAgreementOpen(false)}
        />
      )}
    </div>
  );
}

/** The project's analysts (its own first, '' while unnamed), read again when annotations change (a merge adds some). */
function useAnalysts(version: number): string[] {
  const [analysts, setAnalysts] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    // The filter and Agreement… are extras: without the list they stay hidden, the panel works.
    api.listAnalysts({}).then((list) => live && setAnalysts(list), () => live && setAnalysts([]));
    return () => {
      live = false;
    };
  }, [version]);
  return analysts;
}

interface PairProps {
  pair: TiePair;
  lookup: Lookup;
  showSources: boolean;
  evidenceScope: EvidenceScope;
  version: number;
  onOpenEvidence(sourceId: string, highlightId: string): void;
}

const TiePairItem = memo(function TiePairItem({ pair, lookup, showSources, evidenceScope, version, onOpenEvidence }: PairProps) {
  const [a, b] = pair.actorIds;
  const conflicts = [
    pair.polarityConflict ? 'cooperative and conflictual claims' : '',
    pair.stanceConflict ? 'the same tie both asserted and denied' : '',
  ].filter(Boolean);
  const flag = conflicts.length ? `Conflicting claims: ${conflicts.join('; ')}` : '';
  const relations = useMemo(() => [...pair.relations].sort((x, y) => y.claimCount - x.claimCount), [pair.relations]);
  return (
    <li className="tie-pair">
      <div className="tie-pair-head">
        <span className="tie-pair-names">
          <ActorName actor={lookup.actor(a)} />
          <span className="tie-pair-sep" aria-hidden="true">
            –
          </span>
          <span className="sr-only"> and </span>
          <ActorName actor={lookup.actor(b)} />
        </span>
        {flag && (
          <span className="tie-flag" title={flag}>
            <span aria-hidden="true">⚠ conflict</span>
            <span className="sr-only">{flag}</span>
          </span>
        )}
        <span className="tie-count" title={plural(pair.claimCount, 'claim')}>
          {pair.claimCount}
          <span className="sr-only"> {pair.claimCount === 1 ? 'claim' : 'claims'}</span>
        </span>
      </div>
      <ul className="tie-relations">
        {relations.map((r) => (
          <RelationLine
            key={`${r.sourceActorId}|${r.relationTypeId}|${r.targetActorId}`}
            relation={r}
            lookup={lookup}
            showSources={showSources}
            evidenceScope={evidenceScope}
            version={version}
            onOpenEvidence={onOpenEvidence}
          />
        ))}
      </ul>
    </li>
  );
});

function ActorName({ actor }: { actor: Actor | undefined }) {
  return (
    <span className="tie-actor">
      <span className="actor-dot" style={actor ? { background: actor.color } : undefined} aria-hidden="true" />
      <bdi>{actor?.name ?? 'Unknown actor'}</bdi>
    </span>
  );
}

const EVIDENCE_PAGE = 25;
const PAIR_PAGE = 120;

interface RelationProps {
  relation: TieRelation;
  lookup: Lookup;
  showSources: boolean;
  evidenceScope: EvidenceScope;
  version: number;
  onOpenEvidence(sourceId: string, highlightId: string): void;
}

function RelationLine({ relation, lookup, showSources, evidenceScope, version, onOpenEvidence }: RelationProps) {
  const [expanded, setExpanded] = useState(false);
  const [retry, setRetry] = useState(0);
  const [shown, setShown] = useState(EVIDENCE_PAGE);
  const [evidence, setEvidence] = useState<{ key: string; items: TieEvidence[] | null; error: string | null }>({ key: '', items: null, error: null });
  const panelId = useId();

  const type = lookup.type(relation.relationTypeId);
  const source = lookup.actor(relation.sourceActorId)?.name ?? 'Unknown actor';
  const target = lookup.actor(relation.targetActorId)?.name ?? 'Unknown actor';
  const label = type?.label ?? 'unknown relation';
  const arrow = type && !type.directed ? '↔' : '→';
  const polarity = type?.polarity ?? 'neutral';
  const stances = stanceSummary(relation.stances);
  const dates = dateRange(relation.dateFrom, relation.dateTo);
  const denied = hasStanceConflict(relation.stances);

  const { sourceActorId, relationTypeId, targetActorId } = relation;
  const key = JSON.stringify([version, retry, sourceActorId, relationTypeId, targetActorId, evidenceScope.sourceId, evidenceScope.stances, evidenceScope.analyst]);

  useEffect(() => {
    if (!expanded) return;
    let live = true;
    const args = { sourceActorId, relationTypeId, targetActorId, ...(evidenceScope.sourceId ? { sourceId: evidenceScope.sourceId } : {}), ...(evidenceScope.stances ? { stances: evidenceScope.stances } : {}), ...(evidenceScope.analyst ? { analyst: evidenceScope.analyst } : {}) };
    api.listTieEvidence(args).then(
      (items) => live && setEvidence({ key, items, error: null }),
      (error: unknown) => live && setEvidence({ key, items: null, error: errorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [expanded, key, sourceActorId, relationTypeId, targetActorId, evidenceScope]);

  const fresh = evidence.key === key;
  // While a refetch runs, keep showing what was there.
  const items = evidence.items;

  return (
    <li className={`tie-relation${type?.retired ? ' retired' : ''}`}>
      <button type="button" className="tie-relation-toggle tie-nav" aria-expanded={expanded} aria-controls={panelId} onClick={() => setExpanded(!expanded)}>
        <span className="tie-mark" style={type ? { background: type.color } : undefined} title={POLARITY_LABELS[polarity]} aria-hidden="true">
          {POLARITY_GLYPHS[polarity]}
        </span>
        <span className="tie-relation-text">
          <bdi className="tie-end">{source}</bdi> <span className="tie-arrow" aria-hidden="true">{arrow}</span> <span className="tie-label">{label}</span>{' '}
          <span className="tie-arrow" aria-hidden="true">
            {arrow}
          </span>{' '}
          <bdi className="tie-end">{target}</bdi>
          <span className="sr-only">
            {type && !type.directed ? ' (symmetric)' : ''}, {POLARITY_LABELS[polarity].toLowerCase()}
          </span>
        </span>
        <span className="tie-count">
          {relation.claimCount}
          <span className="sr-only"> {relation.claimCount === 1 ? 'claim' : 'claims'}</span>
        </span>
        <span className="tie-meta">
          {stances && <span className={denied ? 'tie-stances conflict' : 'tie-stances'}>{stances}</span>}
          {showSources && <span>{plural(relation.sourceCount, 'source')}</span>}
          {dates && <span>{dates}</span>}
        </span>
      </button>
      <div id={panelId} className="tie-evidence" hidden={!expanded}>
        {expanded &&
          (evidence.error && fresh ? (
            <div className="tie-evidence-error" role="alert">
              Evidence could not be loaded: {evidence.error}{' '}
              <button type="button" className="link-button" onClick={() => setRetry((n) => n + 1)}>
                Try again
              </button>
            </div>
          ) : items ? (
            items.length === 0 ? (
              <p className="tie-evidence-note">{fresh ? 'No evidence left for this tie.' : 'Loading evidence…'}</p>
            ) : (
              <>
                <ul className="tie-evidence-list" aria-label={`Evidence: ${source} ${label} ${target}`} aria-busy={!fresh}>
                  {items.slice(0, shown).map((ev) => (
                    <li key={ev.claimId}>
                      <EvidenceButton evidence={ev} lookup={lookup} showSource={showSources} onOpen={onOpenEvidence} />
                    </li>
                  ))}
                </ul>
                {items.length > shown && (
                  <button type="button" className="link-button tie-more" onClick={() => setShown(shown + EVIDENCE_PAGE * 4)}>
                    Show {Math.min(items.length - shown, EVIDENCE_PAGE * 4)} more of {items.length}
                  </button>
                )}
              </>
            )
          ) : (
            <p className="tie-evidence-note">Loading evidence…</p>
          ))}
      </div>
    </li>
  );
}

function EvidenceButton({ evidence, lookup, showSource, onOpen }: { evidence: TieEvidence; lookup: Lookup; showSource: boolean; onOpen(sourceId: string, highlightId: string): void }) {
  const who = attribution(evidence, (id) => lookup.actor(id)?.name);
  return (
    <button type="button" className="tie-evidence-item tie-nav" title="Open this passage" onClick={() => onOpen(evidence.sourceId, evidence.highlightId)}>
      <span className="tie-quote" dir="auto">
        {excerpt(evidence.exact, 180)}
      </span>
      {showSource && <span className="tie-evidence-source">{evidence.sourceTitle}</span>}
      <span className="tie-evidence-meta">
        <span className={`tie-stance tie-stance-${evidence.stance}`}>{evidence.stance}</span>
        {who && (
          <span>
            according to <bdi>{who}</bdi>
          </span>
        )}
        {evidence.eventDate && <span>{evidence.eventDate.text}</span>}
      </span>
    </button>
  );
}
