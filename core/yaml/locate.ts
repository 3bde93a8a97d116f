// The range of a node reached by a path of keys (and `{ item }`: the sequence entry with that scalar
// value) in a YAML document's source: where a change rule points at the line that causes a finding.
// The deepest node that exists is returned, so a path into a missing key still lands nearby.
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { Location } from '../types.js';

export type YamlPathStep = string | { item: string };

export function locateInYaml(file: string, src: string, path: YamlPathStep[]): Location {
  const lc = new LineCounter();
  const doc = parseDocument(src, { lineCounter: lc, schema: 'core', uniqueKeys: false });
  let node: Node | null | undefined = doc.contents as Node | null;
  let range: [number, number] | undefined;
  for (const step of path) {
    if (!node) break;
    let next: { key?: Node; value?: Node | null } | undefined;
    if (typeof step === 'string' && isMap(node)) {
      const pair: { key: unknown; value: unknown } | undefined = node.items.find((p) => isScalar(p.key) && String(p.key.value) === step);
      if (pair) next = { key: pair.key as Node, value: pair.value as Node | null };
    } else if (typeof step === 'object' && isSeq(node)) {
      const item = node.items.find((i) => isScalar(i) && String(i.value) === step.item) as Node | undefined;
      if (item) next = { value: item };
    }
    if (!next) break;
    const at = next.key ?? next.value;
    if (at?.range) range = [at.range[0], (next.value ?? at).range?.[1] ?? at.range[1]];
    node = next.value;
  }
  if (!range) return { file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  const s = lc.linePos(range[0]);
  // One line is enough for an annotation; a block value would otherwise span the rest of the file.
  const lineEnd = src.indexOf('\n', range[0]);
  const end = lc.linePos(Math.min(range[1], lineEnd < 0 ? src.length : lineEnd));
  return { file, startLine: s.line, startColumn: s.col, endLine: end.line, endColumn: end.col };
}
