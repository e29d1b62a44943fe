import { MultiDirectedGraph } from 'graphology';
import Sigma, { DEFAULT_STYLES } from 'sigma';
import { extremityArrow, layerDashed, layerPlain, pathCurved, pathLine, pathLoop } from 'sigma/rendering';
import type { CameraState } from 'sigma/types';
import { COMPARE_COLORS, edgeWidth, isTentative, KIND_COLORS, nodeSize, POLARITY_COLORS, type Placed, type ViewEdge, type ViewGraph } from './graph';
import type { LayoutInput } from './layout';
import type { LayoutReply, LayoutRequest } from './layout.worker';

/**
 * The drawn graph: a graphology MultiDirectedGraph rendered by sigma (WebGL2), laid out by the
 * ForceAtlas2 worker. NetworkView.tsx owns the state; this class only draws what it is given and
 * reports the pointer. Parallel relations between two actors are spread as curves by sigma
 * (`parallelPath`); tentative ties (no asserted claim) are dashed; a conflict carries a ⚠ label.
 */

export type Theme = 'light' | 'dark';

export interface CanvasEvents {
  hoverEdge(edgeId: string | null, x: number, y: number): void;
  clickEdge(edgeId: string): void;
  clickNode(nodeId: string): void;
  clickStage(): void;
  /** A node was dragged (it is now pinned there); positions in layout units. */
  pinned(nodeId: string, x: number, y: number): void;
  /** The layout settled (or was stopped): every node's position, and how long it ran. */
  settled(positions: Map<string, { x: number; y: number; pinned: boolean }>, info: { ms: number; iterations: number; settled: boolean }): void;
  /** The first frame drawn after a `setData`. */
  painted(): void;
}

/** WebGL2 is what sigma 4 draws with. */
export function hasWebGL2(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return canvas.getContext('webgl2') !== null;
  } catch {
    return false;
  }
}

interface NodeAttributes {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  /** Dragged by the user: no layout moves it. */
  pinned: boolean;
  /** Placed on an earlier visit or by a finished layout: a layout of newcomers leaves it. */
  kept: boolean;
}

interface EdgeAttributes {
  size: number;
  color: string;
  solidColor: string;
  dash: number;
  gap: number;
  head?: string;
  label?: string;
}

const TRANSPARENT = 'rgba(0,0,0,0)';

/** Whether `current` already holds every value of `next` (and no key `next` lacks). */
function same(current: object, next: object): boolean {
  const a = current as Record<string, unknown>;
  const b = next as Record<string, unknown>;
  const keys = Object.keys(b);
  if (Object.keys(a).length !== keys.length) return false;
  return keys.every((k) => a[k] === b[k]);
}

export class NetworkCanvas {
  readonly graph = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>();
  /** Empty: what sigma is pointed at while `setData` drops items from `graph`. */
  private readonly detached = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>();
  private readonly sigma: Sigma<NodeAttributes, EdgeAttributes>;
  private worker: Worker | null = null;
  private run = 0;
  private theme: Theme;
  private paintPending = false;

  constructor(
    container: HTMLElement,
    private readonly events: CanvasEvents,
    theme: Theme,
  ) {
    this.theme = theme;
    // Everything not highlighted is dimmed while something is (a focus, a selection).
    const dim = (state: { isHighlighted: boolean }, graphState: { hasHighlighted: boolean }, faded: number) => (graphState.hasHighlighted && !state.isHighlighted ? faded : 1);
    this.sigma = new Sigma(this.graph, container, {
      primitives: {
        edges: {
          paths: [pathLine(), pathCurved(), pathLoop()],
          extremities: [extremityArrow()],
          // Per-edge values the layers read (set from the edge attributes by the styles below).
          variables: {
            solidColor: { type: 'color', default: TRANSPARENT },
            dash: { type: 'number', default: 0 },
            gap: { type: 'number', default: 0 },
          },
          layers: [
            layerPlain({ color: { attribute: 'solidColor' } }),
            layerDashed({ dashSize: { attribute: 'dash', default: 0, mode: 'pixels' }, gapSize: { attribute: 'gap', default: 0, mode: 'pixels' }, gapColor: 0 }),
          ],
        },
      },
      styles: {
        nodes: {
          ...DEFAULT_STYLES.nodes,
          color: { attribute: 'color' },
          size: { attribute: 'size' },
          label: { attribute: 'label' },
          labelColor: () => (this.theme === 'dark' ? '#e6e4df' : '#1d1f23'),
          labelSize: 13,
          opacity: (_attributes, state, graphState) => dim(state, graphState, 0.25),
        },
        edges: {
          ...DEFAULT_STYLES.edges,
          color: { attribute: 'color' },
          size: { attribute: 'size' },
          path: 'straight',
          parallelPath: 'curved',
          selfLoopPath: 'loop',
          head: { attribute: 'head' },
          solidColor: { attribute: 'solidColor' },
          dash: { attribute: 'dash' },
          gap: { attribute: 'gap' },
          label: { attribute: 'label' },
          labelColor: () => (this.theme === 'dark' ? '#ffc46b' : '#8a5300'),
          labelSize: 15,
          labelVisibility: 'visible',
          opacity: (_attributes, state, graphState) => dim(state, graphState, 0.12),
        },
      },
      settings: {
        enableEdgeEvents: true,
        enableNodeDrag: true,
        renderEdgeLabels: true,
        // sigma's label grid: at most one label per cell, the biggest node's, so labels do not overlap.
        labelDensity: 1,
        labelGridCellSize: 70,
        labelRenderedSizeThreshold: 7,
        stagePadding: 60,
        // Sizes are pixels on screen, whatever the spread of the layout's coordinates.
        itemSizesReference: 'screen',
        // Frame the labels too, so a name at the edge of the picture is not cut off.
        autoRescaleContent: 'labels',
        enableCameraRotation: false,
        enableCameraMouseRotation: false,
        hideEdgesOnMove: false,
      },
    });
    const s = this.sigma;
    s.on('enterEdge', ({ edge, event }) => this.events.hoverEdge(edge, event.x, event.y));
    s.on('leaveEdge', () => this.events.hoverEdge(null, 0, 0));
    s.on('clickEdge', ({ edge }) => this.events.clickEdge(edge));
    s.on('clickNode', ({ node }) => this.events.clickNode(node));
    s.on('clickStage', () => this.events.clickStage());
    s.on('nodeDragStart', () => this.stopLayout());
    s.on('nodeDragEnd', ({ node }) => {
      if (!this.graph.hasNode(node)) return;
      const a = this.graph.getNodeAttributes(node);
      this.graph.mergeNodeAttributes(node, { pinned: true, kept: true });
      this.events.pinned(node, a.x, a.y);
    });
    s.on('afterRender', () => {
      if (!this.paintPending) return;
      this.paintPending = false;
      this.events.painted();
    });
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.recolor();
  }

  /**
   * Replaces what is drawn; nodes keep their place (from `placed`), edges their look. Unchanged
   * items are left alone: every change makes sigma reprocess that item.
   *
   * sigma 4 re-indexes the whole graph on every node or edge dropped from the graph it draws (its
   * graph handlers call a full `refresh` per drop), so a filter that hid 300 ties of 3,000 cost 300
   * passes over everything: seconds. When anything goes, sigma is pointed at an empty graph while
   * this one changes and back at it afterwards, which is one pass. (sigma keeps its index of
   * parallel edges on the graph it was made with, this one, and builds it again on the way back.)
   * Items' states (the highlight) go with the detour and are put back.
   */
  setData(data: ViewGraph, placed: Map<string, Placed>): void {
    const began = performance.now();
    const g = this.graph;
    const nodeIds = new Set(data.nodes.map((n) => n.id));
    const edges = data.edges.filter((e) => nodeIds.has(e.sourceActorId) && nodeIds.has(e.targetActorId));
    const edgeIds = new Set(edges.map((e) => e.id));
    const dropped = g.filterEdges((key) => !edgeIds.has(key));
    const droppedNodes = g.filterNodes((key) => !nodeIds.has(key));
    const detour = dropped.length > 0 || droppedNodes.length > 0;
    const lit = this.lit;
    if (detour) this.sigma.setGraph(this.detached);
    for (const key of dropped) g.dropEdge(key);
    for (const key of droppedNodes) g.dropNode(key);
    for (const node of data.nodes) {
      const had = g.hasNode(node.id) ? g.getNodeAttributes(node.id) : null;
      const p = had ?? placed.get(node.id) ?? { x: 0, y: 0, kept: false, pinned: false };
      const attributes: NodeAttributes = {
        x: p.x,
        y: p.y,
        size: nodeSize(node.claimCount),
        color: KIND_COLORS[node.kind] ?? KIND_COLORS.other,
        label: node.group ? `${node.name} +${node.group.memberIds.filter((m) => m !== node.id).length}` : node.name,
        pinned: p.pinned,
        kept: p.kept,
      };
      if (!had) g.addNode(node.id, attributes);
      else if (!same(had, attributes)) g.mergeNodeAttributes(node.id, attributes);
    }
    for (const edge of edges) {
      const attributes = this.edgeLook(edge);
      if (!g.hasEdge(edge.id)) g.addEdgeWithKey(edge.id, edge.sourceActorId, edge.targetActorId, attributes);
      else if (!same(g.getEdgeAttributes(edge.id), attributes)) g.replaceEdgeAttributes(edge.id, attributes);
    }
    this.data = data;
    this.paintPending = true;
    if (detour) {
      this.lit = { nodes: new Set(), edges: new Set(), on: lit.on };
      this.sigma.setGraph(g);
      if (lit.on) this.setHighlight(lit.nodes, lit.edges);
    } else {
      // Draw now, processing only what the additions and changes above marked.
      this.sigma.refresh({ partialGraph: {}, skipIndexation: true });
    }
    performance.measure('tiemark:network-draw-js', { start: began, end: performance.now() });
  }

  private data: ViewGraph | null = null;

  private edgeLook(edge: ViewEdge): EdgeAttributes {
    if (edge.compare) {
      // Compare mode: colour by who asserts it; B's own edges dashed, so A and B differ without colour too.
      const mark = edge.compare.mark;
      const color = COMPARE_COLORS[this.theme][mark];
      const dashed = mark === 'b';
      return {
        size: edgeWidth(edge.claimCount),
        color,
        solidColor: dashed ? TRANSPARENT : color,
        dash: dashed ? 6 : 0,
        gap: dashed ? 4 : 0,
        ...(edge.directed ? { head: 'arrow' } : {}),
        ...(mark === 'conflict' ? { label: '⚠' } : {}),
      };
    }
    const color = POLARITY_COLORS[this.theme][edge.polarity];
    const tentative = isTentative(edge.stances);
    return {
      size: edgeWidth(edge.claimCount),
      color,
      solidColor: tentative ? TRANSPARENT : color,
      dash: tentative ? 6 : 0,
      gap: tentative ? 4 : 0,
      ...(edge.directed ? { head: 'arrow' } : {}),
      ...(edge.stanceConflict || edge.polarityConflict ? { label: '⚠' } : {}),
    };
  }

  private recolor(): void {
    if (this.data) {
      for (const edge of this.data.edges) if (this.graph.hasEdge(edge.id)) this.graph.replaceEdgeAttributes(edge.id, this.edgeLook(edge));
    }
    this.sigma.refresh();
  }

  /** What is highlighted now, so a change touches only the items whose state changes. */
  private lit = { nodes: new Set<string>(), edges: new Set<string>(), on: false };

  /** Dims everything but these (null: nothing dimmed). */
  setHighlight(nodes: Iterable<string> | null, edges: Iterable<string> = []): void {
    const s = this.sigma;
    const g = this.graph;
    const nextNodes = new Set(nodes ? [...nodes].filter((id) => g.hasNode(id)) : []);
    const nextEdges = new Set(nodes ? [...edges].filter((id) => g.hasEdge(id)) : []);
    const off = (now: Set<string>, next: Set<string>, has: (id: string) => boolean) => [...now].filter((id) => !next.has(id) && has(id));
    const on = (now: Set<string>, next: Set<string>) => [...next].filter((id) => !now.has(id));
    const nodesOff = off(this.lit.nodes, nextNodes, (id) => g.hasNode(id));
    const edgesOff = off(this.lit.edges, nextEdges, (id) => g.hasEdge(id));
    if (nodesOff.length) s.setNodesState(nodesOff, { isHighlighted: false });
    if (edgesOff.length) s.setEdgesState(edgesOff, { isHighlighted: false });
    const nodesOn = on(this.lit.nodes, nextNodes);
    const edgesOn = on(this.lit.edges, nextEdges);
    if (nodesOn.length) s.setNodesState(nodesOn, { isHighlighted: true });
    if (edgesOn.length) s.setEdgesState(edgesOn, { isHighlighted: true });
    if (this.lit.on !== (nodes !== null)) s.setGraphState({ hasHighlighted: nodes !== null });
    this.lit = { nodes: nextNodes, edges: nextEdges, on: nodes !== null };
  }

  /** Lays out the nodes not kept (all but the pinned ones with `all`), in the worker. */
  runLayout(all: boolean, maxMs = 15_000): void {
    this.stopLayout();
    const g = this.graph;
    const ids = g.nodes();
    if (!ids.length) return;
    const index = new Map(ids.map((id, i) => [id, i]));
    const input: LayoutInput = {
      x: ids.map((id) => g.getNodeAttribute(id, 'x')),
      y: ids.map((id) => g.getNodeAttribute(id, 'y')),
      fixed: ids.map((id) => g.getNodeAttribute(id, 'pinned') || (!all && g.getNodeAttribute(id, 'kept'))),
      edges: g.mapEdges((_key, a, s, t) => [index.get(s)!, index.get(t)!, 1 + Math.log2(1 + a.size)] as const),
    };
    let worker = this.worker;
    if (!worker) {
      worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
      this.worker = worker;
    }
    const run = ++this.run;
    worker.onmessage = (event: MessageEvent<LayoutReply>) => {
      const reply = event.data;
      if (reply.run !== this.run) return;
      this.apply(ids, reply.positions);
      if (reply.type === 'done') {
        this.run++;
        const positions = new Map(
          ids
            .filter((id) => g.hasNode(id))
            .map((id) => {
              g.setNodeAttribute(id, 'kept', true);
              const a = g.getNodeAttributes(id);
              return [id, { x: a.x, y: a.y, pinned: a.pinned }] as const;
            }),
        );
        this.events.settled(positions, { ms: reply.ms, iterations: reply.iterations, settled: reply.settled });
      }
    };
    const request: LayoutRequest = { type: 'start', run, input, maxMs };
    worker.postMessage(request);
  }

  stopLayout(): void {
    if (!this.worker) return;
    const request: LayoutRequest = { type: 'stop', run: this.run };
    this.worker.postMessage(request);
    this.run++;
  }

  private apply(ids: string[], positions: Float32Array): void {
    const g = this.graph;
    ids.forEach((id, i) => {
      if (!g.hasNode(id) || g.getNodeAttribute(id, 'pinned')) return;
      g.mergeNodeAttributes(id, { x: positions[2 * i], y: positions[2 * i + 1] });
    });
  }

  /** Centres the camera on a node and zooms in. */
  flyTo(nodeId: string): void {
    const d = this.sigma.getNodeDisplayData(nodeId);
    if (!d) return;
    void this.sigma.getCamera().animate({ x: d.x, y: d.y, ratio: 0.45 }, { duration: 450 });
  }

  zoom(factor: number): void {
    const camera = this.sigma.getCamera();
    void camera.animate({ ratio: camera.getState().ratio / factor }, { duration: 200 });
  }

  resetCamera(): void {
    void this.sigma.getCamera().animate({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }, { duration: 300 });
  }

  get camera(): CameraState {
    return this.sigma.getCamera().getState();
  }

  set camera(state: CameraState) {
    this.sigma.getCamera().setState(state);
  }

  /** The current view as a PNG: the stage drawn on the page's background. */
  async png(background: string): Promise<Blob> {
    this.sigma.refresh();
    const stage = this.sigma.getStageCanvas();
    const out = document.createElement('canvas');
    out.width = stage.width;
    out.height = stage.height;
    const ctx = out.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw the picture.');
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(stage, 0, 0);
    return new Promise((resolve, reject) => out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The picture could not be made.'))), 'image/png'));
  }

  /** The current view as SVG: nodes, edges (parallel ones bent apart) and labels where they are on screen. */
  svg(background: string, text: string): string {
    const { width, height } = this.sigma.getDimensions();
    const g = this.graph;
    const at = (id: string) => this.sigma.graphToViewport({ x: g.getNodeAttribute(id, 'x'), y: g.getNodeAttribute(id, 'y') });
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const parts: string[] = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">`,
      `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="context-stroke"/></marker></defs>`,
      `<rect width="100%" height="100%" fill="${esc(background)}"/>`,
    ];
    const pairs = new Map<string, string[]>();
    g.forEachEdge((key, _a, s, t) => {
      const pair = s < t ? `${s}|${t}` : `${t}|${s}`;
      pairs.set(pair, [...(pairs.get(pair) ?? []), key]);
    });
    g.forEachEdge((key, a, s, t) => {
      const p = at(s);
      const q = at(t);
      const pair = s < t ? `${s}|${t}` : `${t}|${s}`;
      const group = pairs.get(pair)!;
      const i = group.indexOf(key);
      const offset = (i - (group.length - 1) / 2) * 0.25 * (s < t ? 1 : -1);
      const mx = (p.x + q.x) / 2 - (q.y - p.y) * offset;
      const my = (p.y + q.y) / 2 + (q.x - p.x) * offset;
      const dash = a.dash ? ` stroke-dasharray="${a.dash} ${a.gap}"` : '';
      const head = a.head ? ' marker-end="url(#arrow)"' : '';
      parts.push(`<path d="M${p.x.toFixed(1)} ${p.y.toFixed(1)} Q${mx.toFixed(1)} ${my.toFixed(1)} ${q.x.toFixed(1)} ${q.y.toFixed(1)}" fill="none" stroke="${a.color}" stroke-width="${a.size.toFixed(1)}"${dash}${head}/>`);
      if (a.label) parts.push(`<text x="${mx.toFixed(1)}" y="${my.toFixed(1)}" fill="${this.theme === 'dark' ? '#ffc46b' : '#8a5300'}" font-size="14" text-anchor="middle">${esc(a.label)}</text>`);
    });
    g.forEachNode((id, a) => {
      const p = at(id);
      parts.push(`<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${a.size.toFixed(1)}" fill="${a.color}"/>`);
      parts.push(`<text x="${(p.x + a.size + 3).toFixed(1)}" y="${(p.y + 4).toFixed(1)}" fill="${esc(text)}" font-size="13">${esc(a.label)}</text>`);
    });
    parts.push('</svg>');
    return parts.join('\n');
  }

  resize(): void {
    this.sigma.resize();
  }

  kill(): void {
    this.stopLayout();
    this.worker?.terminate();
    this.worker = null;
    this.sigma.kill();
  }
}
