import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { ACTOR_KIND_LABELS, POLARITIES, STANCES, type Polarity, type RelationType, type Stance } from '../../../../shared/annotations';
import type { NetworkEdge, NetworkEvidence, NetworkFilters, NetworkGraph, NetworkNode } from '../../../../shared/network';
import { excerpt } from '../../../../shared/text';
import type { SourceSummary } from '../../../../shared/types';
import { api, errorMessage, saveTextFile } from '../../api';
import { POLARITY_GLYPHS, POLARITY_LABELS, dateRange, plural, stanceSummary } from '../ties/format';
import { hasWebGL2, NetworkCanvas, type Theme } from './canvas';
import { dateSteps, focusGraph, KIND_COLORS, placeNodes, POSITION_SCALE, relationPhrase, searchNodes, stepLabel } from './graph';
import './network.css';

/**
 * The Network view: actors as nodes, ties as edges, every edge one click from its evidence.
 * App.tsx renders it in place of the reader and side panel. The graph (canvas.ts: sigma over
 * graphology, ForceAtlas2 in a worker) has a keyboard and screen-reader twin: the lists of
 * visible actors and ties beside it, which do everything the pointer does.
 */
export interface NetworkViewProps {
  /** Limit the graph to one source's claims; null for the whole project. */
  sourceId: string | null;
  /** Go to a passage in the reader (App switches back to the reader and jumps to it). */
  onOpenPassage(sourceId: string, highlightId: string): void;
  /** Back to the reader. */
  onClose(): void;
}

interface Filters {
  relationTypeIds: string[];
  polarities: Polarity[];
  stances: Stance[];
  minClaims: number;
  hideStructural: boolean;
  sourceId: string | null;
  outlet: string | null;
  /** Index into the date steps; null: all dates. */
  dateStep: number | null;
  undated: boolean;
}

const NO_FILTERS: Filters = { relationTypeIds: [], polarities: [], stances: [], minClaims: 1, hideStructural: false, sourceId: null, outlet: null, dateStep: null, undated: true };

type Selection = { kind: 'edge'; id: string } | { kind: 'pair'; a: string; b: string } | { kind: 'node'; id: string } | null;

/** What outlives a trip to the reader and back (App unmounts the view): the view as it was left. */
const remembered: {
  filters: Filters | null;
  focus: { actorId: string; steps: number } | null;
  selection: Selection;
  camera: { x: number; y: number; ratio: number; angle: number } | null;
} = { filters: null, focus: null, selection: null, camera: null };

/** How many rows each list shows before "Show more". */
const LIST_PAGE = 150;

function themeNow(): Theme {
  const set = document.documentElement.dataset.theme;
  if (set === 'dark' || set === 'light') return set;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function useTheme(): Theme {
  const [theme, setTheme] = useState<Theme>(themeNow);
  useEffect(() => {
    const update = () => setTheme(themeNow());
    const observer = new MutationObserver(update);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const media = window.matchMedia?.('(prefers-color-scheme: dark)');
    media?.addEventListener('change', update);
    return () => {
      observer.disconnect();
      media?.removeEventListener('change', update);
    };
  }, []);
  return theme;
}

const toggle = <T,>(list: T[], value: T): T[] => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);

export function NetworkView({ sourceId, onOpenPassage, onClose }: NetworkViewProps) {
  const ids = useId();
  const theme = useTheme();
  const [filters, setFilters] = useState<Filters>(() => remembered.filters ?? { ...NO_FILTERS, sourceId });
  const [focus, setFocus] = useState(remembered.focus);
  const [selection, setSelection] = useState<Selection>(remembered.selection);
  const [data, setData] = useState<NetworkGraph | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [relationTypes, setRelationTypes] = useState<RelationType[]>([]);
  const [sources, setSources] = useState<SourceSummary[]>([]);
  const [dates, setDates] = useState<{ from: string; to: string } | null>(null);
  const [playing, setPlaying] = useState(false);
  const [layoutRunning, setLayoutRunning] = useState(false);
  const [hover, setHover] = useState<{ edgeId: string; x: number; y: number } | null>(null);
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState('');
  const [webgl] = useState(hasWebGL2);
  const [canvasError, setCanvasError] = useState<string | null>(null);
  const [filtersOpen, setFiltersOpen] = useState(true);

  useEffect(() => {
    remembered.filters = filters;
    remembered.focus = focus;
    remembered.selection = selection;
  }, [filters, focus, selection]);

  // ---- Vocabulary: relation types and sources, for the filters and the labels
  useEffect(() => {
    let live = true;
    Promise.all([api.listRelationTypes({}), api.listSources({})])
      .then(([types, list]) => {
        if (!live) return;
        setRelationTypes(types);
        setSources(list);
      })
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, []);
  const typesById = useMemo(() => new Map(relationTypes.map((t) => [t.id, t])), [relationTypes]);
  const typeLabel = useCallback((id: string) => typesById.get(id)?.label ?? id, [typesById]);
  const outlets = useMemo(() => [...new Set(sources.map((s) => s.outlet).filter(Boolean))].sort((a, b) => a.localeCompare(b)), [sources]);

  // ---- The graph under the filters
  const steps = useMemo(() => (dates ? dateSteps(dates.from, dates.to) : []), [dates]);
  const dateTo = filters.dateStep !== null && filters.dateStep < steps.length - 1 ? steps[filters.dateStep] : undefined;
  const request = useMemo<NetworkFilters>(() => {
    const r: NetworkFilters = {};
    if (filters.relationTypeIds.length) r.relationTypeIds = filters.relationTypeIds;
    if (filters.polarities.length) r.polarities = filters.polarities;
    if (filters.stances.length) r.stances = filters.stances;
    if (filters.minClaims > 1) r.minClaims = filters.minClaims;
    if (filters.hideStructural) r.hideStructural = true;
    if (filters.sourceId) r.sourceIds = [filters.sourceId];
    if (filters.outlet) r.outlets = [filters.outlet];
    if (dateTo) r.dateTo = dateTo;
    if (!filters.undated) r.undated = false;
    return r;
  }, [filters, dateTo]);
  const requestKey = JSON.stringify(request);
  const filterStarted = useRef(0);
  useEffect(() => {
    let live = true;
    filterStarted.current = performance.now();
    api
      .getNetwork({ filters: JSON.parse(requestKey) as NetworkFilters })
      .then((graph) => {
        if (!live) return;
        performance.measure('tiemark:network-fetch', { start: filterStarted.current, end: performance.now() });
        setData(graph);
        setError(null);
        // The slider's span: the dated claims under the other filters.
        if (graph.dates) setDates((d) => (d && d.from === graph.dates!.from && d.to === graph.dates!.to ? d : graph.dates));
      })
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [requestKey]);

  const view = useMemo(() => (data ? focusGraph(data, focus) : null), [data, focus]);
  const nodesById = useMemo(() => new Map((data?.nodes ?? []).map((n) => [n.id, n])), [data]);
  const edgesById = useMemo(() => new Map((data?.edges ?? []).map((e) => [e.id, e])), [data]);
  const nameOf = useCallback((id: string) => nodesById.get(id)?.name ?? 'an actor no longer shown', [nodesById]);

  // ---- The canvas
  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<NetworkCanvas | null>(null);
  const handlers = useRef({
    select: (s: Selection) => setSelection(s),
    hover: (h: typeof hover) => setHover(h),
    settled: (_p: Map<string, { x: number; y: number; pinned: boolean }>) => {},
    pinned: (_id: string, _x: number, _y: number) => {},
    painted: () => {},
  });
  // The canvas calls back through these, so its listeners (bound once) see the latest state.
  useEffect(() => {
    handlers.current.select = setSelection;
    handlers.current.hover = setHover;
    handlers.current.painted = () => {
      if (filterStarted.current) {
        performance.measure('tiemark:network-filter-repaint', { start: filterStarted.current, end: performance.now() });
        filterStarted.current = 0;
      }
    };
    handlers.current.settled = (positions) => {
      setLayoutRunning(false);
      const list = [...positions].map(([actorId, p]) => ({ actorId, x: Math.round(p.x * POSITION_SCALE), y: Math.round(p.y * POSITION_SCALE), pinned: p.pinned }));
      if (list.length) {
        // A read-only project refuses to keep positions: the picture simply is not kept.
        api.saveNodePositions({ positions: list.slice(0, 50_000) }).catch(() => undefined);
      }
    };
    handlers.current.pinned = (actorId, x, y) => {
      api.saveNodePositions({ positions: [{ actorId, x: Math.round(x * POSITION_SCALE), y: Math.round(y * POSITION_SCALE), pinned: true }] }).catch(() => undefined);
      setStatus(`${nameOf(actorId)} pinned where you dropped it.`);
    };
  }, [nameOf]);

  useEffect(() => {
    const container = containerRef.current;
    if (!webgl || !container) return;
    let canvas: NetworkCanvas;
    try {
      canvas = new NetworkCanvas(
        container,
        {
          hoverEdge: (edgeId, x, y) => handlers.current.hover(edgeId ? { edgeId, x, y } : null),
          clickEdge: (id) => handlers.current.select({ kind: 'edge', id }),
          clickNode: (id) => handlers.current.select({ kind: 'node', id }),
          clickStage: () => handlers.current.select(null),
          pinned: (id, x, y) => handlers.current.pinned(id, x, y),
          settled: (positions, info) => {
            performance.measure('tiemark:network-layout', { start: performance.now() - info.ms, end: performance.now(), detail: info });
            handlers.current.settled(positions);
          },
          painted: () => handlers.current.painted(),
        },
        themeNow(),
      );
    } catch (e) {
      const message = errorMessage(e);
      void Promise.resolve().then(() => setCanvasError(message));
      return;
    }
    canvasRef.current = canvas;
    const resize = new ResizeObserver(() => canvas.resize());
    resize.observe(container);
    return () => {
      resize.disconnect();
      remembered.camera = canvas.camera;
      canvas.kill();
      canvasRef.current = null;
    };
  }, [webgl]);

  useEffect(() => canvasRef.current?.setTheme(theme), [theme]);

  // New data: place nodes (kept positions first), draw, and lay out whatever is new.
  const firstDraw = useRef(true);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !view || !data) return;
    const current = new Map(canvas.graph.mapNodes((id, a) => [id, { x: a.x, y: a.y }] as const));
    const placed = placeNodes(view, data.positions, current);
    canvas.setData(view, placed);
    if (firstDraw.current && remembered.camera) canvas.camera = remembered.camera;
    firstDraw.current = false;
    if ([...placed.values()].some((p) => !p.kept)) {
      setLayoutRunning(true);
      canvas.runLayout(false);
    }
  }, [view, data]);

  // Highlight: the selection, else nothing.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    if (selection?.kind === 'edge') {
      const e = edgesById.get(selection.id);
      canvas.setHighlight(e ? [e.sourceActorId, e.targetActorId] : null, e ? [e.id] : []);
    } else if (selection?.kind === 'pair') {
      canvas.setHighlight(
        [selection.a, selection.b],
        (view?.edges ?? []).filter((e) => (e.sourceActorId === selection.a && e.targetActorId === selection.b) || (e.sourceActorId === selection.b && e.targetActorId === selection.a)).map((e) => e.id),
      );
    } else if (selection?.kind === 'node') {
      const touching = (view?.edges ?? []).filter((e) => e.sourceActorId === selection.id || e.targetActorId === selection.id);
      canvas.setHighlight([selection.id, ...touching.flatMap((e) => [e.sourceActorId, e.targetActorId])], touching.map((e) => e.id));
    } else {
      canvas.setHighlight(null);
    }
  }, [selection, view, edgesById]);

  // ---- Play: the date slider steps forward on its own.
  useEffect(() => {
    if (!playing) return;
    const timer = window.setInterval(() => {
      setFilters((f) => {
        const at = f.dateStep ?? -1;
        const next = at + Math.max(1, Math.round(steps.length / 40));
        if (next >= steps.length - 1) {
          setPlaying(false);
          return { ...f, dateStep: null };
        }
        return { ...f, dateStep: next };
      });
    }, 700);
    return () => window.clearInterval(timer);
  }, [playing, steps.length]);

  // ---- Search and fly
  const matches = useMemo(() => (query.trim() && view ? searchNodes(view.nodes, query) : []), [query, view]);
  const flyTo = (id: string) => {
    setSelection({ kind: 'node', id });
    canvasRef.current?.flyTo(id);
    setStatus(`${nameOf(id)} selected.`);
  };

  // ---- Export
  const exportPicture = async (kind: 'png' | 'svg') => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const styles = getComputedStyle(document.documentElement);
    const background = styles.getPropertyValue('--pane').trim() || '#ffffff';
    const text = styles.getPropertyValue('--text').trim() || '#1d1f23';
    try {
      if (kind === 'svg') {
        await saveTextFile('network.svg', canvas.svg(background, text), 'image/svg+xml');
      } else {
        const blob = await canvas.png(background);
        const url = URL.createObjectURL(blob);
        const link = document.createElement('a');
        link.href = url;
        link.download = 'network.png';
        document.body.append(link);
        link.click();
        link.remove();
        window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      }
      setStatus(`Saved the picture as network.${kind}.`);
    } catch (e) {
      setStatus(`The picture could not be saved: ${errorMessage(e)}`);
    }
  };

  const relayout = () => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    setLayoutRunning(true);
    canvas.runLayout(true);
  };
  const stopLayout = () => {
    canvasRef.current?.stopLayout();
    setLayoutRunning(false);
  };

  const usedTypes = useMemo(() => relationTypes.filter((t) => t.claimCount > 0 || filters.relationTypeIds.includes(t.id)), [relationTypes, filters.relationTypeIds]);
  const activeFilters =
    (filters.relationTypeIds.length ? 1 : 0) +
    (filters.polarities.length ? 1 : 0) +
    (filters.stances.length ? 1 : 0) +
    (filters.minClaims > 1 ? 1 : 0) +
    (filters.hideStructural ? 1 : 0) +
    (filters.sourceId ? 1 : 0) +
    (filters.outlet ? 1 : 0) +
    (dateTo ? 1 : 0) +
    (filters.undated ? 0 : 1);

  const hovered = hover ? edgesById.get(hover.edgeId) : undefined;

  return (
    <main className="network-view" aria-label="Network">
      <div className="network-toolbar" role="toolbar" aria-label="Network tools">
        <button type="button" onClick={onClose}>
          ← Back to the reader
        </button>
        <div className="network-search">
          <label htmlFor={`${ids}-search`}>Find an actor</label>
          <input
            id={`${ids}-search`}
            type="search"
            value={query}
            placeholder="Name or alias"
            autoComplete="off"
            aria-controls={`${ids}-matches`}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
              if (e.key === 'Enter' && matches[0]) {
                e.preventDefault();
                flyTo(matches[0].id);
                setQuery('');
              }
              if (e.key === 'Escape') setQuery('');
            }}
          />
          {matches.length > 0 && (
            <ul id={`${ids}-matches`} className="network-matches" aria-label="Matching actors">
              {matches.map((n) => (
                <li key={n.id}>
                  <button
                    type="button"
                    onClick={() => {
                      flyTo(n.id);
                      setQuery('');
                    }}
                  >
                    {n.name}
                    {n.aliases.length > 0 && <span className="network-muted"> ({n.aliases.slice(0, 2).join(', ')})</span>}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <span className="network-toolbar-gap" />
        {webgl && !canvasError && (
          <>
            <button type="button" onClick={() => canvasRef.current?.zoom(1.5)} aria-label="Zoom in">
              +
            </button>
            <button type="button" onClick={() => canvasRef.current?.zoom(1 / 1.5)} aria-label="Zoom out">
              −
            </button>
            <button type="button" onClick={() => canvasRef.current?.resetCamera()}>
              Fit
            </button>
            {layoutRunning ? (
              <button type="button" onClick={stopLayout}>
                Stop layout
              </button>
            ) : (
              <button type="button" onClick={relayout} title="Lay out every actor again (pinned ones stay)">
                Re-layout
              </button>
            )}
            <button type="button" onClick={() => void exportPicture('png')}>
              Save PNG
            </button>
            <button type="button" onClick={() => void exportPicture('svg')}>
              Save SVG
            </button>
          </>
        )}
      </div>

      <div className={`network-body${filtersOpen ? '' : ' filters-closed'}`}>
        <section className="network-filters" aria-label="Network filters">
          <button type="button" className="network-filters-toggle" aria-expanded={filtersOpen} onClick={() => setFiltersOpen(!filtersOpen)}>
            Filters{activeFilters ? ` (${activeFilters})` : ''}
          </button>
          {filtersOpen && (
            <div className="network-filters-body">
              <label className="network-switch">
                <input type="checkbox" checked={filters.hideStructural} onChange={(e) => setFilters({ ...filters, hideStructural: e.target.checked })} /> Hide structural ties
              </label>

              <fieldset>
                <legend>Polarity</legend>
                {POLARITIES.map((p) => (
                  <label key={p} className={`network-chip polarity-${p}`}>
                    <input type="checkbox" checked={filters.polarities.includes(p)} onChange={() => setFilters({ ...filters, polarities: toggle(filters.polarities, p) })} />
                    <span aria-hidden="true">{POLARITY_GLYPHS[p]}</span> {POLARITY_LABELS[p]}
                  </label>
                ))}
              </fieldset>

              <fieldset>
                <legend>Stance</legend>
                {STANCES.map((s) => (
                  <label key={s} className="network-chip">
                    <input type="checkbox" checked={filters.stances.includes(s)} onChange={() => setFilters({ ...filters, stances: toggle(filters.stances, s) })} /> {s}
                  </label>
                ))}
              </fieldset>

              <label className="network-field">
                Minimum claims per tie
                <input
                  type="number"
                  min={1}
                  max={1000}
                  value={filters.minClaims}
                  onChange={(e) => setFilters({ ...filters, minClaims: Math.max(1, Math.min(1000, Math.round(Number(e.target.value)) || 1)) })}
                />
              </label>

              <fieldset className="network-dates">
                <legend>Event dates</legend>
                {steps.length > 1 ? (
                  <>
                    <label htmlFor={`${ids}-date`}>{dateTo ? `As of ${stepLabel(dateTo)}` : `All dates (${stepLabel(steps[0])} – ${stepLabel(steps[steps.length - 1])})`}</label>
                    <div className="network-date-row">
                      <input
                        id={`${ids}-date`}
                        type="range"
                        min={0}
                        max={steps.length - 1}
                        value={filters.dateStep ?? steps.length - 1}
                        aria-valuetext={dateTo ? `As of ${stepLabel(dateTo)}` : 'All dates'}
                        onChange={(e) => {
                          const at = Number(e.target.value);
                          setFilters({ ...filters, dateStep: at >= steps.length - 1 ? null : at });
                        }}
                      />
                      <button
                        type="button"
                        aria-pressed={playing}
                        onClick={() => {
                          if (!playing && filters.dateStep === null) setFilters({ ...filters, dateStep: 0 });
                          setPlaying(!playing);
                        }}
                      >
                        {playing ? 'Pause' : 'Play'}
                      </button>
                    </div>
                  </>
                ) : (
                  <p className="network-muted">No dated claims to step through.</p>
                )}
                <label className="network-switch">
                  <input type="checkbox" checked={filters.undated} onChange={(e) => setFilters({ ...filters, undated: e.target.checked })} /> Show claims without a date
                </label>
              </fieldset>

              <label className="network-field">
                Source
                <select value={filters.sourceId ?? ''} onChange={(e) => setFilters({ ...filters, sourceId: e.target.value || null })}>
                  <option value="">All sources</option>
                  {sources.map((s) => (
                    <option key={s.id} value={s.id}>
                      {excerpt(s.title, 60)}
                    </option>
                  ))}
                </select>
              </label>
              {outlets.length > 0 && (
                <label className="network-field">
                  Outlet
                  <select value={filters.outlet ?? ''} onChange={(e) => setFilters({ ...filters, outlet: e.target.value || null })}>
                    <option value="">All outlets</option>
                    {outlets.map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                </label>
              )}

              <fieldset className="network-types">
                <legend>Relation types</legend>
                {usedTypes.length === 0 && <p className="network-muted">No relation is used yet.</p>}
                {usedTypes.map((t) => (
                  <label key={t.id} className="network-chip">
                    <input type="checkbox" checked={filters.relationTypeIds.includes(t.id)} onChange={() => setFilters({ ...filters, relationTypeIds: toggle(filters.relationTypeIds, t.id) })} />
                    <span className={`network-polarity polarity-${t.polarity}`} aria-hidden="true">
                      {POLARITY_GLYPHS[t.polarity]}
                    </span>{' '}
                    {t.label}
                  </label>
                ))}
              </fieldset>

              {activeFilters > 0 && (
                <button
                  type="button"
                  onClick={() => {
                    setPlaying(false);
                    setFilters({ ...NO_FILTERS });
                  }}
                >
                  Clear filters
                </button>
              )}
            </div>
          )}
        </section>

        <section className="network-stage" aria-label="Graph">
          {focus && (
            <p className="network-focus">
              Showing {nameOf(focus.actorId)} and the actors within {plural(focus.steps, 'step')}.{' '}
              <button type="button" onClick={() => setFocus(null)}>
                Show everyone
              </button>
            </p>
          )}
          {!webgl || canvasError ? (
            <p className="network-nogl" role="note">
              {canvasError ? `The graph could not be drawn (${canvasError}). ` : ''}The graph needs WebGL, which this browser does not provide. The lists of actors and ties beside it show the same network.
            </p>
          ) : (
            <div ref={containerRef} className="network-canvas" aria-hidden="true" onMouseLeave={() => setHover(null)} />
          )}
          {hovered && hover && (
            <div className="network-tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }} role="tooltip">
              <EdgeSummary edge={hovered} typeLabel={typeLabel} nameOf={nameOf} pairEdges={pairEdges(view, hovered)} />
            </div>
          )}
          <Legend />
          {view && (
            <p className="network-count" aria-live="polite">
              {plural(view.nodes.length, 'actor')} · {plural(view.edges.length, 'tie')} · {plural(view.claimCount, 'claim')}
              {dateTo ? ` · as of ${stepLabel(dateTo)}` : ''}
            </p>
          )}
          {error && (
            <p className="network-error" role="alert">
              {error}
            </p>
          )}
        </section>

        <aside className="network-side" aria-label="Network details">
          <Details
            selection={selection}
            data={data}
            view={view}
            request={request}
            typeLabel={typeLabel}
            nameOf={nameOf}
            onSelect={setSelection}
            onFocus={(actorId, steps) => {
              setFocus({ actorId, steps });
              setStatus(`Showing ${nameOf(actorId)} and the actors within ${plural(steps, 'step')}.`);
            }}
            onFly={(id) => canvasRef.current?.flyTo(id)}
            onOpenPassage={onOpenPassage}
          />
          {view && <VisibleLists view={view} typeLabel={typeLabel} nameOf={nameOf} selection={selection} onSelect={setSelection} />}
        </aside>
      </div>
      <p className="sr-only" aria-live="polite">
        {status}
      </p>
    </main>
  );
}

/** The other relations between the same two actors (for the hover card). */
function pairEdges(view: NetworkGraph | null, edge: NetworkEdge): NetworkEdge[] {
  if (!view) return [edge];
  return view.edges.filter(
    (e) => (e.sourceActorId === edge.sourceActorId && e.targetActorId === edge.targetActorId) || (e.sourceActorId === edge.targetActorId && e.targetActorId === edge.sourceActorId),
  );
}

function EdgeSummary({ edge, typeLabel, nameOf, pairEdges }: { edge: NetworkEdge; typeLabel(id: string): string; nameOf(id: string): string; pairEdges: NetworkEdge[] }) {
  return (
    <div className="network-edge-summary">
      {pairEdges.map((e) => (
        <div key={e.id} className={e.id === edge.id ? 'is-current' : undefined}>
          <strong>
            <span className={`network-polarity polarity-${e.polarity}`} aria-hidden="true">
              {POLARITY_GLYPHS[e.polarity]}
            </span>{' '}
            {relationPhrase(e, typeLabel(e.relationTypeId), nameOf)}
          </strong>
          <div className="network-muted">
            {plural(e.claimCount, 'claim')} in {plural(e.sourceCount, 'source')} · {stanceSummary(e.stances)}
            {dateRange(e.dateFrom, e.dateTo) ? ` · ${dateRange(e.dateFrom, e.dateTo)}` : ''}
            {e.stanceConflict ? ' · ⚠ asserted and denied' : ''}
            {e.polarityConflict && !e.stanceConflict ? ' · ⚠ cooperation and conflict' : ''}
          </div>
        </div>
      ))}
    </div>
  );
}

function Legend() {
  return (
    <details className="network-legend">
      <summary>Legend</summary>
      <ul>
        {(Object.keys(KIND_COLORS) as Array<keyof typeof KIND_COLORS>).map((k) => (
          <li key={k}>
            <span className="network-dot" style={{ background: KIND_COLORS[k] }} aria-hidden="true" /> {ACTOR_KIND_LABELS[k]}
          </li>
        ))}
        {POLARITIES.map((p) => (
          <li key={p}>
            <span className={`network-line polarity-${p}`} aria-hidden="true" /> {POLARITY_LABELS[p]}
          </li>
        ))}
        <li>
          <span className="network-line is-dashed" aria-hidden="true" /> No asserted claim (reported, alleged, speculative)
        </li>
        <li>⚠ Conflicting claims</li>
        <li>Size: number of claims. Drag an actor to pin it.</li>
      </ul>
    </details>
  );
}

interface DetailsProps {
  selection: Selection;
  data: NetworkGraph | null;
  view: NetworkGraph | null;
  request: NetworkFilters;
  typeLabel(id: string): string;
  nameOf(id: string): string;
  onSelect(selection: Selection): void;
  onFocus(actorId: string, steps: number): void;
  onFly(actorId: string): void;
  onOpenPassage(sourceId: string, highlightId: string): void;
}

function Details({ selection, data, view, request, typeLabel, nameOf, onSelect, onFocus, onFly, onOpenPassage }: DetailsProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const selectionKey = JSON.stringify(selection);
  useEffect(() => {
    if (selection) headingRef.current?.focus({ preventScroll: false });
  }, [selectionKey, selection]);

  if (!selection || !data) {
    return (
      <section className="network-details" aria-label="Selection">
        <p className="network-muted">Click an actor or a tie in the graph, or pick one from the lists below, to see its card or its evidence.</p>
      </section>
    );
  }
  if (selection.kind === 'node') {
    const node = data.nodes.find((n) => n.id === selection.id);
    if (!node) return null;
    return <ActorCard node={node} view={view ?? data} headingRef={headingRef} typeLabel={typeLabel} nameOf={nameOf} onSelect={onSelect} onFocus={onFocus} onFly={onFly} />;
  }
  const edge = selection.kind === 'edge' ? data.edges.find((e) => e.id === selection.id) : undefined;
  if (selection.kind === 'edge' && !edge) return null;
  const a = selection.kind === 'edge' ? edge!.sourceActorId : selection.a;
  const b = selection.kind === 'edge' ? edge!.targetActorId : selection.b;
  return (
    <Evidence
      key={selectionKey}
      headingRef={headingRef}
      title={edge ? relationPhrase(edge, typeLabel(edge.relationTypeId), nameOf) : `Every tie between ${nameOf(a)} and ${nameOf(b)}`}
      args={{ sourceActorId: a, targetActorId: b, relationTypeId: edge?.relationTypeId, filters: request }}
      edge={edge}
      typeLabel={typeLabel}
      nameOf={nameOf}
      onPair={edge ? () => onSelect({ kind: 'pair', a, b }) : undefined}
      onOpenPassage={onOpenPassage}
    />
  );
}

function ActorCard({
  node,
  view,
  headingRef,
  typeLabel,
  nameOf,
  onSelect,
  onFocus,
  onFly,
}: {
  node: NetworkNode;
  view: NetworkGraph;
  headingRef: RefObject<HTMLHeadingElement | null>;
  typeLabel(id: string): string;
  nameOf(id: string): string;
  onSelect(selection: Selection): void;
  onFocus(actorId: string, steps: number): void;
  onFly(actorId: string): void;
}) {
  const ties = view.edges.filter((e) => e.sourceActorId === node.id || e.targetActorId === node.id);
  return (
    <section className="network-details" aria-label="Actor">
      <h2 ref={headingRef} tabIndex={-1}>
        <span className="network-dot" style={{ background: KIND_COLORS[node.kind] }} aria-hidden="true" /> {node.name}
      </h2>
      <p className="network-muted">
        {ACTOR_KIND_LABELS[node.kind]} · {plural(node.claimCount, 'claim')} · tied to {plural(node.degree, 'actor')}
      </p>
      {node.aliases.length > 0 && <p className="network-muted">Also: {node.aliases.join(', ')}</p>}
      <div className="network-actions">
        <button type="button" onClick={() => onFocus(node.id, 1)}>
          Focus: 1 step
        </button>
        <button type="button" onClick={() => onFocus(node.id, 2)}>
          Focus: 2 steps
        </button>
        <button type="button" onClick={() => onFly(node.id)}>
          Fly to
        </button>
      </div>
      <h3>Ties</h3>
      <ul className="network-list">
        {ties.map((e) => (
          <li key={e.id}>
            <button type="button" onClick={() => onSelect({ kind: 'edge', id: e.id })}>
              <span className={`network-polarity polarity-${e.polarity}`} aria-hidden="true">
                {POLARITY_GLYPHS[e.polarity]}
              </span>{' '}
              {relationPhrase(e, typeLabel(e.relationTypeId), nameOf)} <span className="network-muted">· {plural(e.claimCount, 'claim')}</span>
              {e.stanceConflict || e.polarityConflict ? <span title="Conflicting claims"> ⚠</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Evidence({
  headingRef,
  title,
  args,
  edge,
  typeLabel,
  nameOf,
  onPair,
  onOpenPassage,
}: {
  headingRef: RefObject<HTMLHeadingElement | null>;
  title: string;
  args: { sourceActorId: string; targetActorId: string; relationTypeId?: string; filters: NetworkFilters };
  edge: NetworkEdge | undefined;
  typeLabel(id: string): string;
  nameOf(id: string): string;
  onPair?: () => void;
  onOpenPassage(sourceId: string, highlightId: string): void;
}) {
  const [items, setItems] = useState<NetworkEvidence[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const key = JSON.stringify(args);
  useEffect(() => {
    let live = true;
    const parsed = JSON.parse(key) as typeof args;
    api
      .getEdgeEvidence({ ...parsed, relationTypeId: parsed.relationTypeId ?? undefined })
      .then((list) => live && setItems(list))
      .catch((e: unknown) => live && setFailure(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [key]);
  return (
    <section className="network-details" aria-label="Evidence">
      <h2 ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      {edge && (
        <p className="network-muted">
          {plural(edge.claimCount, 'claim')} in {plural(edge.sourceCount, 'source')} · {stanceSummary(edge.stances)}
          {dateRange(edge.dateFrom, edge.dateTo) ? ` · ${dateRange(edge.dateFrom, edge.dateTo)}` : ''}
          {edge.stanceConflict ? ' · ⚠ asserted and denied' : ''}
          {edge.polarityConflict ? ' · ⚠ this pair has cooperative and conflictual ties' : ''}
        </p>
      )}
      {onPair && (
        <button type="button" className="network-link" onClick={onPair}>
          Every tie between these two actors
        </button>
      )}
      {failure && <p className="network-error">{failure}</p>}
      {!items && !failure && <p className="network-muted">Loading the evidence…</p>}
      {items && (
        <ul className="network-list network-evidence" aria-label="Evidence passages">
          {items.map((e) => (
            <li key={e.claimId}>
              <button type="button" onClick={() => onOpenPassage(e.sourceId, e.highlightId)} title="Open the passage in the reader">
                <q>{excerpt(e.exact, 220)}</q>
                <span className="network-muted">
                  {e.sourceTitle} · {e.stance}
                  {e.eventDate ? ` · ${e.eventDate.text}` : ''}
                  {!edge ? ` · ${relationPhrase({ sourceActorId: e.sourceActorId, targetActorId: e.targetActorId, directed: true }, typeLabel(e.relationTypeId), nameOf)}` : ''}
                </span>
              </button>
            </li>
          ))}
          {items.length === 0 && <li className="network-muted">No claim under the current filters.</li>}
        </ul>
      )}
    </section>
  );
}

function VisibleLists({
  view,
  typeLabel,
  nameOf,
  selection,
  onSelect,
}: {
  view: NetworkGraph;
  typeLabel(id: string): string;
  nameOf(id: string): string;
  selection: Selection;
  onSelect(selection: Selection): void;
}) {
  const [nodeCount, setNodeCount] = useState(LIST_PAGE);
  const [edgeCount, setEdgeCount] = useState(LIST_PAGE);
  return (
    <div className="network-lists">
      <details open>
        <summary>Visible actors ({view.nodes.length})</summary>
        <ul className="network-list" aria-label="Visible actors">
          {view.nodes.slice(0, nodeCount).map((n) => (
            <li key={n.id}>
              <button type="button" aria-current={selection?.kind === 'node' && selection.id === n.id ? 'true' : undefined} onClick={() => onSelect({ kind: 'node', id: n.id })}>
                <span className="network-dot" style={{ background: KIND_COLORS[n.kind] }} aria-hidden="true" /> {n.name}{' '}
                <span className="network-muted">
                  · {ACTOR_KIND_LABELS[n.kind]} · {plural(n.claimCount, 'claim')}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {view.nodes.length > nodeCount && (
          <button type="button" onClick={() => setNodeCount(nodeCount + LIST_PAGE * 4)}>
            Show more actors
          </button>
        )}
      </details>
      <details open>
        <summary>Visible ties ({view.edges.length})</summary>
        <ul className="network-list" aria-label="Visible ties">
          {view.edges.slice(0, edgeCount).map((e) => (
            <li key={e.id}>
              <button type="button" aria-current={selection?.kind === 'edge' && selection.id === e.id ? 'true' : undefined} onClick={() => onSelect({ kind: 'edge', id: e.id })}>
                <span className={`network-polarity polarity-${e.polarity}`} aria-hidden="true">
                  {POLARITY_GLYPHS[e.polarity]}
                </span>{' '}
                {relationPhrase(e, typeLabel(e.relationTypeId), nameOf)}{' '}
                <span className="network-muted">
                  · {plural(e.claimCount, 'claim')} · {stanceSummary(e.stances)}
                  {dateRange(e.dateFrom, e.dateTo) ? ` · ${dateRange(e.dateFrom, e.dateTo)}` : ''}
                </span>
                {e.stanceConflict || e.polarityConflict ? <span title="Conflicting claims"> ⚠</span> : null}
              </button>
            </li>
          ))}
        </ul>
        {view.edges.length > edgeCount && (
          <button type="button" onClick={() => setEdgeCount(edgeCount + LIST_PAGE * 4)}>
            Show more ties
          </button>
        )}
      </details>
    </div>
  );
}
