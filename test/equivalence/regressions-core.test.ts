import { describe, expect, it } from 'vitest';
import { expectEquivalent, expectReported } from '../helpers/equivalence.js';

// Bugs found by running the tool on real code; each stays fixed.
describe('regressions found on real code', () => {
  it('rxjs: names of function-type parameters (this: X, state?: T) are not free names (crashed with overlapping edits)', async () => {
    await expectEquivalent({
      'src/action.ts': `
export interface Ctx<T> { state?: T }
export class Action<T> {
  constructor(scheduler: string, work: (this: Ctx<T>, state?: T) => void) { console.log('Action', scheduler, typeof work); }
  schedule(state?: T, delay: number = 0): this { return this; }
  run(cb: (state: T, index: number) => void): void;
  run(cb: (state: T, index: number) => void, extra?: string): void { console.log('run', typeof cb, extra ?? '-'); }
}
`,
      'src/async-action.ts': `
import { Action } from './action.js';
const state = 'module-level state';
export class AsyncAction<T> extends Action<T> {
  constructor(protected scheduler: string, protected work: (state?: T) => void) { super(scheduler, work); console.log(state); }
}
`,
      'src/main.ts': `
import { AsyncAction } from './async-action.js';
const a = new AsyncAction<number>('sched', () => {});
a.run(() => {}, 'x');
console.log(a.schedule(1) === a);
`,
    }, { entry: 'src/main.ts' });
  });
});

describe('regressions found by the fuzzer', () => {
  it("a base constructor's parameter defaults run after the base's field initializers", async () => {
    await expectEquivalent({
      'src/main.js': `
const log = (s) => { console.log(s); return s; };
class Base {
  field = log('field initializer');
  constructor(a = log('default parameter'), { b } = { b: log('pattern default') }) { console.log('body', a, b); }
}
class Sub extends Base {}
new Sub();
new Sub('given', { b: 'given b' });
`,
    });
  });

  it('a private static used through this in an inherited static method is refused (it threw for the subclass)', async () => {
    const both = await expectReported(
      {
        'src/main.js': `
class Base {
  static #count = 0;
  static next() { return ++this.#count; }
}
class Sub extends Base {}
console.log(Base.next());
try { console.log(Sub.next()); } catch (e) { console.log(e.constructor.name); }
`,
      },
      { category: 'unsupported', code: 'private-static-inherited' },
    );
    if (both) expect(both.flattened.stdout).toBe(both.original.stdout);
  });
});
