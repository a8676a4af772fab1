import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

/**
 * Where src/ names messages keys, read from its syntax tree (TypeScript's parser), for the test
 * that holds CODE_MESSAGES (src/text/message-keys.ts) to the code: every key literal, every key
 * built from a template, and every place a message is said with the placeholders it is given.
 */

/** A `${…}` key: its shape with the substitutions as `*` ("answers.channel.*"). */
export interface TemplateKey {
  file: string;
  line: number;
  shape: string;
}

/** A place a message is said: the keys it may say and the placeholders it passes. */
export interface Site {
  file: string;
  line: number;
  /** The key expression as written (`"form.skip"`, `r.reason`). */
  keyText: string;
  /** Keys read statically (literals, both sides of `a ? "x" : "y"`, consts, template shapes). */
  keys: string[];
  /** Shapes of template keys among them ("status.label.*"). */
  shapes: string[];
  /** Part of the key is not readable statically (a variable, a flow's key). */
  dynamic: boolean;
  /** The placeholders passed; undefined when the values are not readable statically. */
  vars: string[] | undefined;
  /** The conversation's values are passed too (the engine's `vars(ctx, frame)`). */
  conversation: boolean;
  how: "call" | "object" | "reason";
}

export interface Scan {
  literals: { file: string; line: number; text: string }[];
  templates: TemplateKey[];
  sites: Site[];
}

/** Calls that say a message: the key's argument and the placeholders' argument. */
const SAYERS: Record<string, { key: number; vars?: number; conversation?: true; method?: true }> = {
  t: { key: 0, vars: 1, method: true },
  early: { key: 1, vars: 2 }, // src/runtime/runtime.ts: before the conversation is read
  noticeIn: { key: 1, vars: 2 }, // src/runtime/runtime.ts: in the conversation's language
  channelNotice: { key: 1, method: true }, // runtime.channelNotice(conversationId, key), src/channels/
  notify: { key: 1 }, // src/channels/whatsapp/adapter.ts: a channel notice to a chat
  text: { key: 1, vars: 2 }, // src/staff/ops.ts
  failure: { key: 2, vars: 3, conversation: true }, // src/engine/engine.ts: {...vars(ctx, frame), ...reasonVars}
  sayKey: { key: 1, conversation: true }, // src/engine/engine.ts
};

export function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listTs(p));
    else if (e.name.endsWith(".ts")) out.push(p);
  }
  return out.sort();
}

/**
 * `isKey`: a string that is a key wherever it is written ("answers.confirm"); `isBareKey`: one that
 * is a key only where a message is said ("unsupported", also a word of other meanings).
 */
export function scanSources(files: string[], isKey: (s: string) => boolean, isBareKey: (s: string) => boolean = () => false, root = process.cwd()): Scan {
  const scan: Scan = { literals: [], templates: [], sites: [] };
  for (const path of files) {
    const file = relative(root, path);
    const sf = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2022, true);
    const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
    const shapeOf = (t: ts.TemplateExpression) => t.head.text + t.templateSpans.map((s) => `*${s.literal.text}`).join("");

    /** The `const name = …` visible from `at`, searching outwards. */
    const constInit = (name: string, at: ts.Node): ts.Expression | undefined => {
      for (let scope: ts.Node | undefined = at.parent; scope; scope = scope.parent) {
        let found: ts.Expression | undefined;
        const visit = (n: ts.Node): void => {
          if (found) return;
          if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === name && n.initializer && n.pos < at.pos) {
            if (ts.isVariableDeclarationList(n.parent) && n.parent.flags & ts.NodeFlags.Const) found = n.initializer;
            return;
          }
          // Declarations in nested functions are not visible here.
          if (n !== scope && (ts.isFunctionLike(n) || ts.isBlock(n))) return;
          ts.forEachChild(n, visit);
        };
        ts.forEachChild(scope, visit);
        if (found) return found;
      }
      return undefined;
    };

    /** The keys an expression may be; undefined when it names none. */
    const keysOf = (e: ts.Expression, seen = 0, bare = false): { keys: string[]; shapes: string[]; dynamic: boolean } | undefined => {
      if (seen > 5) return undefined;
      if (ts.isParenthesizedExpression(e)) return keysOf(e.expression, seen, bare);
      if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return isKey(e.text) || (bare && isBareKey(e.text)) ? { keys: [e.text], shapes: [], dynamic: false } : undefined;
      if (ts.isTemplateExpression(e)) {
        const shape = shapeOf(e);
        return isKey(shape.replace(/\*/g, "x")) ? { keys: [], shapes: [shape], dynamic: false } : undefined;
      }
      const merge = (parts: (ReturnType<typeof keysOf> | undefined)[]) => {
        const found = parts.filter((p): p is NonNullable<typeof p> => p !== undefined);
        if (!found.length) return undefined;
        return { keys: found.flatMap((p) => p.keys), shapes: found.flatMap((p) => p.shapes), dynamic: found.length < parts.length || found.some((p) => p.dynamic) };
      };
      if (ts.isConditionalExpression(e)) return merge([keysOf(e.whenTrue, seen, bare), keysOf(e.whenFalse, seen, bare)]);
      if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
        return merge([keysOf(e.left, seen, bare), keysOf(e.right, seen, bare)]);
      }
      if (ts.isIdentifier(e)) {
        const init = constInit(e.text, e);
        return init ? keysOf(init, seen + 1, bare) : undefined;
      }
      return undefined;
    };

    /** The placeholders an argument passes: names, and whether the conversation's values are spread in. */
    const varsOf = (e: ts.Expression | undefined, seen = 0): { vars: string[] | undefined; conversation: boolean } => {
      if (!e) return { vars: [], conversation: false };
      if (ts.isParenthesizedExpression(e)) return varsOf(e.expression, seen);
      const isConversation = (x: ts.Expression) =>
        (ts.isIdentifier(x) && x.text === "v") || (ts.isCallExpression(x) && ts.isIdentifier(x.expression) && x.expression.text === "vars");
      if (isConversation(e)) return { vars: [], conversation: true };
      if (ts.isObjectLiteralExpression(e)) {
        const names: string[] = [];
        let conversation = false;
        let unknown = false;
        for (const p of e.properties) {
          if (ts.isSpreadAssignment(p)) {
            if (isConversation(p.expression)) conversation = true;
            else {
              const inner = varsOf(p.expression, seen + 1);
              if (inner.vars === undefined) unknown = true;
              else names.push(...inner.vars);
              conversation ||= inner.conversation;
            }
          } else if (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) names.push(p.name.text);
          else unknown = true;
        }
        return { vars: unknown ? undefined : names, conversation };
      }
      if (ts.isIdentifier(e) && seen < 5) {
        const init = constInit(e.text, e);
        if (init) return varsOf(init, seen + 1);
      }
      return { vars: undefined, conversation: false };
    };

    const visit = (n: ts.Node): void => {
      if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) {
        if (isKey(n.text)) scan.literals.push({ file, line: lineOf(n), text: n.text });
      } else if (ts.isTemplateExpression(n)) {
        const shape = shapeOf(n);
        if (isKey(shape.replace(/\*/g, "x"))) scan.templates.push({ file, line: lineOf(n), shape });
      }
      if (ts.isCallExpression(n)) {
        const callee = ts.isPropertyAccessExpression(n.expression) ? n.expression.name.text : ts.isIdentifier(n.expression) ? n.expression.text : undefined;
        const sayer = callee === undefined ? undefined : SAYERS[callee];
        // `.t(…)` is a method of Messages, `runtime.channelNotice(…)` of the runtime; the other sayers are plain functions.
        if (sayer && Boolean(sayer.method) === ts.isPropertyAccessExpression(n.expression)) {
          const keyArg = n.arguments[sayer.key];
          if (keyArg) {
            const k = keysOf(keyArg, 0, true);
            const v = sayer.vars === undefined ? { vars: [], conversation: false } : varsOf(n.arguments[sayer.vars]);
            scan.sites.push({
              file,
              line: lineOf(n),
              keyText: keyArg.getText(sf),
              keys: k?.keys ?? [],
              shapes: k?.shapes ?? [],
              dynamic: !k || k.dynamic,
              vars: v.vars,
              conversation: v.conversation || Boolean(sayer.conversation),
              how: "call",
            });
          }
        }
      }
      if (ts.isObjectLiteralExpression(n)) {
        const prop = (name: string) =>
          n.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name);
        for (const [name, how] of [["key", "object"], ["reason", "reason"]] as const) {
          const p = prop(name);
          const k = p && keysOf(p.initializer);
          if (!p || !k) continue;
          const varsProp = how === "object" ? prop("vars") : undefined;
          const v = how === "object" ? varsOf(varsProp?.initializer) : { vars: undefined, conversation: false };
          scan.sites.push({ file, line: lineOf(n), keyText: p.initializer.getText(sf), keys: k.keys, shapes: k.shapes, dynamic: k.dynamic, vars: v.vars, conversation: v.conversation, how });
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return scan;
}
