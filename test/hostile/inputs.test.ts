// Hostile inputs: every bad file gets one clear diagnostic (never a crash, a stack trace or a hang),
// is mirrored byte for byte, and every other file is still processed. Runs the real CLI (dist/).

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SYNTAX_DEPTH, parseSource } from '../../src/scan/parse.js';
import { cleanupTempDirs, expectNoCrash, makeProject, prng, runCli, runJson, type JsonDiagnostic, type JsonReport } from './helpers.js';

afterAll(cleanupTempDirs);

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const crlf = (s: string) => s.replace(/\n/g, '\r\n');

/** Line breaks that are not CRLF: a lone LF or a lone CR. */
function loneLineBreaks(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n') {
      i++;
      line++;
    } else if (c === '\n' || c === '\r') {
      lines.push(line);
      line++;
    }
  }
  return lines;
}

const BASE = `export class Base {
  constructor(x) { this.x = x; }
  get() { return this.x; }
  static make() { return new this(1); }
}
`;

/** Random bytes with NULs, escape sequences and invalid UTF-8 in them. */
function binaryBytes(n: number, seed: number): Buffer {
  const rnd = prng(seed);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rnd() * 256);
  b[0] = 0x00;
  b.write('\x1b[2J\x1b]0;title\x07', 10, 'latin1');
  return b;
}

const INVALID_UTF8 = Buffer.concat([Buffer.from('export class Latin1 {\n  name() { return "'), Buffer.from([0xe9, 0x74, 0xe9]), Buffer.from('"; }\n}\n')]);
const BINARY = binaryBytes(4096, 9);
const DEEP_CONCAT = `export const s = ${Array.from({ length: MAX_SYNTAX_DEPTH + 500 }, (_, i) => `"${i}"`).join(' + ')};\n`;
const DEEP_PARSER = `export const a = ${'['.repeat(20_000)}${']'.repeat(20_000)};\n`;

const PROJECT: Record<string, string | Buffer> = {
  'src/base.js': BASE,
  // Good files that must still be processed.
  'src/good/sub.js': `import { Base } from '../base.js';\nexport class Sub extends Base {\n  get() { return super.get() + 1; }\n}\n`,
  'src/good/plain.js': `export function add(a, b) { return a + b; }\n`,
  // Syntax errors, with and without the words that make a file matter to the class graph.
  'src/bad/syntax.js': `export class Broken {\n  m( {\n    return 1;\n  }\n}\n`,
  'src/bad/syntax-no-keywords.js': `function f(a {\n  return a;\n}\n`,
  'src/bad/syntax.ts': `const x: number = ;\n`,
  // Bytes that are not UTF-8 text.
  'src/bad/latin1.js': INVALID_UTF8,
  'src/bad/binary.ts': BINARY,
  // Code too deep for the parser, and code the parser takes but nests too deeply to process safely.
  'src/bad/deep-parser.js': DEEP_PARSER,
  'src/bad/deep-tree.js': DEEP_CONCAT,
  // Line endings, byte order marks, shebangs, empty files: all fine, all preserved.
  'src/eol/bom-crlf-rewritten.js': Buffer.concat([
    BOM,
    Buffer.from(crlf(`import { Base } from '../base.js';\n\n// A comment, kept.\nexport class Sub extends Base {\n  constructor(x) {\n    super(x + 1);\n  }\n  get() {\n    return super.get() * 10;\n  }\n}\n`)),
  ]),
  'src/eol/bom-crlf-fields.js': Buffer.concat([
    BOM,
    Buffer.from(crlf(`import { Base } from '../base.js';\nexport class WithField extends Base {\n  y = 1;\n  static z = 2;\n}\n`)),
  ]),
  'src/eol/bom-crlf-copied.js': Buffer.concat([BOM, Buffer.from(crlf(`export const nothing = 'to flatten';\n`))]),
  'src/eol/crlf.ts': crlf(`import { Base } from '../base.js';\nexport class T extends Base {\n  label(): string { return 'T' + super.get(); }\n}\n`),
  'src/eol/lone-cr.js': `export const a = 1;\rexport const b = 2;\r`,
  'src/eol/shebang.js': `#!/usr/bin/env node\nimport { Base } from '../base.js';\nclass Cli extends Base {\n  run() { return super.get(); }\n}\nconsole.log(new Cli(4).run());\n`,
  'src/eol/empty.js': '',
  'src/eol/blank.ts': '\n\n   \n',
  'src/eol/comment-only.mjs': '// nothing but a comment\n',
  // The resolver's failures.
  'src/graph/unresolved.js': `import { Missing } from './does-not-exist.js';\nexport class U extends Missing {}\n`,
  'src/graph/cycle-a.js': `import { B } from './cycle-b.js';\nexport class A extends B {}\n`,
  'src/graph/cycle-b.js': `import { A } from './cycle-a.js';\nexport class B extends A {}\n`,
  'src/graph/cycle-tail.js': `import { A } from './cycle-a.js';\nexport class Tail extends A {}\n`,
  'src/graph/self.js': `export class Self extends Self {}\n`,
  // Text meant for a terminal: escape sequences in a file name, in an import specifier (quoted by the
  // messages), a bidirectional override and a C1 CSI in the code around a syntax error.
  'src/tty/\x1b[2Jname.js': `import { Gone } from './\x1b]0;title\x07gone\\r.js';\nexport class G extends Gone {}\n`,
  'src/tty/\x1b[31mred\u202e.js': `import { Base } from '../base.js';\nexport class Red extends Base {}\n`,
  'src/tty/frame.js': `// \u202e reversed \u0085 \u009b31m red\nconst a = "\x1b[2J";\nclass C { m( ; }\n`,
  // A syntax error deep in a minified line: the frame shows a window around the column.
  'src/tty/minified.js': `${'var a=1;'.repeat(2000)}var b=(;${'var c=2;'.repeat(2000)}\n`,
};

function diagnosticsOf(report: JsonReport, file: string): JsonDiagnostic[] {
  return report.diagnostics.filter((d) => d.file === file);
}

describe('hostile files in one tree', () => {
  let cwd: string;
  let report: JsonReport;
  let exitCode: number | null;

  beforeAll(async () => {
    cwd = makeProject(PROJECT);
    const { run, report: r } = await runJson(['src', '--out-dir', 'flat'], { cwd });
    report = r;
    exitCode = run.code;
  }, 120_000);

  it('the run finishes with exit 2, no crash, and mirrors every file', () => {
    expect(exitCode).toBe(2); // some files could not be parsed
    const inputs = Object.keys(PROJECT).map((p) => p.slice('src/'.length)).sort();
    const mirrored = report.files.map((f) => f.out.replace(/^flat\//, '')).sort();
    expect(mirrored).toEqual(inputs);
    for (const rel of inputs) expect(fs.existsSync(path.join(cwd, 'flat', rel)), rel).toBe(true);
  });

  it('good files are still flattened next to the bad ones', () => {
    const sub = report.classes.find((c) => c.file === 'src/good/sub.js');
    expect(sub).toMatchObject({ name: 'Sub', flattened: true, mro: ['Sub', 'Base'] });
    expect(diagnosticsOf(report, 'src/good/sub.js')).toEqual([]);
    expect(fs.readFileSync(path.join(cwd, 'flat/good/sub.js'), 'utf8')).not.toContain('extends');
  });

  it('each syntax error is one parse diagnostic at the parser\'s line and column; the file is copied unchanged', () => {
    for (const file of ['src/bad/syntax.js', 'src/bad/syntax-no-keywords.js', 'src/bad/syntax.ts']) {
      const expected = parseSource(path.join(cwd, file), PROJECT[file] as string);
      expect(expected.ok, file).toBe(false);
      if (expected.ok) continue;
      const ds = diagnosticsOf(report, file);
      expect(ds, file).toHaveLength(1);
      expect(ds[0], file).toMatchObject({ category: 'parse', code: 'syntax-error', severity: 'error', line: expected.error.line, column: expected.error.column });
      expect(ds[0]!.message, file).not.toMatch(/\n|\bat \w+ \(/);
      expect(fs.readFileSync(path.join(cwd, 'flat', file.slice(4)))).toEqual(Buffer.from(PROJECT[file] as string));
      expect(report.files.find((f) => f.file === file)?.status).toBe('failed');
    }
  });

  it('invalid UTF-8 and binary files are one diagnostic each and mirrored byte for byte', () => {
    // Located at the first bad byte (the é of "\xe9t\xe9"), so the pretty report frames it.
    expect(diagnosticsOf(report, 'src/bad/latin1.js')).toEqual([expect.objectContaining({ category: 'parse', code: 'invalid-utf8', severity: 'error', line: 2, column: 20 })]);
    expect(diagnosticsOf(report, 'src/bad/binary.ts')).toEqual([expect.objectContaining({ category: 'parse', code: 'binary-file', severity: 'error' })]);
    expect(fs.readFileSync(path.join(cwd, 'flat/bad/latin1.js')).equals(INVALID_UTF8)).toBe(true);
    expect(fs.readFileSync(path.join(cwd, 'flat/bad/binary.ts')).equals(BINARY)).toBe(true);
  });

  it('code nested too deeply is one diagnostic, not a stack overflow; the file is copied unchanged', () => {
    for (const file of ['src/bad/deep-parser.js', 'src/bad/deep-tree.js']) {
      const ds = diagnosticsOf(report, file);
      expect(ds, file).toHaveLength(1);
      expect(ds[0], file).toMatchObject({ category: 'parse', severity: 'error' });
      expect(ds[0]!.message, file).toMatch(/nests/);
      expect(fs.readFileSync(path.join(cwd, 'flat', file.slice(4)), 'utf8')).toBe(PROJECT[file]);
    }
  });

  it('a rewritten file with a BOM and CRLF line breaks keeps both, byte for byte', () => {
    const file = 'src/eol/bom-crlf-rewritten.js';
    expect(report.files.find((f) => f.file === file)?.status).toBe('rewritten');
    expect(diagnosticsOf(report, file)).toEqual([]);
    const out = fs.readFileSync(path.join(cwd, 'flat/eol/bom-crlf-rewritten.js'));
    expect(out.subarray(0, 3).equals(BOM)).toBe(true);
    const text = out.subarray(3).toString('utf8');
    expect(text).not.toContain('\uFEFF'); // one BOM, not two
    expect(text).not.toContain('extends');
    expect(text).toContain('// A comment, kept.\r\n');
    expect(loneLineBreaks(text)).toEqual([]);
  });

  // Regression: the statements the rewrite adds after the ancestor constructor call ended in a lone LF.
  it('a rewritten CRLF file whose class has fields keeps CRLF throughout', () => {
    const file = 'src/eol/bom-crlf-fields.js';
    expect(report.files.find((f) => f.file === file)?.status).toBe('rewritten');
    const out = fs.readFileSync(path.join(cwd, 'flat/eol/bom-crlf-fields.js'));
    expect(out.subarray(0, 3).equals(BOM)).toBe(true);
    expect(loneLineBreaks(out.subarray(3).toString('utf8'))).toEqual([]);
  });

  it('CRLF survives rewriting in TypeScript too; copies keep BOM, CRLF and lone CRs byte for byte', () => {
    const ts = fs.readFileSync(path.join(cwd, 'flat/eol/crlf.ts'), 'utf8');
    expect(report.files.find((f) => f.file === 'src/eol/crlf.ts')?.status).toBe('rewritten');
    expect(loneLineBreaks(ts)).toEqual([]);
    for (const file of ['src/eol/bom-crlf-copied.js', 'src/eol/lone-cr.js']) {
      expect(fs.readFileSync(path.join(cwd, 'flat', file.slice(4))).equals(Buffer.from(PROJECT[file]!)), file).toBe(true);
      expect(diagnosticsOf(report, file), file).toEqual([]);
    }
  });

  it('a shebang line is kept as the first line of a rewritten file', () => {
    const out = fs.readFileSync(path.join(cwd, 'flat/eol/shebang.js'), 'utf8');
    expect(report.files.find((f) => f.file === 'src/eol/shebang.js')?.status).toBe('rewritten');
    expect(out.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(out).not.toContain('extends');
  });

  it('empty, blank and comment-only files are copied without a diagnostic', () => {
    for (const file of ['src/eol/empty.js', 'src/eol/blank.ts', 'src/eol/comment-only.mjs']) {
      expect(diagnosticsOf(report, file), file).toEqual([]);
      expect(fs.readFileSync(path.join(cwd, 'flat', file.slice(4)), 'utf8'), file).toBe(PROJECT[file]);
    }
  });

  it('an unresolvable import is a resolve warning (on the import, and on the class it leaves alone)', () => {
    const ds = diagnosticsOf(report, 'src/graph/unresolved.js');
    expect(ds.length).toBeGreaterThanOrEqual(1);
    expect(ds[0]).toMatchObject({ category: 'resolve', severity: 'warning', line: 1 });
    for (const d of ds) {
      expect(d).toMatchObject({ category: 'resolve', severity: 'warning' });
      expect(d.message).toContain('./does-not-exist.js');
    }
    expect(new Set(ds.map((d) => d.line)).size).toBe(ds.length); // one per place
    expect(report.classes.find((c) => c.name === 'U')?.flattened).toBe(false);
  });

  it('inheritance cycles across files and onto itself are cycle errors, not hangs', () => {
    for (const [file, cls] of [
      ['src/graph/cycle-a.js', 'A'],
      ['src/graph/cycle-b.js', 'B'],
      ['src/graph/self.js', 'Self'],
    ] as const) {
      const ds = diagnosticsOf(report, file);
      expect(ds, file).toHaveLength(1);
      expect(ds[0], file).toMatchObject({ category: 'cycle', severity: 'error', classes: [cls] });
    }
    // A class extending a member of a cycle is reported too, and left as it was.
    expect(diagnosticsOf(report, 'src/graph/cycle-tail.js').map((d) => d.category)).toEqual(['cycle']);
    expect(report.classes.filter((c) => c.file.startsWith('src/graph/cycle')).every((c) => !c.flattened)).toBe(true);
  });

  it('the pretty report names every unparseable file as file:line:col with a code frame', async () => {
    const run = await runCli(['src', '--check'], { cwd });
    expectNoCrash(run);
    expect(run.code).toBe(2);
    for (const d of report.diagnostics.filter((x) => x.category === 'parse')) {
      expect(run.stdout, d.file).toContain(`${d.file}:${d.line}:${d.column}`);
    }
    const frame = run.stdout.split('\n').findIndex((l) => l.includes('src/bad/syntax.js:'));
    expect(run.stdout.split('\n').slice(frame, frame + 6).join('\n')).toMatch(/^\s*> \d+ \|/m);
  });

  // A hostile file must not reach the terminal: clear the screen, set the title, fake or reorder output.
  it('the pretty report never passes control characters from input files to the terminal', async () => {
    const run = await runCli(['src', '--check'], { cwd });
    expectNoCrash(run);
    // eslint-disable-next-line no-control-regex
    expect(run.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    // Shown escaped instead: in file names, in messages quoting a specifier, in code frames.
    expect(run.stdout).toContain('src/tty/\\x1b[2Jname.js:2:');
    expect(run.stdout).toContain('  src/tty/\\x1b[31mred\\u202e.js -> flat/tty/\\x1b[31mred\\u202e.js\n'); // "Would rewrite" 
    expect(run.stdout).toContain("'./\\x1b]0;title\\x07gone\\r.js'");
    expect(run.stdout).toMatch(/^ {2}> 1 \| import \{ Gone \} from '\.\/\\x1b\]0;title\\x07gone\\r\.js';$/m);
    expect(run.stdout).toContain('    1 | // \\u202e reversed \\x85 \\x9b31m red');
    expect(run.stdout).toContain('    2 | const a = "\\x1b[2J";');
    // The binary file gets no frame at all (it would be noise, escaped or not).
    const binary = run.stdout.split('\n').findIndex((l) => l.startsWith('src/bad/binary.ts:1:1'));
    expect(run.stdout.split('\n')[binary + 1]).not.toMatch(/\|/);
  });

  it('a code frame of a very long line shows a window around the column, the marker under it', async () => {
    const run = await runCli(['src', '--check'], { cwd });
    const lines = run.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('src/tty/minified.js:1:16008'));
    expect(at, run.stdout.slice(0, 3000)).toBeGreaterThanOrEqual(0);
    const [code, marker] = [lines[at + 1]!, lines[at + 2]!];
    expect(code.length).toBeLessThan(200);
    expect(code).toMatch(/^ {2}> 1 \| …[a-z =1;]+var b=\(;[a-z =2;]+…$/);
    // The marker points at the `;` after `(`.
    expect(code[marker.indexOf('^')]).toBe(';');
    expect(code[marker.indexOf('^') - 1]).toBe('(');
  });
});

describe('a very large file', () => {
  it('10 MB with classes in it is processed, rewritten and mirrored in full', async () => {
    // Mostly data (string literals), as large generated files are; dense code of this size works too
    // but takes much longer (HOSTILE_SLOW=1 runs that variant below).
    const head = `import { Base } from './base.js';\nexport class Big extends Base {\n  size() { return super.get() + TABLE.length; }\n}\nexport const TABLE = [\n`;
    const rows: string[] = [];
    let size = head.length;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      const row = `  ${JSON.stringify(`row ${i}: ${'lorem ipsum dolor sit amet '.repeat(3)}`)},\n`;
      rows.push(row);
      size += row.length;
    }
    const big = `${head}${rows.join('')}];\n`;
    const cwd = makeProject({ 'src/base.js': BASE, 'src/big.js': big, 'src/other.js': `export class Other {}\n` });
    const { run, report } = await runJson(['src'], { cwd });
    expect(run.code).toBe(0);
    expect(report.diagnostics).toEqual([]);
    expect(report.files.find((f) => f.file === 'src/big.js')?.status).toBe('rewritten');
    const out = fs.readFileSync(path.join(cwd, 'flat/big.js'), 'utf8');
    expect(out.length).toBeGreaterThan(10 * 1024 * 1024);
    expect(out.endsWith(rows[rows.length - 1]! + '];\n')).toBe(true);
    expect(out).not.toContain('extends');
  });

  it.runIf(process.env.HOSTILE_SLOW === '1')('10 MB of dense code (HOSTILE_SLOW=1)', async () => {
    let code = `import { Base } from './base.js';\nexport class Big extends Base { m() { return super.get(); } }\n`;
    for (let i = 0; code.length < 10 * 1024 * 1024; i++) {
      code += `export function f${i}(a, b) { const x = [a, b, ${i}]; return x.map((v) => v * 2).filter(Boolean).join(','); }\n`;
    }
    const cwd = makeProject({ 'src/base.js': BASE, 'src/big.js': code });
    const { run, report } = await runJson(['src'], { cwd, timeoutMs: 600_000 });
    console.log(`10 MB of dense code: ${run.ms} ms`);
    expect(run.code).toBe(0);
    expect(report.files.find((f) => f.file === 'src/big.js')?.status).toBe('rewritten');
  }, 600_000);
});
