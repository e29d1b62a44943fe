// Types for the one ForceAtlas2 module used without graphology's wrapper (layout.ts): the
// iteration over flat node and edge matrices that the package's own web worker runs.
declare module 'graphology-layout-forceatlas2/iterate' {
  export interface IterateOptions {
    linLogMode: boolean;
    outboundAttractionDistribution: boolean;
    adjustSizes: boolean;
    edgeWeightInfluence: number;
    scalingRatio: number;
    strongGravityMode: boolean;
    gravity: number;
    slowDown: number;
    barnesHutOptimize: boolean;
    barnesHutTheta: number;
  }
  export default function iterate(options: IterateOptions, nodes: Float32Array, edges: Float32Array): void;
}
