// The `expect` of Babel's exec tests, for scripts/babel-exec.mjs: a small subset of Jest's matchers,
// run as a plain script in each test's node:vm context before the test. Original and flattened test
// run with the same matchers, so what matters is that a matcher fails where Jest's would, not its message.
(function (global) {
  'use strict';
  const ANY = Symbol('expect.any');

  function isObject(v) {
    return v !== null && (typeof v === 'object' || typeof v === 'function');
  }

  /** Jest's recursive equality; `strict` adds toStrictEqual's checks (types, undefined properties, sparseness). */
  function equals(a, b, strict, seen = []) {
    if (isObject(b) && b[ANY]) return b[ANY](a);
    if (Object.is(a, b)) return true;
    if (!isObject(a) || !isObject(b)) return false;
    if (typeof a === 'function' || typeof b === 'function') return false;
    const ta = Object.prototype.toString.call(a);
    if (ta !== Object.prototype.toString.call(b)) return false;
    if (strict && a.constructor !== b.constructor) return false;
    if (a instanceof Date) return a.getTime() === b.getTime();
    if (a instanceof RegExp) return String(a) === String(b);
    if (a instanceof Error && (a.message !== b.message || a.name !== b.name)) return false;
    for (const [x, y] of seen) if (x === a) return y === b;
    seen = [...seen, [a, b]];
    if (a instanceof Map) {
      if (a.size !== b.size) return false;
      for (const [k, v] of a) if (!b.has(k) || !equals(v, b.get(k), strict, seen)) return false;
      return true;
    }
    if (a instanceof Set) {
      if (a.size !== b.size) return false;
      for (const v of a) if (!b.has(v)) return false;
      return true;
    }
    if (Array.isArray(a) && a.length !== b.length) return false;
    const keys = (o) => [...Object.keys(o), ...Object.getOwnPropertySymbols(o).filter((s) => Object.prototype.propertyIsEnumerable.call(o, s))].filter((k) => strict || o[k] !== undefined);
    const ka = keys(a);
    const kb = keys(b);
    if (ka.length !== kb.length) return false;
    for (const k of ka) {
      if (!Object.prototype.hasOwnProperty.call(b, k) && !(k in b)) return false;
      if (!equals(a[k], b[k], strict, seen)) return false;
    }
    return true;
  }

  function matchesObject(actual, expected) {
    if (!isObject(expected) || expected[ANY]) return equals(actual, expected, false);
    if (!isObject(actual)) return false;
    return Object.keys(expected).every((k) => k in actual && matchesObject(actual[k], expected[k]));
  }

  function show(v) {
    try {
      return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'symbol' || typeof v === 'function' ? String(v).slice(0, 60) : JSON.stringify(v) ?? String(v);
    } catch {
      return Object.prototype.toString.call(v);
    }
  }

  function thrown(fn) {
    try {
      fn();
    } catch (e) {
      return { error: e };
    }
    return null;
  }

  function throwMatches(got, expected) {
    if (!got) return false;
    const e = got.error;
    const message = isObject(e) && 'message' in e ? String(e.message) : String(e);
    if (expected === undefined) return true;
    if (typeof expected === 'string') return message.includes(expected);
    if (expected instanceof RegExp) return expected.test(message);
    if (typeof expected === 'function') return e instanceof expected;
    if (isObject(expected)) return message === String(expected.message);
    return false;
  }

  function hasPath(actual, path) {
    const parts = Array.isArray(path) ? path : String(path).split('.');
    let v = actual;
    for (const p of parts) {
      if (v === null || v === undefined || !(p in Object(v))) return { has: false };
      v = v[p];
    }
    return { has: true, value: v };
  }

  const MATCHERS = {
    toBe: (a, b) => Object.is(a, b),
    toEqual: (a, b) => equals(a, b, false),
    toStrictEqual: (a, b) => equals(a, b, true),
    toMatchObject: (a, b) => matchesObject(a, b),
    toBeTruthy: (a) => !!a,
    toBeFalsy: (a) => !a,
    toBeUndefined: (a) => a === undefined,
    toBeDefined: (a) => a !== undefined,
    toBeNull: (a) => a === null,
    toBeNaN: (a) => Number.isNaN(a),
    toBeInstanceOf: (a, C) => a instanceof C,
    toBeGreaterThan: (a, b) => a > b,
    toBeGreaterThanOrEqual: (a, b) => a >= b,
    toBeLessThan: (a, b) => a < b,
    toBeLessThanOrEqual: (a, b) => a <= b,
    toHaveLength: (a, n) => a != null && a.length === n,
    toContain: (a, v) => (typeof a === 'string' ? a.includes(v) : Array.from(a).includes(v)),
    toMatch: (a, r) => (typeof r === 'string' ? String(a).includes(r) : r.test(String(a))),
    toHaveProperty: (a, path, ...value) => {
      const r = hasPath(a, path);
      return r.has && (value.length === 0 || equals(r.value, value[0], false));
    },
    toThrow: (fn, expected) => throwMatches(thrown(fn), expected),
  };
  MATCHERS.toThrowError = MATCHERS.toThrow;

  function expect(actual) {
    const make = (negated) => {
      const out = {};
      for (const [name, test] of Object.entries(MATCHERS)) {
        out[name] = (...args) => {
          if (!!test(actual, ...args) === negated) {
            throw new Error(`expect(${show(actual)})${negated ? '.not' : ''}.${name}(${args.map(show).join(', ')}) failed`);
          }
        };
      }
      return out;
    };
    const api = make(false);
    api.not = make(true);
    return api;
  }
  expect.any = (C) => ({
    [ANY]: (v) => (C === Number ? typeof v === 'number' || v instanceof Number : C === String ? typeof v === 'string' || v instanceof String : C === Function ? typeof v === 'function' : C === Boolean ? typeof v === 'boolean' : C === Symbol ? typeof v === 'symbol' : C === BigInt ? typeof v === 'bigint' : C === Object ? typeof v === 'object' && v !== null : v instanceof C),
  });
  global.expect = expect;
})(globalThis);
