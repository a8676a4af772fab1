import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node, type Document } from "yaml";
import type { FileIssue } from "../errors.js";

/**
 * A YAML document with line lookups, so validation errors can say `file:line`.
 * Used by the knowledge, flow and messages loaders.
 */
export interface LocatedYaml {
  file: string;
  doc: Document;
  value: unknown;
  /** 1-based line of the node at `path` (or of the closest existing parent). */
  lineOf(path: (string | number)[]): number;
  issues: FileIssue[];
}

export function parseYamlLocated(file: string, text: string, lineOffset = 0): LocatedYaml {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const issues: FileIssue[] = [];
  for (const err of [...doc.errors, ...doc.warnings]) {
    const line = err.linePos?.[0]?.line ?? lc.linePos(err.pos[0]).line;
    issues.push({ file, line: line + lineOffset, message: err.message.split("\n")[0] ?? "invalid YAML" });
  }
  const lineOf = (path: (string | number)[]): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
      const pair = n > 0 ? findPairKey(doc, path.slice(0, n)) : undefined;
      const range = pair?.range ?? node?.range;
      if (range) return lc.linePos(range[0]).line + lineOffset;
    }
    return 1 + lineOffset;
  };
  return { file, doc, value: issues.length ? undefined : doc.toJS(), lineOf, issues };
}

/** The key node of the last path element, so errors point at `fee:` rather than its value. */
function findPairKey(doc: Document, path: (string | number)[]): Node | undefined {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
  const last = path[path.length - 1];
  if (isMap(parent)) {
    for (const pair of parent.items) {
      if (isScalar(pair.key) && pair.key.value === last) return pair.key as Node;
    }
  }
  if (isSeq(parent) && typeof last === "number") return parent.items[last] as Node | undefined;
  return undefined;
}
