import type { NodePath } from '@babel/traverse';
import { t } from '../babel.cjs';
import type { ClassContext } from './context.js';
import { copyCode } from './copy.js';
import type { Edit } from './edits.js';
import { indentAt } from './edits.js';
import { fieldExpressions, inInitOrder, isLegacyLayer, parameterPropertyDefinitions, parameterPropertyExpressions } from './fields.js';
import { collectSites } from './sites.js';

/**
 * Constructors. Each ancestor constructor becomes an arrow function defined at the top of the flattened
 * constructor (`const __Shape = (name) => { … }`): arrows keep `this` and `new.target`, may call `super()`
 * of an external base, and `return` in them leaves only them, exactly like an early return did.
 * Each `super(args)` becomes a call of the parent's arrow followed by the layer's own fields, so field
 * initializers and constructor bodies run top to bottom in the original order. Layers without a
 * constructor forward their arguments, so they need no arrow at all.
 */

/** How "construct as layer j" starts: call its arrow, call the external base, or just evaluate the arguments. */
type InitHead = { kind: 'helper'; name: string } | { kind: 'super' } | { kind: 'discard' };

interface InitPlan {
  head: InitHead;
  /** Field (and parameter-property) expressions that follow, in order. */
  tail: string[];
}

export interface ConstructorPlan {
  /** Arrow definitions, deepest ancestor first, with the indentation of the constructor they came from. */
  helpers: Array<{ text: string; indent: string }>;
  /** What `super(...)` in the class's own constructor becomes. */
  ownSuper: InitPlan;
}

export function planConstructors(ctx: ClassContext, helperName: (layer: number) => string, argsName: () => string): ConstructorPlan {
  const helpers: ConstructorPlan['helpers'] = [];
  const names = new Map<number, string>();
  const k = ctx.layers.length - 1;
  for (let j = 1; j <= k; j++) if (ctx.layers[j].ctor) names.set(j, helperName(j));

  const initPlan = (j: number): InitPlan => {
    if (j > k) return { head: { kind: ctx.external ? 'super' : 'discard' }, tail: [] };
    const name = names.get(j);
    if (name) return { head: { kind: 'helper', name }, tail: [] };
    // No constructor: the default one forwards its arguments to the parent, then defines the fields.
    const rootWithoutBase = j === k && !ctx.external;
    const inner = rootWithoutBase ? { head: { kind: 'discard' } as InitHead, tail: [] } : initPlan(j + 1);
    return { head: inner.head, tail: [...inner.tail, ...fieldExpressions(ctx, j, ctx.shadowInCtor)] };
  };

  for (let j = k; j >= 1; j--) {
    const name = names.get(j);
    if (!name) continue;
    const ctor = ctx.layers[j].ctor!;
    helpers.push({ text: helperFor(ctx, j, name, initPlan(j + 1), argsName), indent: indentAt(ctx.layers[j].cls.module.code, ctor.node.start!) });
  }
  const ownSuper = initPlan(1);
  return { helpers, ownSuper };
}

/** The arrow that stands for layer j's constructor. */
function helperFor(ctx: ClassContext, j: number, name: string, parent: InitPlan, argsName: () => string): string {
  const layer = ctx.layers[j];
  const ctor = layer.ctor!;
  const code = layer.cls.module.code;
  const k = ctx.layers.length - 1;
  const body = ctor.node.body;
  const sites = collectSites(ctor, new Set(layer.privateNames));
  const ownFields = fieldExpressions(ctx, j, ctx.shadowInCtor);
  const paramProps = parameterPropertyExpressions(ctx, j);
  const legacy = isLegacyLayer(ctx, j);
  // (Copying field initializers has effects, diagnostics among them: each is copied once.)
  const ownTail = inInitOrder(ctx, j, ownFields, paramProps);
  const rootWithoutBase = j === k && !ctx.external;
  // A base class initializes its fields before its parameters' defaults and patterns are evaluated:
  // then the arrow takes the arguments whole and binds the parameters after the fields. (TypeScript's
  // legacy fields are assignments at the top of the body, after the parameters.)
  const fieldsBeforeParams = !legacy && rootWithoutBase && ownFields.length > 0 && ctor.node.params.some((p) => !t.isIdentifier(t.isTSParameterProperty(p) ? p.parameter : p));
  const usesArguments = sites.argumentsRefs.length > 0 || fieldsBeforeParams;
  const args = usesArguments ? argsName() : undefined;

  // Parameters: TypeScript modifiers (`private x`) have no place in an arrow; they become assignments.
  const params = ctor.node.params;
  let paramsText = '';
  if (params.length) {
    const extra: Edit[] = [];
    for (const p of params) {
      if (t.isTSParameterProperty(p)) extra.push({ start: p.start!, end: p.parameter.start!, text: '' });
      if (usesArguments) for (const ann of typeAnnotationsOf(p)) extra.push({ start: ann.start!, end: ann.end!, text: '' });
    }
    paramsText = copyCode(ctx, { layer: j, root: ctor, start: params[0].start!, end: params[params.length - 1].end!, role: 'ctor', isStatic: false, shadow: ctx.shadowInCtor, extra, superCall: () => [], argumentsName: args });
  }
  const bodyText = copyCode(ctx, {
    layer: j,
    root: ctor,
    start: body.start! + 1,
    end: body.end! - 1,
    role: 'ctor',
    isStatic: false,
    shadow: ctx.shadowInCtor,
    superCall: (call) => superCallEdits(code, call, parent, ownTail),
    argumentsName: args,
  });
  const indent = indentAt(code, body.start!) + '  ';
  const lines = (list: string[]) => (list.length ? `\n${indent}${list.join(`;\n${indent}`)};` : '');
  // A base class: fields first, then the parameters are bound, then TypeScript's parameter properties.
  const fields = rootWithoutBase && !legacy ? lines([...parameterPropertyDefinitions(ctx, j), ...ownFields]) : '';
  const props = rootWithoutBase ? lines(legacy ? ownTail : paramProps) : '';
  // `var`, as parameters may be redeclared by `var` or function declarations in the body.
  const bind = usesArguments && paramsText ? `\n${indent}var [${paramsText}] = ${args};` : '';
  const restType = ctx.destModule.isTypeScript ? ': any[]' : '';
  const head = usesArguments ? `(...${args}${restType}) => {${fields}${bind}${props}` : `(${paramsText}) => {${fields}${props}`;
  return `const ${name} = ${head}${bodyText}};`;
}

function typeAnnotationsOf(p: t.Node): t.Node[] {
  const out: t.Node[] = [];
  t.traverseFast(p, (n) => {
    if (t.isTSTypeAnnotation(n)) out.push(n);
  });
  // Only the outermost: `now: () => number` holds `=> number` too (removing both overlapped).
  return out.filter((a) => !out.some((b) => b !== a && b.start! <= a.start! && a.end! <= b.end!));
}

/** Edits turning one `super(args)` into the parent's initialization followed by this layer's fields. */
export function superCallEdits(code: string, call: NodePath<t.CallExpression>, parent: InitPlan, ownTail: string[]): Edit[] {
  const node = call.node;
  const callee = node.callee;
  const edits: Edit[] = [];
  const tail = [...parent.tail, ...ownTail];
  const asStatement = call.parentPath.isExpressionStatement();
  const open = code.indexOf('(', callee.end!);
  if (parent.head.kind === 'helper') edits.push({ start: callee.start!, end: callee.end!, text: parent.head.name });
  else if (parent.head.kind === 'discard') {
    // The default base constructor ignores its arguments, but they are still evaluated.
    if (node.arguments.length === 0) {
      edits.push({ start: node.start!, end: node.end!, text: asStatement ? '' : 'void 0' });
    } else {
      edits.push({ start: callee.start!, end: open + 1, text: 'void [' });
      edits.push({ start: node.end! - 1, end: node.end!, text: ']' });
    }
  }
  const emptyStatement = parent.head.kind === 'discard' && node.arguments.length === 0 && asStatement;
  if (asStatement) {
    const indent = indentAt(code, node.start!);
    if (tail.length) {
      const joined = tail.join(`;\n${indent}`);
      edits.push({ start: node.end!, end: node.end!, text: emptyStatement ? joined : `;\n${indent}${joined}` });
    }
  } else {
    edits.push({ start: node.start!, end: node.start!, text: '(' });
    edits.push({ start: node.end!, end: node.end!, text: `${tail.map((e) => `, ${e}`).join('')}, this)` });
  }
  return edits;
}

/** The text of `super(...args)` as a generated statement list (for classes without their own constructor). */
export function syntheticSuper(plan: InitPlan, args: string, indent: string): string {
  const parts: string[] = [];
  if (plan.head.kind === 'helper') parts.push(`${plan.head.name}(...${args})`);
  else if (plan.head.kind === 'super') parts.push(`super(...${args})`);
  parts.push(...plan.tail);
  return parts.map((p) => `${indent}${p};`).join('\n');
}

export type { InitPlan };
