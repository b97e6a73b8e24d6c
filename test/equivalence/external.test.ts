import { describe, expect, it } from 'vitest';
import { expectEquivalent, expectReported } from '../helpers/equivalence.js';

const main = (code: string) => ({ 'src/main.js': code });

describe('built-in and third-party bases stay the root', () => {
  it('a custom Error hierarchy: name, message, instanceof Error, stack first line', async () => {
    await expectEquivalent(
      main(`
class AppError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = new.target.name;
  }
  get code() { return 'E_APP'; }
}
class NotFound extends AppError {
  constructor(what) { super(what + ' not found'); this.what = what; }
  get code() { return 'E_NOT_FOUND'; }
}
const e = new NotFound('user');
console.log(e.name, '|', e.message, '|', e.code, e.what);
console.log(e instanceof Error, e instanceof NotFound, Object.prototype.toString.call(e));
console.log(e.stack.split('\\n')[0]);
console.log(String(e));
`),
    );
  });

  it('Error options.cause and thrown/caught subclass errors', async () => {
    await expectEquivalent(
      main(`
class AppError extends Error {}
class DbError extends AppError {
  constructor(msg, cause) { super('db: ' + msg, { cause }); }
}
try {
  try { JSON.parse('{'); } catch (e) { throw new DbError('bad row', e); }
} catch (e) {
  console.log(e.name, e.message, e.cause.name, e instanceof Error);
}
`),
    );
  });

  it('an Error subclass with a name field and Error.captureStackTrace', async () => {
    await expectEquivalent(
      main(`
class BaseError extends Error {
  name = 'BaseError';
  constructor(msg) { super(msg); Error.captureStackTrace?.(this, this.constructor); }
}
class ValidationError extends BaseError { name = 'ValidationError'; field = 'email'; }
const v = new ValidationError('invalid');
console.log(v.name, v.field, v.message, String(v), v.stack.split('\\n')[0]);
`),
    );
  });

  it('extends EventEmitter from node:events', async () => {
    await expectEquivalent(
      main(`
import { EventEmitter } from 'node:events';
class Store extends EventEmitter {
  #state = {};
  set(k, v) { this.#state[k] = v; this.emit('change', k, v); return this; }
  get(k) { return this.#state[k]; }
}
class LoggedStore extends Store {
  constructor() { super(); this.on('change', (k, v) => console.log('change', k, v)); }
  set(k, v) { console.log('setting', k); return super.set(k, v); }
}
const s = new LoggedStore();
s.once('change', () => console.log('first change only'));
s.set('a', 1).set('b', 2);
console.log(s.get('a'), s.listenerCount('change'), s instanceof EventEmitter);
`),
    );
  });

  it('extends Array: species, static from, and methods of every level', async () => {
    await expectEquivalent(
      main(`
class List extends Array {
  sum() { return this.reduce((a, b) => a + b, 0); }
}
class NumList extends List {
  avg() { return this.length ? this.sum() / this.length : 0; }
}
const n = NumList.from([1, 2, 3, 4]);
const doubled = n.map((x) => x * 2);
console.log(n.constructor.name, n.length, n.sum(), n.avg());
console.log(doubled.constructor.name, doubled.avg(), Array.isArray(doubled), JSON.stringify(doubled.filter((x) => x > 4)));
console.log(NumList.of(5, 6).avg(), new NumList(3).length);
`),
    );
  });

  it('extends Map: the Map constructor calls the overridden set, super.set reaches Map (reported: the class is left as it was)', async () => {
    const both = await expectReported(
      main(`
class Registry extends Map {
  set(k, v) { console.log('Registry.set', k); return super.set(k, v); }
  names() { return [...this.keys()].join(','); }
}
class TypedRegistry extends Registry {
  set(k, v) {
    if (typeof v !== 'number') throw new TypeError('numbers only: ' + k);
    return super.set(k, v);
  }
}
const r = new TypedRegistry([['a', 1], ['b', 2]]);
r.set('c', 3);
try { r.set('d', 'x'); } catch (e) { console.log(e.name, e.message); }
console.log(r.names(), r.size, r.get('b'));
`),
      { category: 'unsupported', code: 'super-during-base-construction' },
    );
    // Left as it was, the class still behaves exactly as before.
    if (both) expect(both.flattened.stdout).toBe(both.original.stdout)
  });

  it('overriding a built-in method in the middle of the chain, calling super from the bottom', async () => {
    await expectEquivalent(
      main(`
class LoudArray extends Array {
  push(...xs) { console.log('LoudArray.push', xs.join(',')); return super.push(...xs); }
}
class CountingArray extends LoudArray {
  pushes = 0;
  push(...xs) { this.pushes++; return super.push(...xs); }
}
class Plain extends LoudArray {}
const c = new CountingArray();
c.push(1); c.push(2, 3);
const p = new Plain();
p.push('x');
console.log(c.length, c.pushes, p.length, JSON.stringify([...c]));
`),
    );
  });

  it('a base class from a third-party package in node_modules', async () => {
    await expectEquivalent({
      'node_modules/tiny-ui/package.json': JSON.stringify({ name: 'tiny-ui', type: 'module', exports: './index.js' }),
      'node_modules/tiny-ui/index.js': `
export class Component {
  constructor(props) { this.props = props; }
  render() { return '<' + this.tag() + '>' + this.props.text + '</' + this.tag() + '>'; }
  tag() { return 'div'; }
}
`,
      'src/widget.js': `
import { Component } from 'tiny-ui';
export class Widget extends Component {
  tag() { return 'section'; }
  render() { return '[widget]' + super.render(); }
}
`,
      'src/button.js': `
import { Widget } from './widget.js';
export class Button extends Widget {
  tag() { return 'button'; }
}
`,
      'src/main.js': `
import { Button } from './button.js';
import { Component } from 'tiny-ui';
const b = new Button({ text: 'OK' });
console.log(b.render(), b instanceof Component);
`,
    });
  });
});
