import { memo, useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { ACTOR_KIND_LABELS, POLARITIES, STANCES, type Actor, type Polarity, type RelationType, type Stance } from '../../../../shared/annotations';
import type { NetworkEvidence, NetworkFilters, NetworkGraph } from '../../../../shared/network';
import { excerpt } from '../../../../shared/text';
import type { SourceSummary } from '../../../../shared/types';
import { api, errorMessage, saveTextFile } from '../../api';
import { POLARITY_GLYPHS, POLARITY_LABELS, dateRange, plural, stanceSummary } from '../ties/format';
import { hasWebGL2, NetworkCanvas, type Theme } from './canvas';
import { viewGexf, viewGraphml } from './files';
import {
  affiliates,
  bothSpans,
  collapseGraph,
  compareGraphs,
  dateSteps,
  focusGraph,
  narrowGraph,
  KIND_COLORS,
  placeNodes,
  POSITION_SCALE,
  relationPhrase,
  searchNodes,
  stepLabel,
  timeline,
  type CompareInfo,
  type ViewEdge,
  type ViewFilters,
  type ViewGraph,
  type ViewNode,
} from './graph';
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
  /** One analyst's claims only; null: everyone's. */
  analyst: string | null;
  /** Index into the date steps; null: all dates. */
  dateStep: number | null;
  undated: boolean;
}

const NO_FILTERS: Filters = { relationTypeIds: [], polarities: [], stances: [], minClaims: 1, hideStructural: false, sourceId: null, outlet: null, analyst: null, dateStep: null, undated: true };

/** Compare mode: two analysts, sources or outlets, A and B, as one graph. */
export interface Compare {
  by: 'analyst' | 'source' | 'outlet';
  a: string;
  b: string;
}

type Selection = { kind: 'edge'; id: string } | { kind: 'pair'; a: string; b: string } | { kind: 'node'; id: string } | null;

/** What outlives a trip to the reader and back (App unmounts the view): the view as it was left. */
const remembered: {
  filters: Filters | null;
  compare: Compare | null;
  collapsed: string[];
  focus: { actorId: string; steps: number } | null;
  selection: Selection;
  camera: { x: number; y: number; ratio: number; angle: number } | null;
} = { filters: null, compare: null, collapsed: [], focus: null, selection: null, camera: null };

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
  const [filters, setFiltersState] = useState<Filters>(() => remembered.filters ?? { ...NO_FILTERS, sourceId });
  /** When the filters last changed, for the `tiemark:network-filter-repaint` measure (0: no change waiting for its frame). */
  const filterStarted = useRef(0);
  const setFilters = useCallback((next: Filters | ((f: Filters) => Filters)) => {
    filterStarted.current = performance.now();
    setFiltersState(next);
  }, []);
  const [focus, setFocus] = useState(remembered.focus);
  const [compare, setCompare] = useState<Compare | null>(remembered.compare);
  const [collapsed, setCollapsed] = useState<string[]>(remembered.collapsed);
  const [analysts, setAnalysts] = useState<string[]>([]);
  const [actors, setActors] = useState<Actor[]>([]);
  const [selection, setSelection] = useState<Selection>(remembered.selection);
  /** The backend's answer (both sides' when comparing), before the filters the view applies itself. */
  const [fetched, setFetched] = useState<NetworkGraph | readonly [NetworkGraph, NetworkGraph] | null>(null);
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
    remembered.compare = compare;
    remembered.collapsed = collapsed;
  }, [filters, focus, selection, compare, collapsed]);

  // ---- Vocabulary: relation types and sources, for the filters and the labels
  useEffect(() => {
    let live = true;
    Promise.all([api.listRelationTypes({}), api.listSources({}), api.listAnalysts({}), api.listActors({})])
      .then(([types, list, names, registry]) => {
        if (!live) return;
        setRelationTypes(types);
        setSources(list);
        // '' is this project's analyst before they are named: not a name to pick.
        setAnalysts(names.filter((n) => n !== ''));
        setActors(registry);
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
  // Relation type, polarity, structural ties and minimum claims drop whole edges: the view applies
  // them to the graph it holds (`narrowGraph`), with no round trip. The rest go to the backend.
  const request = useMemo<NetworkFilters>(() => {
    const r: NetworkFilters = {};
    if (filters.stances.length) r.stances = filters.stances;
    if (filters.sourceId) r.sourceIds = [filters.sourceId];
    if (filters.outlet) r.outlets = [filters.outlet];
    if (filters.analyst !== null) r.analyst = filters.analyst;
    if (dateTo) r.dateTo = dateTo;
    if (!filters.undated) r.undated = false;
    return r;
  }, [filters.stances, filters.sourceId, filters.outlet, filters.analyst, filters.undated, dateTo]);
  const narrowing = useMemo<ViewFilters>(() => {
    const r: ViewFilters = {};
    if (filters.relationTypeIds.length) r.relationTypeIds = filters.relationTypeIds;
    if (filters.polarities.length) r.polarities = filters.polarities;
    if (filters.minClaims > 1) r.minClaims = filters.minClaims;
    if (filters.hideStructural) r.hideStructural = true;
    return r;
  }, [filters.relationTypeIds, filters.polarities, filters.minClaims, filters.hideStructural]);
  /** Every filter, as the backend takes them: what the evidence of an edge is asked under. */
  const allFilters = useMemo<NetworkFilters>(() => ({ ...request, ...narrowing }), [request, narrowing]);
  const comparing = compare && compare.a && compare.b && compare.a !== compare.b ? compare : null;
  /** The filters of the two sides: every filter with A's (or B's) analyst, source or outlet in place of the shared one. */
  const sides = useMemo(() => (comparing ? ([comparing.a, comparing.b] as const).map((value) => sideFilters(allFilters, comparing.by, value)) : null), [comparing, allFilters]);
  const requestKey = JSON.stringify(comparing ? [comparing.a, comparing.b].map((value) => sideFilters(request, comparing.by, value)) : request);
  useEffect(() => {
    let live = true;
    if (!filterStarted.current) filterStarted.current = performance.now();
    const parsed = JSON.parse(requestKey) as NetworkFilters | NetworkFilters[];
    const load: Promise<NetworkGraph | readonly [NetworkGraph, NetworkGraph]> = Array.isArray(parsed)
      ? Promise.all(parsed.map((f) => api.getNetwork({ filters: f }))).then(([a, b]) => [a, b] as const)
      : api.getNetwork({ filters: parsed });
    load
      .then((graph) => {
        if (!live) return;
        performance.measure('tiemark:network-fetch', { start: filterStarted.current, end: performance.now() });
        setFetched(graph);
        setError(null);
        // The slider's span: the dated claims under the backend's filters (those the view applies
        // itself do not move it, so hiding a relation type keeps the slider's steps where they are).
        const span = 'nodes' in graph ? graph.dates : bothSpans(graph[0].dates, graph[1].dates);
        if (span) setDates((d) => (d && d.from === span.from && d.to === span.to ? d : span));
      })
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [requestKey]);
  const data = useMemo<ViewGraph | null>(() => {
    if (!fetched) return null;
    if ('nodes' in fetched) return narrowGraph(fetched, narrowing);
    return compareGraphs(narrowGraph(fetched[0], narrowing), narrowGraph(fetched[1], narrowing));
  }, [fetched, narrowing]);
  const registry = useMemo(() => actors.map((a) => ({ id: a.id, name: a.name, kind: a.kind, aliases: a.aliases, color: a.color, affiliationId: a.affiliationId })), [actors]);
  // What is drawn: the fetched graph, affiliations collapsed, then the focus.
  const shown = useMemo(() => (data ? collapseGraph(data, collapsed, registry) : null), [data, collapsed, registry]);
  const view = useMemo(() => (shown ? focusGraph(shown, focus) : null), [shown, focus]);
  // The lists of visible actors and ties follow a moment later, in a render of their own, so a
  // filter's new graph is drawn first (hundreds of rows cost more than the drawing).
  const listed = useDeferredValue(view);
  const nodesById = useMemo(() => new Map((shown?.nodes ?? []).map((n) => [n.id, n])), [shown]);
  const edgesById = useMemo(() => new Map((shown?.edges ?? []).map((e) => [e.id, e])), [shown]);
  const actorNames = useMemo(() => new Map(actors.map((a) => [a.id, a.name])), [actors]);
  const nameOf = useCallback((id: string) => nodesById.get(id)?.name ?? actorNames.get(id) ?? 'an actor no longer shown', [nodesById, actorNames]);
  const listedNameOf = useDeferredValue(nameOf);
  // The actors that have affiliated actors among the fetched ones: what can be collapsed.
  const groups = useMemo(() => {
    const ids = new Set((data?.nodes ?? []).map((n) => n.id));
    return [...affiliates(registry)]
      .filter(([parent, members]) => members.some((m) => ids.has(m)) && (ids.has(parent) || members.some((m) => ids.has(m))))
      .map(([parent, members]) => ({ id: parent, name: actorNames.get(parent) ?? parent, members: members.filter((m) => ids.has(m)).length }))
      .sort((x, y) => x.name.localeCompare(y.name));
  }, [data, registry, actorNames]);
  const sideName = useCallback(
    (side: 'a' | 'b') => {
      if (!comparing) return side.toUpperCase();
      const value = comparing[side];
      return comparing.by === 'source' ? excerpt(sources.find((s) => s.id === value)?.title ?? value, 40) : value;
    },
    [comparing, sources],
  );

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
    // A collapsed group starts where its first member was on screen.
    for (const n of view.nodes) {
      const from = n.group?.memberIds.map((m) => current.get(m)).find((p) => p !== undefined);
      if (from && !current.has(n.id)) placed.set(n.id, { x: from.x, y: from.y, kept: true, pinned: false });
    }
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
  }, [playing, steps.length, setFilters]);

  // ---- Search and fly
  const matches = useMemo(() => (query.trim() && view ? searchNodes(view.nodes, query) : []), [query, view]);
  const flyTo = (id: string) => {
    setSelection({ kind: 'node', id });
    canvasRef.current?.flyTo(id);
    setStatus(`${nameOf(id)} selected.`);
  };

  // ---- Export
  const exportGraph = async (kind: 'gexf' | 'graphml') => {
    if (!view) return;
    try {
      const text = kind === 'gexf' ? viewGexf(view, typeLabel) : viewGraphml(view, typeLabel);
      await saveTextFile(`network.${kind}`, text, kind === 'gexf' ? 'application/gexf+xml' : 'application/graphml+xml');
      setStatus(`Saved the graph shown as network.${kind}.`);
    } catch (e) {
      setStatus(`The graph could not be saved: ${errorMessage(e)}`);
    }
  };

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
    (filters.analyst !== null ? 1 : 0) +
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
          </>
        )}
        <span className="network-muted" aria-hidden="true">
          Save
        </span>
        {webgl && !canvasError && (
          <>
            <button type="button" aria-label="Save PNG" title="The picture, as PNG" onClick={() => void exportPicture('png')}>
              PNG
            </button>
            <button type="button" aria-label="Save SVG" title="The picture, as SVG" onClick={() => void exportPicture('svg')}>
              SVG
            </button>
          </>
        )}
        <button type="button" aria-label="Save GEXF" onClick={() => void exportGraph('gexf')} disabled={!view} title="The graph shown (after filters, focus, collapse and compare), for Gephi">
          GEXF
        </button>
        <button type="button" aria-label="Save GraphML" onClick={() => void exportGraph('graphml')} disabled={!view} title="The graph shown (after filters, focus, collapse and compare), as GraphML">
          GraphML
        </button>
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

              {analysts.length > 1 && (
                <label className="network-field">
                  Analyst
                  <select value={filters.analyst ?? ''} onChange={(e) => setFilters({ ...filters, analyst: e.target.value || null })}>
                    <option value="">Every analyst</option>
                    {analysts.map((a) => (
                      <option key={a} value={a}>
                        {a}
                      </option>
                    ))}
                  </select>
                </label>
              )}

              <CompareFields compare={compare} onChange={setCompare} analysts={analysts} sources={sources} outlets={outlets} />

              {groups.length > 0 && (
                <fieldset>
                  <legend>Collapse affiliations</legend>
                  {groups.map((g) => (
                    <label key={g.id} className="network-chip">
                      <input
                        type="checkbox"
                        checked={collapsed.includes(g.id)}
                        onChange={() => {
                          setCollapsed(toggle(collapsed, g.id));
                          setStatus(collapsed.includes(g.id) ? `${g.name}'s affiliates shown apart.` : `${g.name} and ${plural(g.members, 'affiliated actor')} shown as one.`);
                        }}
                      />{' '}
                      {g.name} <span className="network-muted">(+{g.members})</span>
                    </label>
                  ))}
                </fieldset>
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
              <EdgeSummary edge={hovered} typeLabel={typeLabel} nameOf={nameOf} pairEdges={pairEdges(view, hovered)} sideName={sideName} />
            </div>
          )}
          {comparing && (
            <p className="network-compare-key">
              <span>
                <span className="network-line compare-a" aria-hidden="true" /> only {sideName('a')}
              </span>
              <span>
                <span className="network-line compare-b is-dashed" aria-hidden="true" /> only {sideName('b')}
              </span>
              <span>
                <span className="network-line compare-both" aria-hidden="true" /> both
              </span>
              <span>
                <span className="network-line compare-conflict" aria-hidden="true" /> ⚠ one asserts, the other denies
              </span>
            </p>
          )}
          <Legend compare={comparing ? { a: sideName('a'), b: sideName('b') } : null} />
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
            data={shown}
            view={view}
            sides={sides}
            sideName={sideName}
            typesById={typesById}
            typeLabel={typeLabel}
            nameOf={nameOf}
            onSelect={setSelection}
            onFocus={(actorId, steps) => {
              setFocus({ actorId, steps });
              setStatus(`Showing ${nameOf(actorId)} and the actors within ${plural(steps, 'step')}.`);
            }}
            onFly={(id) => canvasRef.current?.flyTo(id)}
            onOpenPassage={onOpenPassage}
            onExpand={(id) => setCollapsed(collapsed.filter((c) => c !== id))}
            request={allFilters}
          />
          {listed && <VisibleLists view={listed} typeLabel={typeLabel} nameOf={listedNameOf} selection={selection} onSelect={setSelection} sideName={sideName} />}
        </aside>
      </div>
      <p className="sr-only" aria-live="polite">
        {status}
      </p>
    </main>
  );
}

/** A side's filters in the compare mode: the shared filters, with its analyst, source or outlet instead of theirs. */
export function sideFilters(request: NetworkFilters, by: Compare['by'], value: string): NetworkFilters {
  const r: NetworkFilters = { ...request };
  if (by === 'analyst') r.analyst = value;
  else if (by === 'source') r.sourceIds = [value];
  else r.outlets = [value];
  return r;
}

/** Who asserts an edge, in words: "only Dana", "Dana and Omar", "Dana and Omar disagree". */
export function markText(compare: CompareInfo, sideName: (side: 'a' | 'b') => string): string {
  const a = sideName('a');
  const b = sideName('b');
  if (compare.mark === 'a') return `only ${a}`;
  if (compare.mark === 'b') return `only ${b}`;
  const counts = `${a} ${compare.a?.claimCount ?? 0}, ${b} ${compare.b?.claimCount ?? 0}`;
  return compare.mark === 'conflict' ? `${a} and ${b} disagree (${counts})` : `${a} and ${b} (${counts})`;
}

/** The edges between two actors, either direction. */
function edgesBetween(graph: ViewGraph | null, a: string, b: string): ViewEdge[] {
  if (!graph) return [];
  return graph.edges.filter((e) => (e.sourceActorId === a && e.targetActorId === b) || (e.sourceActorId === b && e.targetActorId === a));
}

/** The other relations between the same two actors (for the hover card). */
function pairEdges(view: ViewGraph | null, edge: ViewEdge): ViewEdge[] {
  return view ? edgesBetween(view, edge.sourceActorId, edge.targetActorId) : [edge];
}

function EdgeSummary({
  edge,
  typeLabel,
  nameOf,
  pairEdges,
  sideName,
}: {
  edge: ViewEdge;
  typeLabel(id: string): string;
  nameOf(id: string): string;
  pairEdges: ViewEdge[];
  sideName(side: 'a' | 'b'): string;
}) {
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
            {e.compare ? ` · ${markText(e.compare, sideName)}` : ''}
            {e.stanceConflict ? ' · ⚠ asserted and denied' : ''}
            {e.polarityConflict && !e.stanceConflict ? ' · ⚠ cooperation and conflict' : ''}
          </div>
        </div>
      ))}
    </div>
  );
}

function Legend({ compare }: { compare: { a: string; b: string } | null }) {
  return (
    <details className="network-legend">
      <summary>Legend</summary>
      <ul>
        {compare ? (
          <>
            <li>
              <span className="network-line compare-a" aria-hidden="true" /> Only {compare.a}
            </li>
            <li>
              <span className="network-line compare-b is-dashed" aria-hidden="true" /> Only {compare.b}
            </li>
            <li>
              <span className="network-line compare-both" aria-hidden="true" /> Both
            </li>
            <li>
              <span className="network-line compare-conflict" aria-hidden="true" /> ⚠ One asserts, the other denies
            </li>
          </>
        ) : (
          <>
            {POLARITIES.map((p) => (
              <li key={p}>
                <span className={`network-line polarity-${p}`} aria-hidden="true" /> {POLARITY_LABELS[p]}
              </li>
            ))}
            <li>
              <span className="network-line is-dashed" aria-hidden="true" /> No asserted claim (reported, alleged, speculative)
            </li>
            <li>⚠ Conflicting claims</li>
          </>
        )}
        {(Object.keys(KIND_COLORS) as Array<keyof typeof KIND_COLORS>).map((k) => (
          <li key={k}>
            <span className="network-dot" style={{ background: KIND_COLORS[k] }} aria-hidden="true" /> {ACTOR_KIND_LABELS[k]}
          </li>
        ))}
        <li>Size: number of claims. Drag an actor to pin it.</li>
      </ul>
    </details>
  );
}

const COMPARE_BY: Record<Compare['by'], string> = { analyst: 'Two analysts', source: 'Two sources', outlet: 'Two outlets' };

function CompareFields({
  compare,
  onChange,
  analysts,
  sources,
  outlets,
}: {
  compare: Compare | null;
  onChange(compare: Compare | null): void;
  analysts: string[];
  sources: SourceSummary[];
  outlets: string[];
}) {
  const options = (by: Compare['by']): Array<[string, string]> =>
    by === 'analyst' ? analysts.map((a) => [a, a]) : by === 'source' ? sources.map((s) => [s.id, excerpt(s.title, 50)]) : outlets.map((o) => [o, o]);
  const usable = (Object.keys(COMPARE_BY) as Array<Compare['by']>).filter((by) => options(by).length > 1);
  if (!usable.length && !compare) return null;
  return (
    <fieldset className="network-compare">
      <legend>Compare</legend>
      <label className="network-field">
        Compare
        <select
          value={compare?.by ?? ''}
          onChange={(e) => {
            const by = e.target.value as Compare['by'] | '';
            if (!by) return onChange(null);
            const list = options(by);
            onChange({ by, a: list[0]?.[0] ?? '', b: list[1]?.[0] ?? '' });
          }}
        >
          <option value="">Nothing (one graph)</option>
          {usable.map((by) => (
            <option key={by} value={by}>
              {COMPARE_BY[by]}
            </option>
          ))}
        </select>
      </label>
      {compare &&
        (['a', 'b'] as const).map((side) => (
          <label key={side} className="network-field">
            {side === 'a' ? 'A (solid blue)' : 'B (dashed orange)'}
            <select value={compare[side]} onChange={(e) => onChange({ ...compare, [side]: e.target.value })}>
              {options(compare.by).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        ))}
      {compare && compare.a === compare.b && <p className="network-muted">Pick two different ones.</p>}
    </fieldset>
  );
}

interface DetailsProps {
  selection: Selection;
  data: ViewGraph | null;
  view: ViewGraph | null;
  request: NetworkFilters;
  sides: NetworkFilters[] | null;
  sideName(side: 'a' | 'b'): string;
  typesById: Map<string, RelationType>;
  typeLabel(id: string): string;
  nameOf(id: string): string;
  onSelect(selection: Selection): void;
  onFocus(actorId: string, steps: number): void;
  onFly(actorId: string): void;
  onOpenPassage(sourceId: string, highlightId: string): void;
  onExpand(actorId: string): void;
}

function Details({ selection, data, view, request, sides, sideName, typesById, typeLabel, nameOf, onSelect, onFocus, onFly, onOpenPassage, onExpand }: DetailsProps) {
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
    return (
      <ActorCard
        node={node}
        view={view ?? data}
        headingRef={headingRef}
        typeLabel={typeLabel}
        nameOf={nameOf}
        onSelect={onSelect}
        onFocus={onFocus}
        onFly={onFly}
        onExpand={onExpand}
        sideName={sideName}
      />
    );
  }
  const edge = selection.kind === 'edge' ? data.edges.find((e) => e.id === selection.id) : undefined;
  if (selection.kind === 'edge' && !edge) return null;
  const a = selection.kind === 'edge' ? edge!.sourceActorId : selection.a;
  const b = selection.kind === 'edge' ? edge!.targetActorId : selection.b;
  const between = edgesBetween(data, a, b);
  return (
    <Evidence
      key={selectionKey}
      headingRef={headingRef}
      title={edge ? relationPhrase(edge, typeLabel(edge.relationTypeId), nameOf) : `Every tie between ${nameOf(a)} and ${nameOf(b)}`}
      pair={[a, b]}
      queries={evidenceQueries(edge ? [edge] : between, sides ?? [request])}
      pairQueries={evidenceQueries(between, sides ?? [request])}
      compared={sides !== null}
      edge={edge}
      typesById={typesById}
      typeLabel={typeLabel}
      nameOf={nameOf}
      sideName={sideName}
      onPair={edge ? () => onSelect({ kind: 'pair', a, b }) : undefined}
      onOpenPassage={onOpenPassage}
    />
  );
}

type EvidenceQuery = { sourceActorId: string; targetActorId: string; relationTypeId: string; filters: NetworkFilters };

/** The evidence requests behind drawn edges: each backend edge a collapsed one stands for, under each side's filters (one side outside the compare mode). */
function evidenceQueries(edges: readonly ViewEdge[], filters: readonly NetworkFilters[]): EvidenceQuery[] {
  return edges.flatMap((e) =>
    (e.parts ?? [e]).flatMap((part) => filters.map((f) => ({ sourceActorId: part.sourceActorId, targetActorId: part.targetActorId, relationTypeId: part.relationTypeId, filters: f }))),
  );
}

/** A passage of the evidence, with the sides (indexes into the queries' filters) that have it. */
type SidedEvidence = NetworkEvidence & { sides: number[] };

function useEvidence(queries: EvidenceQuery[], sideCount: number): { items: SidedEvidence[] | null; failure: string | null } {
  const [items, setItems] = useState<SidedEvidence[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const key = JSON.stringify(queries);
  useEffect(() => {
    let live = true;
    const parsed = JSON.parse(key) as EvidenceQuery[];
    Promise.all(parsed.map((q) => api.getEdgeEvidence(q)))
      .then((lists) => {
        if (!live) return;
        const byClaim = new Map<string, SidedEvidence>();
        lists.forEach((list, i) => {
          for (const e of list) {
            const seen = byClaim.get(e.claimId);
            if (seen) {
              if (!seen.sides.includes(i % sideCount)) seen.sides.push(i % sideCount);
            } else byClaim.set(e.claimId, { ...e, sides: [i % sideCount] });
          }
        });
        setItems([...byClaim.values()]);
      })
      .catch((e: unknown) => live && setFailure(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [key, sideCount]);
  return { items, failure };
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
  onExpand,
  sideName,
}: {
  node: ViewNode;
  view: ViewGraph;
  headingRef: RefObject<HTMLHeadingElement | null>;
  typeLabel(id: string): string;
  nameOf(id: string): string;
  onSelect(selection: Selection): void;
  onFocus(actorId: string, steps: number): void;
  onFly(actorId: string): void;
  onExpand(actorId: string): void;
  sideName(side: 'a' | 'b'): string;
}) {
  const ties = view.edges.filter((e) => e.sourceActorId === node.id || e.targetActorId === node.id);
  const members = node.group?.memberIds.filter((m) => m !== node.id) ?? [];
  return (
    <section className="network-details" aria-label="Actor">
      <h2 ref={headingRef} tabIndex={-1}>
        <span className="network-dot" style={{ background: KIND_COLORS[node.kind] }} aria-hidden="true" /> {node.name}
      </h2>
      <p className="network-muted">
        {ACTOR_KIND_LABELS[node.kind]} · {plural(node.claimCount, 'claim')} · tied to {plural(node.degree, 'actor')}
      </p>
      {node.aliases.length > 0 && <p className="network-muted">Also: {node.aliases.join(', ')}</p>}
      {node.group && (
        <p className="network-group">
          Drawn with its affiliates: {members.map(nameOf).join(', ')}
          {node.group.internalClaims ? ` · ${plural(node.group.internalClaims, 'claim')} among them, not drawn` : ''}.{' '}
          <button type="button" className="network-link" onClick={() => onExpand(node.id)}>
            Show apart
          </button>
        </p>
      )}
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
              {e.compare ? <span className={`network-mark mark-${e.compare.mark}`}> · {markText(e.compare, sideName)}</span> : null}
              {e.stanceConflict || e.polarityConflict ? <span title="Conflicting claims"> ⚠</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function sidesText(sides: number[], compared: boolean, sideName: (side: 'a' | 'b') => string): string {
  if (!compared) return '';
  return ` · ${[...sides]
    .sort()
    .map((i) => sideName(i === 0 ? 'a' : 'b'))
    .join(' and ')}`;
}

function Evidence({
  headingRef,
  title,
  pair,
  queries,
  pairQueries,
  compared,
  edge,
  typesById,
  typeLabel,
  nameOf,
  sideName,
  onPair,
  onOpenPassage,
}: {
  headingRef: RefObject<HTMLHeadingElement | null>;
  title: string;
  pair: [string, string];
  queries: EvidenceQuery[];
  pairQueries: EvidenceQuery[];
  compared: boolean;
  edge: ViewEdge | undefined;
  typesById: Map<string, RelationType>;
  typeLabel(id: string): string;
  nameOf(id: string): string;
  sideName(side: 'a' | 'b'): string;
  onPair?: () => void;
  onOpenPassage(sourceId: string, highlightId: string): void;
}) {
  const sideCount = compared ? 2 : 1;
  const { items, failure } = useEvidence(queries, sideCount);
  const [showTimeline, setShowTimeline] = useState(false);
  const timelineId = useId();
  return (
    <section className="network-details" aria-label="Evidence">
      <h2 ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      {edge && (
        <p className="network-muted">
          {plural(edge.claimCount, 'claim')} in {plural(edge.sourceCount, 'source')} · {stanceSummary(edge.stances)}
          {dateRange(edge.dateFrom, edge.dateTo) ? ` · ${dateRange(edge.dateFrom, edge.dateTo)}` : ''}
          {edge.compare ? ` · ${markText(edge.compare, sideName)}` : ''}
          {edge.stanceConflict ? ' · ⚠ asserted and denied' : ''}
          {edge.polarityConflict ? ' · ⚠ this pair has cooperative and conflictual ties' : ''}
          {edge.parts ? ` · ${plural(edge.parts.length, 'tie')} of affiliated actors merged` : ''}
        </p>
      )}
      <div className="network-actions">
        {onPair && (
          <button type="button" className="network-link" onClick={onPair}>
            Every tie between these two actors
          </button>
        )}
        <button type="button" aria-expanded={showTimeline} aria-controls={timelineId} onClick={() => setShowTimeline(!showTimeline)}>
          Timeline
        </button>
      </div>
      <div id={timelineId}>
        {showTimeline && (
          <DyadTimeline
            pair={pair}
            queries={pairQueries}
            sideCount={sideCount}
            compared={compared}
            typesById={typesById}
            typeLabel={typeLabel}
            nameOf={nameOf}
            sideName={sideName}
            onOpenPassage={onOpenPassage}
          />
        )}
      </div>
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
                  {!edge || edge.parts ? ` · ${relationPhrase({ sourceActorId: e.sourceActorId, targetActorId: e.targetActorId, directed: true }, typeLabel(e.relationTypeId), nameOf)}` : ''}
                  {sidesText(e.sides, compared, sideName)}
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

const STANCE_SHAPES: Record<Stance, string> = { asserted: '●', reported: '◐', alleged: '○', speculative: '◌', denied: '✕' };

/**
 * Every claim between two actors (both directions, every relation) along the event dates: one
 * mark per claim, coloured by the relation's polarity, its glyph by stance; undated claims
 * listed below. Each mark is a button: its label says the date, relation, stance and source, and
 * Enter opens the passage.
 */
function DyadTimeline({
  pair,
  queries,
  sideCount,
  compared,
  typesById,
  typeLabel,
  nameOf,
  sideName,
  onOpenPassage,
}: {
  pair: [string, string];
  queries: EvidenceQuery[];
  sideCount: number;
  compared: boolean;
  typesById: Map<string, RelationType>;
  typeLabel(id: string): string;
  nameOf(id: string): string;
  sideName(side: 'a' | 'b'): string;
  onOpenPassage(sourceId: string, highlightId: string): void;
}) {
  const { items, failure } = useEvidence(queries, sideCount);
  const strip = useMemo(() => (items ? timeline(items) : null), [items]);
  const labelOf = (e: SidedEvidence) =>
    `${e.eventDate ? e.eventDate.text : 'No date'} · ${relationPhrase({ sourceActorId: e.sourceActorId, targetActorId: e.targetActorId, directed: true }, typeLabel(e.relationTypeId), nameOf)} · ${e.stance} · ${e.sourceTitle}${sidesText(e.sides, compared, sideName)}`;
  const polarityOf = (e: SidedEvidence) => typesById.get(e.relationTypeId)?.polarity ?? 'neutral';
  const rows = strip ? Math.max(1, ...strip.marks.map((m) => m.row + 1)) : 1;
  return (
    <section className="network-timeline" aria-label={`Timeline of ${nameOf(pair[0])} and ${nameOf(pair[1])}`}>
      <h3>
        Timeline: {nameOf(pair[0])} and {nameOf(pair[1])}
      </h3>
      {failure && <p className="network-error">{failure}</p>}
      {!strip && !failure && <p className="network-muted">Loading the claims…</p>}
      {strip && (
        <>
          {strip.marks.length > 0 ? (
            <div className="network-strip" style={{ height: 22 * rows + 22 }}>
              {strip.ticks.map((tick) => (
                <span key={tick.label} className="network-tick" style={{ left: `${tick.x * 100}%` }} aria-hidden="true">
                  {tick.label}
                </span>
              ))}
              <ul aria-label="Dated claims">
                {strip.marks.map((m) => (
                  <li key={m.item.claimId}>
                    <button
                      type="button"
                      className={`network-mark-claim polarity-${polarityOf(m.item)} stance-${m.item.stance}${m.x1 - m.x0 > 0.02 ? ' is-period' : ''}`}
                      style={{ left: `calc(${m.x0 * 100}% - 8px)`, width: m.x1 - m.x0 > 0.02 ? `calc(${(m.x1 - m.x0) * 100}% + 16px)` : undefined, top: m.row * 22 }}
                      aria-label={labelOf(m.item)}
                      title={labelOf(m.item)}
                      onClick={() => onOpenPassage(m.item.sourceId, m.item.highlightId)}
                    >
                      <span aria-hidden="true">{STANCE_SHAPES[m.item.stance]}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="network-muted">No dated claim between them.</p>
          )}
          <p className="network-muted network-timeline-key">
            Colour: polarity. {STANCES.map((s) => `${STANCE_SHAPES[s]} ${s}`).join(' · ')}
          </p>
          {strip.undated.length > 0 && (
            <>
              <h4>Without a date</h4>
              <ul className="network-list" aria-label="Claims without a date">
                {strip.undated.map((e) => (
                  <li key={e.claimId}>
                    <button type="button" className={`polarity-${polarityOf(e)}`} onClick={() => onOpenPassage(e.sourceId, e.highlightId)}>
                      <span aria-hidden="true">{STANCE_SHAPES[e.stance]}</span> {labelOf(e)}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

const VisibleLists = memo(function VisibleLists({
  view,
  typeLabel,
  nameOf,
  selection,
  onSelect,
  sideName,
}: {
  view: ViewGraph;
  typeLabel(id: string): string;
  nameOf(id: string): string;
  selection: Selection;
  onSelect(selection: Selection): void;
  sideName(side: 'a' | 'b'): string;
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
                <span className="network-dot" style={{ background: KIND_COLORS[n.kind] }} aria-hidden="true" /> {n.name}
                {n.group ? ` (with ${plural(n.group.memberIds.length - (n.group.memberIds.includes(n.id) ? 1 : 0), 'affiliate')})` : ''}{' '}
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
                {e.compare ? <span className={`network-mark mark-${e.compare.mark}`}> · {markText(e.compare, sideName)}</span> : null}
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
});
