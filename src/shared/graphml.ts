/**
 * GraphML and XML text, written by hand (graphology-graphml only reads): the project's network
 * export (src/core/export/network.ts) and the Network view's "Save GraphML" of what it shows
 * (src/renderer/src/features/network/files.ts) write through this one function.
 */

/** Characters XML 1.0 cannot carry at all (controls but tab and line breaks, lone surrogates, U+FFFE/FFFF): dropped. */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const xmlSafe = (text: string): string => text.replace(XML_INVALID, '');

export function xmlEscape(text: string): string {
  return xmlSafe(text).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);
}

export type GraphmlType = 'string' | 'int' | 'boolean';

export interface GraphmlInput<N extends object, E extends object> {
  graphId: string;
  nodeKeys: ReadonlyArray<readonly [keyof N & string, GraphmlType]>;
  edgeKeys: ReadonlyArray<readonly [keyof E & string, GraphmlType]>;
  nodes: Iterable<{ id: string; data: N }>;
  edges: Iterable<{ id: string; source: string; target: string; directed: boolean; data: E }>;
}

/**
 * A GraphML document: undirected by default and `directed="true"` on directed edges
 * (graphology-graphml's reader ignores `directed="false"` under a directed default); empty
 * values are left out.
 */
export function writeGraphml<N extends object, E extends object>(input: GraphmlInput<N, E>): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  for (const [name, type] of input.nodeKeys) out.push(`  <key id="n_${name}" for="node" attr.name="${name}" attr.type="${type}"/>`);
  for (const [name, type] of input.edgeKeys) out.push(`  <key id="e_${name}" for="edge" attr.name="${name}" attr.type="${type}"/>`);
  out.push(`  <graph id="${xmlEscape(input.graphId)}" edgedefault="undirected">`);
  for (const n of input.nodes) {
    out.push(`    <node id="${xmlEscape(n.id)}">`);
    for (const [name] of input.nodeKeys) {
      const value = (n.data as Record<string, unknown>)[name];
      if (value !== '') out.push(`      <data key="n_${name}">${xmlEscape(String(value))}</data>`);
    }
    out.push('    </node>');
  }
  for (const e of input.edges) {
    out.push(`    <edge id="${xmlEscape(e.id)}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}"${e.directed ? ' directed="true"' : ''}>`);
    for (const [name] of input.edgeKeys) {
      const value = (e.data as Record<string, unknown>)[name];
      if (value !== '') out.push(`      <data key="e_${name}">${xmlEscape(String(value))}</data>`);
    }
    out.push('    </edge>');
  }
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}
