import { describe, it } from 'vitest';
import { expectEquivalent } from '../helpers/equivalence.js';

// A tsconfig pins the class-field semantics tsx/esbuild use (ES2022 target: define semantics).
const TSCONFIG = JSON.stringify(
  { compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } },
  null,
  2,
);

describe('TypeScript sources (run with tsx)', () => {
  it('parameter properties in base and subclass constructors', async () => {
    await expectEquivalent({
      'tsconfig.json': TSCONFIG,
      'src/main.ts': `
class Point {
  constructor(private readonly x: number, public y: number) {}
  norm(): number { return Math.hypot(this.x, this.y); }
  get xValue(): number { return this.x; }
}
class Point3 extends Point {
  constructor(x: number, y: number, public readonly z: number) {
    super(x, y);
    console.log('Point3 ctor, z =', this.z);
  }
  override norm(): number { return Math.hypot(super.norm(), this.z); }
}
const p = new Point3(1, 2, 2);
console.log(p.norm(), p.xValue, p.y, p.z, JSON.stringify(p));
`,
    });
  });

  it('generic base and a subclass with a concrete type argument, across .ts files with .js specifiers', async () => {
    await expectEquivalent({
      'tsconfig.json': TSCONFIG,
      'src/types.ts': `
export interface User { id: string; name: string; }
`,
      'src/repo.ts': `
export class Repo<T extends { id: string }> {
  protected items = new Map<string, T>();
  add(item: T): this { this.items.set(item.id, item); return this; }
  get(id: string): T | undefined { return this.items.get(id); }
  all(): T[] { return [...this.items.values()]; }
  map<U>(f: (t: T) => U): U[] { return this.all().map(f); }
}
`,
      'src/user-repo.ts': `
import { Repo } from './repo.js';
import type { User } from './types.js';
export class UserRepo extends Repo<User> {
  findByName(name: string): User | undefined { return this.all().find((u) => u.name === name); }
}
`,
      'src/main.ts': `
import { UserRepo } from './user-repo.js';
const r = new UserRepo().add({ id: '1', name: 'ann' }).add({ id: '2', name: 'bob' });
console.log(r.get('2')?.name, r.findByName('ann')?.id, r.map((u) => u.name.toUpperCase()).join(','));
`,
    });
  });

  it('an abstract base class with abstract and concrete members', async () => {
    await expectEquivalent({
      'tsconfig.json': TSCONFIG,
      'src/main.ts': `
abstract class Shape {
  abstract area(): number;
  abstract readonly kind: string;
  describe(): string { return \`\${this.kind} with area \${this.area().toFixed(2)}\`; }
}
class Circle extends Shape {
  readonly kind = 'circle';
  constructor(private r: number) { super(); }
  area(): number { return Math.PI * this.r ** 2; }
}
class Square extends Shape {
  readonly kind = 'square';
  constructor(protected side: number) { super(); }
  area(): number { return this.side ** 2; }
}
class UnitSquare extends Square { constructor() { super(1); } }
for (const s of [new Circle(1), new Square(2), new UnitSquare()]) console.log(s.describe());
`,
    });
  });

  it('access modifiers, readonly and override', async () => {
    await expectEquivalent({
      'tsconfig.json': TSCONFIG,
      'src/main.ts': `
class Account {
  public readonly owner: string;
  protected balance = 0;
  private history: string[] = [];
  constructor(owner: string) { this.owner = owner; }
  deposit(n: number): void { this.balance += n; this.record('deposit ' + n); }
  protected record(entry: string): void { this.history.push(entry); }
  statement(): string { return this.owner + ': ' + this.balance + ' [' + this.history.join('; ') + ']'; }
}
class Savings extends Account {
  private static readonly RATE = 0.1;
  addInterest(): void { const i = this.balance * Savings.RATE; this.deposit(i); }
  protected override record(entry: string): void { super.record('savings ' + entry); }
}
const s = new Savings('ann');
s.deposit(100);
s.addInterest();
console.log(s.statement());
`,
    });
  });

  it('implements, declare fields and type-only members', async () => {
    await expectEquivalent({
      'tsconfig.json': TSCONFIG,
      'src/main.ts': `
interface Named { name(): string; }
class Base implements Named {
  declare tag: string;
  constructor() { this.tag = 'from-base'; }
  name(): string { return 'base'; }
}
class Sub extends Base implements Named {
  declare extra?: number;
  override name(): string { return 'sub of ' + super.name() + ' tag=' + this.tag; }
}
const s: Named = new Sub();
console.log(s.name(), 'extra' in (s as object));
`,
    });
  });

  it('a field declared without initializer in the subclass (define semantics)', async () => {
    await expectEquivalent({
      'tsconfig.json': TSCONFIG,
      'src/main.ts': `
class Widget {
  constructor() { this.init(); }
  protected init(): void {}
}
class Label extends Widget {
  text?: string;
  protected override init(): void { this.text = 'set during base ctor'; }
}
console.log(JSON.stringify(new Label().text), 'text' in new Label());
`,
    });
  });

  it('a base using an enum and a namespace from its own file', async () => {
    await expectEquivalent({
      'tsconfig.json': TSCONFIG,
      'src/level.ts': `
export enum Level { Debug, Info, Warn }
namespace Fmt { export const pad = (s: string) => s.padEnd(5, '.'); }
export class Logger {
  constructor(protected min: Level = Level.Info) {}
  log(level: Level, msg: string): string | null {
    return level >= this.min ? Fmt.pad(Level[level]) + msg : null;
  }
}
`,
      'src/app-logger.ts': `
import { Logger, Level } from './level.js';
enum Fmt { Plain = 'plain' }
export class AppLogger extends Logger {
  warn(msg: string) { return this.log(Level.Warn, msg) + ' (' + Fmt.Plain + ')'; }
}
`,
      'src/main.ts': `
import { AppLogger } from './app-logger.js';
import { Level } from './level.js';
const l = new AppLogger();
console.log(l.warn('disk'), l.log(Level.Debug, 'hidden'), new AppLogger(Level.Debug).log(Level.Debug, 'shown'));
`,
    });
  });

  it('a protected constructor and a static factory inherited by a generic subclass', async () => {
    await expectEquivalent({
      'tsconfig.json': TSCONFIG,
      'src/main.ts': `
class Entity {
  private static seq = 0;
  readonly id: number;
  protected constructor() { this.id = ++Entity.seq; }
  static make<T extends Entity>(this: new () => T): T { return new this(); }
}
class Box<T = string> extends Entity {
  content: T[] = [];
  public constructor() { super(); }
  put(x: T): this { this.content.push(x); return this; }
}
const a = Box.make() as Box<string>;
const b = (Box.make() as Box<number>).put(1).put(2);
console.log(a.id, b.id, b.content.join('+'), a instanceof Box);
`,
    });
  });
});
