// Types for graphology-gexf's writer, imported alone (files.ts): the package's browser entry
// also loads its parser, which needs a DOMParser when the module loads (absent in unit tests).
declare module 'graphology-gexf/common/writer.js' {
  import type { write } from 'graphology-gexf/browser';
  const writer: typeof write;
  export default writer;
}
