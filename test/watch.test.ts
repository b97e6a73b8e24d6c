// Watch mode and the session behind it, on real temporary directories.
//
// The convergence test drives the watch API in-process: scripted random edit sequences (seeded) are
// applied to a small project while it is watched, each step awaited through watcher.waitFor(); after
// each sequence the watched mirror must equal, byte for byte, the mirror a fresh batch run writes.
// Every incremental rebuild is also checked against the whole rewrite (verify: true).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMirror } from '../src/emit/mirror.js';
import { flatten } from '../src/index.js';
import { FlattenSession } from '../src/session.js';
import { watch, type RebuildEvent, type Watcher } from '../src/watch/watch.js';
import { prng } from './hostile/helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let tmp: string;

beforeAll(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fc-watch-')));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// A small project: bases with module-local helpers (copied into subclasses in other files),
// a three-level chain across folders, a class that uses an imported function.

const PROJECT: Record<string, string> = {
  'shapes/base.js': `let created = 0;
const scale = (x) => x * 2;
export class Shape {
  constructor(name) { this.name = name; created++; }
  area() { return 0; }
  describe() { return \`\${this.name}:\${scale(this.area())}\`; }
  static count() { return created; }
}
`,
  'shapes/rect.js': `import { Shape } from './base.js';
export class Rect extends Shape {
  constructor(w, h) { super('rect'); this.w = w; this.h = h; }
  area() { return this.w * this.h; }
}
`,
  'shapes/square.js': `import { Rect } from './rect.js';
export class Square extends Rect {
  constructor(s) { super(s, s); this.name = 'square'; }
}
`,
  'other/circle.js': `import { Shape } from '../shapes/base.js';
const PI = 3;
export class Circle extends Shape {
  constructor(r) { super('circle'); this.r = r; }
  area() { return PI * this.r * this.r; }
}
`,
  'util/tools.js': `export function twice(x) { return 2 * x; }
`,
  'other/labeled.js': `import { twice } from '../util/tools.js';
import { Square } from '../shapes/square.js';
export class Labeled extends Square {
  label() { return twice(this.w); }
}
`,
};

function writeProject(root: string): Map<string, string> {
  const classes = new Map<string, string>();
  for (const [rel, text] of Object.entries(PROJECT)) {
    const abs = path.join(root, 'src', rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    const m = /export class (\w+)/.exec(text);
    if (m) classes.set(rel, m[1]);
  }
  return classes;
}

/** Every file under `dir` (relative path → bytes). */
function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else out.set(path.relative(dir, abs).split(path.sep).join('/'), fs.readFileSync(abs));
    }
  };
  walk(dir);
  return out;
}

function expectSameTree(actual: Map<string, Buffer>, expected: Map<string, Buffer>, context: string): void {
  expect([...actual.keys()].sort(), context).toEqual([...expected.keys()].sort());
  for (const [rel, bytes] of expected) {
    const got = actual.get(rel)!;
    if (!got.equals(bytes)) expect(got.toString('utf8'), `${context}: ${rel}`).toBe(bytes.toString('utf8'));
  }
}


// ---------------------------------------------------------------------------------------------
// Random edits

interface Model {
  root: string;
  /** Source files that declare a class (relative to src) → class name. */
  classes: Map<string, string>;
  /** Broken files → their last good text. */
  broken: Map<string, string>;
  counter: number;
}

type Edit = { name: string; apply: (m: Model, rnd: () => number) => string[] | null };

const src = (m: Model, rel: string) => path.join(m.root, 'src', rel);
const pick = <T>(items: T[], rnd: () => number): T | undefined => (items.length ? items[Math.floor(rnd() * items.length)] : undefined);
const healthy = (m: Model) => [...m.classes.keys()].filter((rel) => !m.broken.has(rel));

function importPath(from: string, to: string): string {
  const rel = path.posix.relative(path.posix.dirname(from), to);
  return rel.startsWith('.') ? rel : `./${rel}`;
}

const EDITS: Edit[] = [
  {
    name: 'add a method to a class',
    apply(m, rnd) {
      const rel = pick(healthy(m), rnd);
      if (!rel) return null;
      const n = ++m.counter;
      const text = fs.readFileSync(src(m, rel), 'utf8').replace(/(export class \w+(?: extends \w+)? \{\n)/, `$1  m${n}() { return ${n} + this.area(); }\n`);
      fs.writeFileSync(src(m, rel), text);
      return [src(m, rel)];
    },
  },
  {
    name: 'edit the helper of the base',
    apply(m, rnd) {
      if (!m.classes.has('shapes/base.js') || m.broken.has('shapes/base.js')) return null;
      const file = src(m, 'shapes/base.js');
      const k = 2 + Math.floor(rnd() * 9);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/x \* \d+/, `x * ${k}`).replace(/return 0;/, `return ${k - 2};`));
      return [file];
    },
  },
  {
    name: 'break a file',
    apply(m, rnd) {
      const rel = pick(healthy(m), rnd);
      if (!rel) return null;
      const text = fs.readFileSync(src(m, rel), 'utf8');
      m.broken.set(rel, text);
      fs.writeFileSync(src(m, rel), `${text}\nclass Broken extends {\n`);
      return [src(m, rel)];
    },
  },
  {
    name: 'fix a broken file',
    apply(m, rnd) {
      const rel = pick([...m.broken.keys()], rnd);
      if (!rel) return null;
      fs.writeFileSync(src(m, rel), m.broken.get(rel)!);
      m.broken.delete(rel);
      return [src(m, rel)];
    },
  },
  {
    name: 'delete a file',
    apply(m, rnd) {
      const rel = pick([...m.classes.keys()].filter((r) => r !== 'shapes/base.js' || rnd() < 0.3), rnd);
      if (!rel || m.classes.size <= 2) return null;
      fs.rmSync(src(m, rel));
      m.classes.delete(rel);
      m.broken.delete(rel);
      return [src(m, rel)];
    },
  },
  {
    name: 'rename a file into another folder',
    apply(m, rnd) {
      const rel = pick([...m.classes.keys()], rnd);
      if (!rel) return null;
      const n = ++m.counter;
      const to = `${pick(['shapes', 'other', `moved${n}`], rnd)}/r${n}_${path.posix.basename(rel)}`;
      fs.mkdirSync(path.dirname(src(m, to)), { recursive: true });
      fs.renameSync(src(m, rel), src(m, to));
      m.classes.set(to, m.classes.get(rel)!);
      m.classes.delete(rel);
      if (m.broken.has(rel)) {
        m.broken.set(to, m.broken.get(rel)!);
        m.broken.delete(rel);
      }
      return [src(m, rel), src(m, to)];
    },
  },
  {
    name: 'new folder with a subclass',
    apply(m, rnd) {
      const base = pick([...m.classes.keys()], rnd);
      if (!base) return null;
      const n = ++m.counter;
      const rel = `gen${n}/deep/c${n}.js`;
      const name = `Gen${n}`;
      const text = `import { ${m.classes.get(base)} as B${n} } from '${importPath(rel, base)}';
const local${n} = ${n};
export class ${name} extends B${n} {
  g${n}() { return local${n} + this.area(); }
}
`;
      fs.mkdirSync(path.dirname(src(m, rel)), { recursive: true });
      fs.writeFileSync(src(m, rel), text);
      m.classes.set(rel, name);
      return [src(m, rel)];
    },
  },
  {
    name: 'change what a class extends',
    apply(m, rnd) {
      const rel = pick(healthy(m).filter((r) => r !== 'shapes/base.js'), rnd);
      const base = pick([...m.classes.keys()].filter((r) => r !== rel), rnd);
      if (!rel || !base) return null;
      const name = m.classes.get(rel)!;
      const n = ++m.counter;
      const text = `import { ${m.classes.get(base)} as Base${n} } from '${importPath(rel, base)}';
export class ${name} extends Base${n} {
  area() { return ${n}; }
}
`;
      fs.writeFileSync(src(m, rel), text);
      return [src(m, rel)];
    },
  },
  {
    name: 'save without changes',
    apply(m, rnd) {
      const rel = pick([...m.classes.keys()], rnd);
      if (!rel) return null;
      fs.writeFileSync(src(m, rel), fs.readFileSync(src(m, rel)));
      return [src(m, rel)];
    },
  },
];

// ---------------------------------------------------------------------------------------------

describe('FlattenSession', () => {
  it('equals flatten() and re-parses only the files that changed', async () => {
    const root = path.join(tmp, 'session');
    writeProject(root);
    const options = { cwd: root, paths: ['src'], outDir: 'flat' };
    const session = new FlattenSession(options, { incremental: true, verify: true });
    const first = session.run();
    const batch = await flatten(options);
    expect(first.result.files).toEqual(batch.files);
    expect(first.result.classes).toEqual(batch.classes);
    expect(first.parsed).toBe(batch.stats.filesParsed);

    const base = path.join(root, 'src/shapes/base.js');
    fs.writeFileSync(base, fs.readFileSync(base, 'utf8').replace('x * 2', 'x * 7'));
    const second = session.run({ paths: [base] });
    expect(second.parsed).toBe(1);
    // The base's mirror and its subclasses in other files change; nothing else is reported changed.
    expect(second.changed.map((f) => f.outRelPath).sort()).toEqual(['shapes/base.js']);
    const again = await flatten(options);
    expect(second.result.files).toEqual(again.files);
    expect(sortedDiagnostics(second.result.diagnostics)).toEqual(sortedDiagnostics(again.diagnostics));

    // A method of the base changes: every subclass mirror follows.
    fs.writeFileSync(base, fs.readFileSync(base, 'utf8').replace('scale(this.area())}`', 'scale(this.area())}!`'));
    const third = session.run({ paths: [base] });
    expect(third.changed.map((f) => f.outRelPath).sort()).toEqual(['other/circle.js', 'other/labeled.js', 'shapes/base.js', 'shapes/rect.js', 'shapes/square.js']);
    expect(third.result.files).toEqual((await flatten(options)).files);

    // Same bytes again: nothing to do.
    fs.writeFileSync(base, fs.readFileSync(base));
    const fourth = session.run({ paths: [base] });
    expect(fourth.parsed).toBe(0);
    expect(fourth.changed).toEqual([]);
  });
});

function sortedDiagnostics(ds: readonly unknown[]): string[] {
  return ds.map((d) => JSON.stringify(d)).sort();
}

describe('watch mode', () => {
  it('converges to the batch mirror after random edit sequences', async () => {
    const root = path.join(tmp, 'converge');
    const model: Model = { root, classes: writeProject(root), broken: new Map(), counter: 0 };
    const errors: unknown[] = [];
    const watcher: Watcher = watch({
      options: { cwd: root, paths: ['src'], outDir: 'flat' },
      verify: true,
      onRebuild: (e: RebuildEvent) => {
        if (e.error) errors.push(e.error);
      },
    });
    try {
      await watcher.ready;
      const rnd = prng(Number(process.env.WATCH_SEED ?? 20240607));
      const sequences = 5;
      const steps = 9;
      for (let s = 0; s < sequences; s++) {
        const log: string[] = [];
        for (let i = 0; i < steps; i++) {
          let paths: string[] | null = null;
          let edit: Edit | undefined;
          for (let tries = 0; paths === null && tries < 20; tries++) {
            edit = pick(EDITS, rnd)!;
            // What the mirror of a file about to break holds: it must stay.
            paths = edit.apply(model, rnd);
          }
          if (paths === null) continue;
          log.push(edit!.name);
          const event = await watcher.waitFor(paths);
          if (event.error) throw new Error(`${log.join(' → ')}: ${String(event.error)}`);
          for (const kept of event.kept) expect(model.broken.has(kept), `kept ${kept}`).toBe(true);
        }
        // Fix what is still broken, then compare with a fresh batch run.
        const fixes = [...model.broken].map(([rel, text]) => {
          fs.writeFileSync(src(model, rel), text);
          return src(model, rel);
        });
        model.broken.clear();
        if (fixes.length > 0) await watcher.waitFor(fixes);
        await watcher.idle();

        const batchDir = path.join(root, `batch${s}`);
        const batch = await flatten({ cwd: root, paths: ['src'], outDir: `batch${s}` });
        const written = await writeMirror(batchDir, batch.files);
        expect(written.diagnostics).toEqual([]);
        expectSameTree(tree(path.join(root, 'flat')), tree(batchDir), `sequence ${s}: ${log.join(' → ')}`);
        expect(sortedDiagnostics(watcher.last!.result.diagnostics)).toEqual(sortedDiagnostics(batch.diagnostics));
        fs.rmSync(batchDir, { recursive: true, force: true });
      }
      expect(errors).toEqual([]);
    } finally {
      await watcher.close();
    }
  }, 30_000);

  it('keeps the last good mirror of a file with a syntax error, and recovers when it is fixed', async () => {
    const root = path.join(tmp, 'syntax');
    writeProject(root);
    const logs: string[] = [];
    const watcher = watch({ options: { cwd: root, paths: ['src'], outDir: 'flat' }, log: (t) => logs.push(t) });
    try {
      await watcher.ready;
      const file = path.join(root, 'src/shapes/rect.js');
      const mirror = path.join(root, 'flat/shapes/rect.js');
      const good = fs.readFileSync(mirror, 'utf8');
      const text = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, text.replace('area() {', 'area( {'));
      const broken = await watcher.waitFor([file]);
      expect(broken.kept).toEqual(['shapes/rect.js']);
      expect(broken.added.map((d) => d.code)).toContain('syntax-error');
      expect(fs.readFileSync(mirror, 'utf8')).toBe(good);
      // The new diagnostic is printed in full, with its code frame.
      expect(logs.join('')).toMatch(/src\/shapes\/rect\.js:4:\d+ +error/);
      expect(logs.join('')).toContain('> 4 |');

      fs.writeFileSync(file, text.replace('this.w * this.h', 'this.h * this.w'));
      const fixed = await watcher.waitFor([file]);
      expect(fixed.gone.map((d) => d.code)).toContain('syntax-error');
      expect(fixed.added).toEqual([]);
      expect(fs.readFileSync(mirror, 'utf8')).toContain('this.h * this.w');
      expect(logs[logs.length - 1]).toMatch(/rebuilt in \d+ ms, \d+ files? written; diagnostics \+0 -\d+\n$/);
    } finally {
      await watcher.close();
    }
  });

  it('rewrites the JSON report after every rebuild', async () => {
    const root = path.join(tmp, 'report');
    writeProject(root);
    const reportFile = path.join(root, 'report.json');
    const watcher = watch({ options: { cwd: root, paths: ['src'], outDir: 'flat' }, reportFile: { path: reportFile, format: 'json' } });
    try {
      await watcher.ready;
      const before = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { diagnostics: unknown[] };
      const file = path.join(root, 'src/other/circle.js');
      fs.writeFileSync(file, `${fs.readFileSync(file, 'utf8')}\nclass {\n`);
      await watcher.waitFor([file]);
      const after = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { diagnostics: Array<{ code: string }> };
      expect(after.diagnostics.length).toBe(before.diagnostics.length + 1);
      expect(after.diagnostics.some((d) => d.code === 'syntax-error')).toBe(true);
    } finally {
      await watcher.close();
    }
  });
});

describe('flatten-classes --watch', () => {
  it('rebuilds the mirror on a change and exits 0 on SIGTERM', async () => {
    const root = path.join(tmp, 'cli');
    writeProject(root);
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/flatten-classes.js'), 'src', '--out-dir', 'flat', '--watch'], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const waiters: Array<{ re: RegExp; resolve: () => void }> = [];
    const check = () => {
      for (const w of [...waiters]) {
        if (w.re.test(stdout)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    };
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      check();
    });
    child.stderr.on('data', (b: Buffer) => void (stderr += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const output = (re: RegExp, what: string) =>
      Promise.race([
        new Promise<void>((resolve) => {
          waiters.push({ re, resolve });
          check();
        }),
        exited.then(() => {
          throw new Error(`exited before ${what}: ${stdout}${stderr}`);
        }),
      ]);
    try {
      await output(/Watching for changes/, 'the first build');
      const mirror = path.join(root, 'flat/shapes/square.js');
      expect(fs.readFileSync(mirror, 'utf8')).not.toContain('EDITED');
      const base = path.join(root, 'src/shapes/base.js');
      fs.writeFileSync(base, fs.readFileSync(base, 'utf8').replace('scale(this.area())}`', 'scale(this.area())} EDITED`'));
      await output(/src\/shapes\/base\.js: rebuilt in \d+ ms/, 'the rebuild');
      expect(fs.readFileSync(mirror, 'utf8')).toContain('EDITED');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toBe('');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);
});
