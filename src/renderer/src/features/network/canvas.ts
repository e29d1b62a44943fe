import { MultiDirectedGraph } from 'graphology';
import Sigma, { DEFAULT_STYLES } from 'sigma';
import { extremityArrow, layerDashed, layerPlain, pathCurved, pathLine, pathLoop } from 'sigma/rendering';
import type { CameraState } from 'sigma/types';
import { drawnSvg, edgeLook, hiddenBy, layoutInput, parallelGroups, parallelSlots, shownOf, syncGraph, TRANSPARENT, type EdgeAttributes, type NodeAttributes, type Shown, type Theme } from './drawn';
import type { Placed, ViewEdge, ViewGraph } from './graph';
import type { LayoutReply, LayoutRequest } from './layout.worker';

/**
 * The drawn graph: a graphology MultiDirectedGraph rendered by sigma (WebGL2), laid out by the
 * ForceAtlas2 worker. NetworkView.tsx owns the state; this class only draws what it is given and
 * reports the pointer. Parallel relations between two actors are spread as curves by sigma
 * (`parallelPath`); tentative ties (no asserted claim) are dashed; a conflict carries a ⚠ label.
 */

export type { Theme } from './drawn';

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

/**
 * Whether WebGL is drawn by the processor (no graphics card, or one the browser will not use:
 * SwiftShader, llvmpipe, Microsoft's Basic Render Driver). Checked once, on a canvas of its own.
 */
export const softwareWebGL = (() => {
  let known: boolean | undefined;
  return (): boolean => {
    if (known !== undefined) return known;
    try {
      const gl = document.createElement('canvas').getContext('webgl2');
      const info = gl?.getExtension('WEBGL_debug_renderer_info');
      const renderer = gl ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : '';
      known = /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
    } catch {
      known = false;
    }
    return known;
  };
})();

/**
 * Ties drawn at once above which the camera moves without them (they come back when it stops):
 * drawing every tie in every frame of a zoom is what a graphics card does in a millisecond and the
 * processor in seconds (scripts/bench/network.mjs, docs/network.md).
 */
const EDGES_DRAWN_WHILE_MOVING = { software: 500, hardware: 20_000 };

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
          // Only the ⚠ marks are edge labels, always drawn; sigma considers every edge whose label is
          // 'visible' on every frame, so edges without one say 'hidden'.
          labelVisibility: (attributes) => (attributes.label ? 'visible' : 'hidden'),
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
        // Set with each new graph (setData): many ties, or few on a processor, go while the camera moves.
        hideEdgesOnMove: false,
      },
    });
    const s = this.sigma;
    s.on('enterEdge', ({ edge, event }) => this.events.hoverEdge(edge, event.x, event.y));
    s.on('leaveEdge', () => this.events.hoverEdge(null, 0, 0));
    s.on('clickEdge', ({ edge }) => this.events.clickEdge(edge));
    s.on('clickNode', ({ node }) => this.events.clickNode(node));
    s.on('clickStage', () => this.events.clickStage());
    s.on('nodeDragStart', () => {
      this.stopLayout();
      this.unframe();
    });
    s.on('nodeDragEnd', ({ node }) => {
      if (!this.graph.hasNode(node)) return;
      const a = this.graph.getNodeAttributes(node);
      this.graph.mergeNodeAttributes(node, { pinned: true, kept: true });
      this.events.pinned(node, a.x, a.y);
    });
    s.on('afterProcess', () => {
      if (s.getCustomBBox()) return;
      const { x, y } = s.getBBox();
      this.frame = { x: [x[0], x[1]], y: [y[0], y[1]] };
    });
    s.on('resize', () => this.unframe());
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

  /** `parallelGroups` of `graph`, until edges are added or dropped. */
  private groups: string[][] | null = null;

  /** The view's edges drawn as they are, and in which theme (`syncGraph`). */
  private synced = new Map<string, { edge: ViewEdge; theme: Theme }>();

  /** What of `graph` is shown (the view's items); the rest is hidden. */
  private shown: Shown = { nodes: new Set(), edges: new Set() };

  /**
   * Replaces what is drawn; nodes keep their place (from `placed`, or where they were), edges their
   * look. Unchanged items are left alone: every change makes sigma reprocess that item.
   *
   * What the view no longer has is hidden, not dropped (`drawn.ts`): sigma 4 re-indexes the whole
   * graph on every node or edge dropped from the graph it draws (its graph handlers call a full
   * `refresh` per drop), while hiding is a state change sigma applies to those items alone. Hidden
   * items stay to come back as cheaply. When they outnumber the shown ones they go, all at once:
   * sigma is pointed at an empty graph while this one changes and back at it afterwards, which is
   * one pass (sigma keeps its index of parallel edges on the graph it was made with, this one, and
   * builds it again on the way back). Items' states (the highlight) go with that detour and are put
   * back.
   *
   * Items whose look changes are updated without graphology's events (`syncGraph`) and handed to
   * sigma here, each kind the cheapest way it allows: edges in place (nothing of an edge's look is
   * indexed), nodes with sigma's pass over the nodes, which builds the label grid again (a node's
   * size decides whose label a cell shows, and a hidden node must leave the grid). Only a node shown
   * or hidden makes sigma process every edge again as well. While no node is added or moves, the
   * picture's frame is the one sigma fitted last (`frame`).
   */
  setData(data: ViewGraph, placed: Map<string, Placed>): void {
    const began = performance.now();
    const g = this.graph;
    const s = this.sigma;
    const next = shownOf(data);
    const hidden = hiddenBy(g, next);
    const prune = hidden.nodes.length + hidden.edges.length > next.nodes.size + next.edges.size;
    const before = this.shown;
    const lit = this.lit;
    if (prune) {
      s.setGraph(this.detached);
      for (const key of hidden.edges) {
        g.dropEdge(key);
        this.synced.delete(key);
      }
      for (const key of hidden.nodes) g.dropNode(key);
    }
    const size = g.size;
    const order = g.order;
    const changed = syncGraph(g, data, next, placed, this.theme, this.synced);
    const added = g.size !== size || g.order !== order;
    if (prune || g.size !== size) this.groups = null;
    this.shown = next;
    const hide = next.edges.size > EDGES_DRAWN_WHILE_MOVING[softwareWebGL() ? 'software' : 'hardware'];
    if (s.getSetting('hideEdgesOnMove') !== hide) s.setSetting('hideEdgesOnMove', hide);
    this.data = data;
    this.paintPending = true;
    if (prune || g.order !== order) this.unframe();
    else this.keepFrame();
    if (prune) {
      this.lit = { nodes: new Set(), edges: new Set(), on: lit.on };
      s.setGraph(g);
      if (lit.on) this.setHighlight(lit.nodes, lit.edges);
      this.respread(true);
    } else {
      const nodesOff = hidden.nodes.filter((id) => before.nodes.has(id));
      const nodesOn = [...next.nodes].filter((id) => !before.nodes.has(id));
      if (nodesOff.length) s.setNodesState(nodesOff, { isHidden: true });
      if (nodesOn.length) s.setNodesState(nodesOn, { isHidden: false });
      s.setEdgesState(hidden.edges, { isHidden: true });
      s.setEdgesState([...next.edges].filter((id) => !before.edges.has(id)), { isHidden: false });
      // Edges whose look or place among parallel curves changed: rewritten in place, unless edges
      // were added (sigma then processes them all anyway, and an added edge has no place yet).
      const edges = [...new Set([...changed.edges, ...this.respread(false)])];
      if (edges.length) s.refresh({ partialGraph: { edges }, skipIndexation: !added, schedule: true });
      // Nodes shown, hidden or resized: sigma's pass over the nodes (the label grid); else the
      // states marked above are all there is, applied as sigma draws.
      const nodes = [...nodesOff, ...nodesOn, ...changed.nodes];
      s.refresh({ partialGraph: { nodes }, skipIndexation: nodes.length === 0 });
    }
    performance.measure('tiemark:network-draw-js', { start: began, end: performance.now() });
  }

  /**
   * The frame sigma fitted to the nodes and their labels when it last processed them with no frame
   * set (null: something moved since). Fitting measures every label, several times over, on every
   * pass over the nodes; a filter moves nothing, so its pass keeps this frame (`keepFrame`), and
   * anything that moves a node, adds one or resizes the canvas lets sigma fit again (`unframe`).
   */
  private frame: { x: [number, number]; y: [number, number] } | null = null;

  private keepFrame(): void {
    if (this.frame && !this.sigma.getCustomBBox()) this.sigma.setCustomBBox(this.frame);
  }

  private unframe(): void {
    this.frame = null;
    if (!this.sigma.getCustomBBox()) return;
    this.sigma.setCustomBBox(null);
    // The nodes were placed in that frame: sigma's next pass over them fits and places them anew.
    this.sigma.refresh({ partialGraph: { nodes: [] }, schedule: true });
  }

  /**
   * Puts each shown edge in its place among the shown parallel edges of its pair (`parallelSlots`):
   * sigma counts every edge of the graph, hidden or not. Returns the edges moved, which sigma must
   * process again (`draw`: does it now).
   */
  private respread(draw: boolean): string[] {
    const moved: string[] = [];
    this.groups ??= parallelGroups(this.graph);
    for (const [key, slot] of parallelSlots(this.groups, this.shown)) {
      const state = this.sigma.getEdgeState(key);
      if (state.parallelIndex === slot.index && state.parallelCount === slot.count) continue;
      this.sigma.setEdgeState(key, { parallelIndex: slot.index, parallelCount: slot.count });
      moved.push(key);
    }
    if (draw && moved.length) this.sigma.refresh({ partialGraph: { edges: moved } });
    return moved;
  }

  /** sigma's full pass (which counts parallel edges again, hidden ones too), then the shown edges put back in their places. */
  private refreshAll(): void {
    this.sigma.refresh();
    this.respread(true);
  }

  private data: ViewGraph | null = null;

  private recolor(): void {
    if (this.data) {
      for (const edge of this.data.edges) if (this.graph.hasEdge(edge.id)) this.graph.replaceEdgeAttributes(edge.id, edgeLook(edge, this.theme));
    }
    this.refreshAll();
  }

  /** What is highlighted now, so a change touches only the items whose state changes. */
  private lit = { nodes: new Set<string>(), edges: new Set<string>(), on: false };

  /** Dims everything but these (null: nothing dimmed). */
  setHighlight(nodes: Iterable<string> | null, edges: Iterable<string> = []): void {
    const s = this.sigma;
    const g = this.graph;
    // Only shown items are highlighted, as if the hidden ones were not there.
    const nextNodes = new Set(nodes ? [...nodes].filter((id) => this.shown.nodes.has(id)) : []);
    const nextEdges = new Set(nodes ? [...edges].filter((id) => this.shown.edges.has(id)) : []);
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
    const { ids, input } = layoutInput(g, this.shown, all);
    if (!ids.length) return;
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
    this.unframe();
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
    this.refreshAll();
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

  /** The current view as SVG: the shown nodes, edges (parallel ones bent apart) and labels where they are on screen. */
  svg(background: string, text: string): string {
    return drawnSvg(this.graph, this.shown, (x, y) => this.sigma.graphToViewport({ x, y }), this.sigma.getDimensions(), {
      background,
      text,
      mark: this.theme === 'dark' ? '#ffc46b' : '#8a5300',
    });
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
