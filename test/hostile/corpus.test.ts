// Crash resistance at scale: the CLI over real-world JavaScript and TypeScript (the sources of the
// packages installed in node_modules: Babel, TypeScript, Vite, Rollup, Vitest, Ajv, ...) plus generated
// invalid files. Zero crashes; every file that cannot be parsed is reported at the parser's
// file:line:col; exit code 2 exactly when some file could not be parsed. Bounded in size (about
// 3 MB of real code) and time.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSource } from '../../src/scan/parse.js';
import { REPO_ROOT, cleanupTempDirs, expectNoCrash, makeProject, prng, runCli, type JsonReport } from './helpers.js';

afterAll(cleanupTempDirs);

const NODE_MODULES = path.join(REPO_ROOT, 'node_modules');
/** Package directories sampled, in this order, until the budget is spent. */
const ROOTS = [
  'ajv/lib', // TypeScript sources
  'typescript/lib',
  '@babel/parser/lib',
  '@babel/traverse/lib',
  '@babel/types/lib',
  '@babel/generator/lib',
  '@babel/template/lib',
  '@babel/code-frame/lib',
  'rollup/dist',
  'vite/dist',
  'vitest/dist',
  '@vitest',
  'esbuild/lib',
  'commander',
  'picomatch',
  'chokidar',
  'magic-string/dist',
  'source-map',
  'postcss/lib',
  'tsx/dist',
  'chai',
  'pure-rand',
  'fast-check/lib',
  '@jridgewell',
];
const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const DECLARATION = /\.d\.[cm]?ts$/;
const MAX_FILE_BYTES = 250_000;
const MAX_TOTAL_BYTES = 3_000_000;
const MUTANTS = 160;

/** Real files under `root`, sorted, not following links or nested node_modules. */
function listSources(root: string): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'node_modules') stack.push(p);
      else if (e.isFile() && SOURCE.test(e.name) && !DECLARATION.test(e.name)) out.push(p);
    }
  }
  return out.sort();
}

/** The real-world sample: every root gets a share of the budget, files in sorted order. */
function pickRealFiles(): Map<string, Buffer> {
  const picked = new Map<string, Buffer>();
  let total = 0;
  const share = MAX_TOTAL_BYTES / ROOTS.length;
  for (const root of ROOTS) {
    let used = 0;
    for (const file of listSources(path.join(NODE_MODULES, root))) {
      const size = fs.statSync(file).size;
      if (size > MAX_FILE_BYTES || used + size > share * 2 || total + size > MAX_TOTAL_BYTES) continue;
      picked.set(`src/real/${path.relative(NODE_MODULES, file).split(path.sep).join('/')}`, fs.readFileSync(file));
      used += size;
      total += size;
    }
  }
  return picked;
}

/** Hand-written invalid (and a few tricky but valid) files. */
const HANDWRITTEN: Record<string, string | Buffer> = {
  'unterminated-string.js': `export const s = "abc;\n`,
  'unterminated-template.js': 'export const t = `abc ${1 + \n',
  'unterminated-comment.js': `export class A {}\n/* never closed\n`,
  'unterminated-regex.js': `export const r = /abc;\n`,
  'class-without-body.js': `export class A extends B\n`,
  'class-bad-member.js': `export class A { 1x() {} }\n`,
  'double-default.js': `export default 1;\nexport default 2;\n`,
  'import-in-script.cjs': `import x from 'y';\nmodule.exports = x;\n`,
  'types-in-js.js': `export function f(a: number): string { return ''; }\n`,
  'jsx-in-ts.ts': `export const el = <div>hi</div>;\n`,
  'ts-error.ts': `export class A { private private x; }\n`,
  'tsx-error.tsx': `export const el = <div>;\n`,
  'await-in-script.cjs': `const x = await fetch();\n`,
  'only-junk.js': `}}}}))))]]]]\n`,
  'unicode-junk.js': `export const \u2603 = 1;\n`,
  'lone-surrogate-escape.js': `export const s = "\\uD800";\n`, // valid: an escape, not a byte
  'with-nul.js': Buffer.from('export const a = 1;\u0000\n', 'utf8'),
  'latin1.ts': Buffer.from([0x65, 0x78, 0x70, 0x6f, 0x72, 0x74, 0x20, 0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x65, 0x3d, 0x22, 0xe9, 0x22, 0x3b, 0x0a]),
  'bom-only.js': Buffer.from([0xef, 0xbb, 0xbf]),
  'deep.js': `export const d = ${Array.from({ length: 3000 }, () => 'x').join(' + ')};\n`,
  'deep-parser.js': `export const d = ${'('.repeat(50_000)}1${')'.repeat(50_000)};\n`,
  'decorator-junk.ts': `@@@ export class A {}\n`,
  'private-junk.js': `class A { #x; m() { return #y in this; } }\n`,
  'super-outside.js': `export function f() { return super.x; }\n`,
  'html-comment.mjs': `<!-- not in modules -->\nexport const a = 1;\n`,
  'no-keywords-error.js': `let a = (1 +;\n`,
  'no-keywords-ok.js': `let a = 1;\n`,
};

/** Small corruptions of real files: what an editor crash, a bad merge or a truncated download leaves. */
function mutants(real: Map<string, Buffer>): Map<string, Buffer> {
  const rnd = prng(2024);
  const sources = [...real.entries()].filter(([, b]) => b.length > 200);
  const out = new Map<string, Buffer>();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const ops: Array<(b: Buffer) => Buffer> = [
    (b) => b.subarray(0, Math.floor(rnd() * b.length)), // truncated
    (b) => {
      const i = Math.floor(rnd() * b.length);
      return Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]); // one byte gone
    },
    (b) => {
      const i = Math.floor(rnd() * b.length);
      return Buffer.concat([b.subarray(0, i), Buffer.from(pick(['{', '}', '(', ')', '"', '`', '/*', '<', '@', '#', '\\'])), b.subarray(i)]);
    },
    (b) => {
      const i = Math.floor(rnd() * b.length);
      const j = Math.min(b.length, i + Math.floor(rnd() * 400));
      return Buffer.concat([b.subarray(0, j), b.subarray(i, j), b.subarray(j)]); // a slice duplicated
    },
    (b) => {
      const text = b.toString('utf8');
      const lines = text.split('\n');
      const i = Math.floor(rnd() * lines.length);
      lines.splice(i, 0, pick(['<<<<<<< HEAD', '=======', '>>>>>>> branch'])); // a merge conflict marker
      return Buffer.from(lines.join('\n'));
    },
    (b) => {
      const i = Math.floor(rnd() * b.length);
      return Buffer.concat([b.subarray(0, i), Buffer.from([pick([0x00, 0xff, 0xc3, 0x80])]), b.subarray(i)]); // a bad byte
    },
    (b) => Buffer.from(b.toString('utf8').replace(/\n/g, () => (rnd() < 0.5 ? '\r\n' : '\n'))), // mixed line breaks (valid)
    (b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]), // a BOM (valid)
  ];
  for (let i = 0; i < MUTANTS; i++) {
    const [rel, bytes] = pick(sources);
    const op = i % ops.length;
    const ext = path.extname(rel);
    out.set(`src/mutants/m${String(i).padStart(3, '0')}-op${op}${ext}`, ops[op]!(bytes));
  }
  return out;
}

/**
 * What the tool must report for a file: null when it is fine, else the location it cannot parse at;
 * `text` when the file is text, so the pretty report shows it in a code frame.
 */
function expectedFailure(file: string, bytes: Buffer): { line: number; column: number; text: boolean } | null {
  if (bytes.includes(0)) return { line: 1, column: 1, text: false };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // drops a leading BOM, as the tool does
  } catch {
    // At the first bad byte: where a lenient decoder puts its first replacement character.
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const lines = lenient.slice(0, lenient.indexOf('\uFFFD')).split(/\r\n|[\n\r\u2028\u2029]/);
    return { line: lines.length, column: lines[lines.length - 1]!.length + 1, text: true };
  }
  const parsed = parseSource(file, text);
  return parsed.ok ? null : { line: parsed.error.line, column: parsed.error.column, text: true };
}

describe('crash resistance over a real-world and invalid corpus', () => {
  let cwd: string;
  let files: Map<string, Buffer>;
  let expected: Map<string, { line: number; column: number; text: boolean }>;

  beforeAll(() => {
    const real = pickRealFiles();
    files = new Map([
      ...real,
      ...mutants(real),
      ...Object.entries(HANDWRITTEN).map(([rel, c]) => [`src/handwritten/${rel}`, Buffer.from(c)] as const),
    ]);
    cwd = makeProject(Object.fromEntries(files));
    expected = new Map();
    for (const [rel, bytes] of files) {
      const failure = expectedFailure(path.join(cwd, rel), bytes);
      if (failure) expected.set(rel, failure);
    }
  });

  it('zero crashes; every unparseable file reported at file:line:col; exit 2 because some are', async () => {
    const realBytes = [...files].filter(([rel]) => rel.startsWith('src/real/')).reduce((n, [, b]) => n + b.length, 0);
    const run = await runCli(['src', '--report', 'json', '--report-file', 'report.json'], { cwd, timeoutMs: 150_000 });
    console.log(
      `[hostile/corpus] ${files.size} files (${(realBytes / 1e6).toFixed(1)} MB real code), ${expected.size} unparseable: ${run.ms} ms`,
    );
    expectNoCrash(run);
    expect(expected.size).toBeGreaterThan(50);
    expect(run.code).toBe(2);
    const report = JSON.parse(fs.readFileSync(path.join(cwd, 'report.json'), 'utf8')) as JsonReport;
    expect(report.files).toHaveLength(files.size);

    const parseDiagnostics = report.diagnostics.filter((d) => d.category === 'parse');
    const reported = new Map(parseDiagnostics.map((d) => [d.file, d]));
    expect(parseDiagnostics).toHaveLength(reported.size); // one per file
    const missing = [...expected.keys()].filter((f) => !reported.has(f));
    const extra = [...reported.keys()].filter((f) => !expected.has(f)).map((f) => `${f}: ${reported.get(f)!.message}`);
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    for (const [file, { line, column }] of expected) {
      const d = reported.get(file)!;
      expect({ file, line: d.line, column: d.column }).toEqual({ file, line, column });
      expect(d.severity).toBe('error');
      expect(d.message.length).toBeGreaterThan(0);
    }
    // Each unparseable file is mirrored unchanged; every other file too, or rewritten.
    for (const f of report.files) {
      const input = files.get(f.file)!;
      if (f.status !== 'rewritten') expect(fs.readFileSync(path.join(cwd, f.out)).equals(input), f.file).toBe(true);
      expect(f.status === 'failed', f.file).toBe(expected.has(f.file));
    }
  }, 150_000);

  it('the pretty report shows each unparseable file as file:line:col with a code frame (text files)', async () => {
    const run = await runCli(['src/handwritten', 'src/mutants', '--check', '--fail-on', 'never'], { cwd, timeoutMs: 60_000 });
    expectNoCrash(run);
    expect(run.code).toBe(2);
    const lines = run.stdout.split('\n');
    let frames = 0;
    for (const [file, { line, column, text }] of expected) {
      if (!file.startsWith('src/handwritten/') && !file.startsWith('src/mutants/')) continue;
      const at = lines.findIndex((l) => l.startsWith(`${file}:${line}:${column} `));
      expect(at, `${file}:${line}:${column} is not in the report`).toBeGreaterThanOrEqual(0);
      // A frame around the line, the line itself marked (binary files have no text to show).
      const frame = lines.slice(at + 1, at + 8).join('\n');
      if (text) expect(frame, file).toMatch(new RegExp(`^ {2}> +${line} \\|`, 'm'));
      else expect(lines[at + 1], file).not.toMatch(/^\s+>? *\d+ \|/);
      if (text) frames++;
    }
    expect(frames).toBeGreaterThan(50);
    // eslint-disable-next-line no-control-regex
    expect(run.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  });

  it('exit code 0, not 2, when every file parses', async () => {
    const clean = [...files.keys()].filter((rel) => rel.startsWith('src/real/ajv/') && !expected.has(rel));
    expect(clean.length).toBeGreaterThan(50);
    const run = await runCli(['src/real/ajv', '--out-dir', 'flat-ajv', '--quiet'], { cwd, timeoutMs: 60_000 });
    expectNoCrash(run);
    expect(run.code).toBe(0);
  });
});
