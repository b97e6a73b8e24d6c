#!/usr/bin/env node
// npm run bench [-- --runs N] [--only three|babylon] [--no-readme] [--watch-latency] [--keep-going] [--bin <launcher>]
//
// Measures flatten-classes against the cost every Babel-based tool pays, on pinned real-world
// packages with class hierarchies, unpacked with `npm pack` into .cache/bench/ (git-ignored):
//
//   (a)  flatten-classes: a full batch run through the real CLI,
//        `node bin/flatten-classes.js <tree> --out-dir <fresh tmp dir> --quiet`;
//   (b)  the parse floor: a plain one-thread @babel/parser loop over the same source files, with the
//        parser options of src/scan/parse.ts (imported from dist/), in a child process so that it
//        pays process start-up like (a);
//   (c)  @babel/cli's identity transform of the tree, only when node_modules/@babel/cli exists (it is
//        not a dependency; the run prints a note otherwise);
//   (c') what the peers pay per file without @babel/cli: an identity transform loop, with
//        @babel/core's transformSync when it is installed, else @babel/parser + @babel/generator
//        (parse + generate every file), in a child process;
//   (d)  watch latency, with --watch-latency: runs `node scripts/watch-latency.mjs <three package dir>`
//        when that file exists (env BENCH_TREES also holds [{ name, version, dir }] as JSON). Its output
//        is echoed and quoted under the table in the README (or, if its last stdout line is a JSON
//        object with a `markdown` string, that text is).
//
// Runs alternate (a, b, c', c for one package, then the next package, N rounds, the order rotating
// each round) so that drift of a shared machine hits all of them alike. Each measured process is
// started with a preload (--import data:...) that records its own process.resourceUsage() at exit:
// peak RSS (maxRSS, worker threads included) and CPU time (user + system). Wall time is taken by
// this script around the child. The medians are printed and written into README.md between
// <!-- bench:start --> and <!-- bench:end --> (a "## Performance" section is appended when the
// markers are missing; nothing else in the README is touched).
//
// --bin <path> measures another launcher as (a) (a prototype, an older build); it implies --no-readme.
//
// Internal: `node scripts/bench.mjs --child parse|generate <file-list.json>` is the loop of (b)/(c').

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, '.cache', 'bench');
const README = path.join(ROOT, 'README.md');
const START_MARK = '<!-- bench:start -->';
const END_MARK = '<!-- bench:end -->';

/** Pinned: a new version is a new benchmark. `tree` is the part of the unpacked package that is measured. */
const PACKAGES = [
  { key: 'three', name: 'three', version: '0.187.0', tree: 'src' },
  { key: 'babylon', name: '@babylonjs/core', version: '9.34.0', tree: '.' },
];

/** The extensions the CLI treats as sources by default (src/index.ts DEFAULT_EXTENSIONS). */
const EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];
/** Declaration files are copied, never parsed (src/scan/discover.ts). */
const DECLARATION_RE = /\.d\.(?:[mc]?ts|[^./\\]+\.ts)$/;

/** Records the measured process's own resource usage at exit into $BENCH_USAGE_FILE. */
const USAGE_PRELOAD =
  'data:text/javascript,' +
  encodeURIComponent(
    "import{writeFileSync}from'node:fs';const f=process.env.BENCH_USAGE_FILE;" +
      "if(f)process.on('exit',()=>{const u=process.resourceUsage();" +
      "writeFileSync(f,JSON.stringify({maxRSSKiB:u.maxRSS,cpuMicros:u.userCPUTime+u.systemCPUTime}))});",
  );

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4]);
} else {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    process.exitCode = fail(error instanceof Error ? error.message : String(error));
  }
}

// ---------------------------------------------------------------------------------------------
// Driver

async function main(argv) {
  const opts = parseArgs(argv);
  if (opts.help) {
    const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1);
    console.log(lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
    return 0;
  }
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) {
    console.log('bench: dist/ is missing, building it first (npm run build)');
    const r = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
    if (r.status !== 0) return fail('the build failed');
  }
  const packages = PACKAGES.filter((p) => opts.only.length === 0 || opts.only.includes(p.key) || opts.only.includes(p.name));
  if (packages.length === 0) return fail(`--only: expected one of ${PACKAGES.map((p) => p.key).join(', ')}`);

  const hasBabelCli = existsSync(path.join(ROOT, 'node_modules', '@babel', 'cli', 'package.json'));
  const hasBabelCore = existsSync(path.join(ROOT, 'node_modules', '@babel', 'core', 'package.json'));
  const modes = [
    { key: 'a', label: '(a) flatten-classes CLI' },
    { key: 'b', label: '(b) @babel/parser loop' },
    { key: 'c2', label: hasBabelCore ? "(c') @babel/core identity loop" : "(c') parse + generate loop" },
  ];
  if (hasBabelCli) modes.push({ key: 'c', label: '(c) @babel/cli identity' });
  else console.log('bench: (c) @babel/cli identity transform skipped: node_modules/@babel/cli is not installed (it is not a dependency); (c\') stands in for it.');

  const work = mkdtempSync(path.join(os.tmpdir(), 'flatten-bench-'));
  const cleanup = () => rmSync(work, { recursive: true, force: true });
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  try {
    const trees = [];
    for (const p of packages) {
      const dir = unpack(p);
      const files = listSources(dir);
      const bytes = files.reduce((n, f) => n + readFileSync(f).length, 0); // also warms the page cache
      const listFile = path.join(work, `${p.key}.files.json`);
      writeFileSync(listFile, JSON.stringify(files));
      trees.push({ ...p, dir, files: files.length, bytes, listFile, results: Object.fromEntries(modes.map((m) => [m.key, []])) });
      console.log(`bench: ${p.name}@${p.version}: ${path.relative(ROOT, dir) || '.'}: ${files.length} source files, ${(bytes / 1e6).toFixed(1)} MB`);
    }

    const loadAtStart = os.loadavg()[0];
    console.log(`bench: ${opts.runs} alternating run(s) of ${modes.map((m) => m.key).join(', ')} per package, node ${process.version}, ${os.cpus().length} CPU(s)`);
    for (let round = 0; round < opts.runs; round++) {
      for (const tree of trees) {
        const order = modes.map((_, i) => modes[(i + round) % modes.length]);
        for (const mode of order) {
          const r = await measure(mode.key, tree, work, opts.bin);
          tree.results[mode.key].push(r);
          const rss = r.maxRSSKiB ? `, peak RSS ${mb(r.maxRSSKiB)} MB` : '';
          const bad = r.ok ? '' : `  FAILED (exit ${r.code})${r.note ? ': ' + r.note : ''}`;
          console.log(`  [${round + 1}/${opts.runs}] ${tree.key.padEnd(8)} ${mode.label.padEnd(33)} ${seconds(r.wallMs).padStart(7)} s wall, ${seconds(r.cpuMs).padStart(7)} s CPU${rss}${bad}`);
          if (!r.ok && !opts.keepGoing) {
            if (r.stderr) console.error(r.stderr.trimEnd());
            return fail(`${mode.label} failed on ${tree.name}; rerun with --keep-going to measure the rest anyway`);
          }
        }
      }
    }

    let watchMarkdown = '';
    if (opts.watchLatency) watchMarkdown = runWatchLatency(trees);

    const summary = trees.map((t) => summarize(t, modes));
    console.log('');
    const table = markdownTable(summary, modes, hasBabelCli);
    console.log(table);
    if (opts.readme) {
      const load = `1-minute load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end`;
      const meta = `<sub>${opts.runs} alternating run(s) each: medians of wall and CPU time, the highest peak RSS; ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model.trim() ?? 'unknown'}), ${load}, node ${process.version}, ${new Date().toISOString().slice(0, 10)}. Reproduce with \`npm run bench\`.</sub>`;
      writeReadmeSection([table, '', legend(hasBabelCli, hasBabelCore), '', meta, watchMarkdown ? '\n' + watchMarkdown.trim() : ''].join('\n').trimEnd());
      console.log(`\nbench: README.md updated between ${START_MARK} and ${END_MARK}`);
    }
    return summary.every((s) => s.allOk) ? 0 : 1;
  } finally {
    cleanup();
  }
}

function parseArgs(argv) {
  const opts = { runs: 5, only: [], readme: true, watchLatency: false, keepGoing: false, help: false, bin: path.join(ROOT, 'bin', 'flatten-classes.js') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--runs' || a.startsWith('--runs=')) {
      opts.runs = Number(value());
      if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error('--runs expects a positive integer');
    } else if (a === '--only' || a.startsWith('--only=')) opts.only.push(...value().split(','));
    else if (a === '--no-readme') opts.readme = false;
    else if (a === '--bin' || a.startsWith('--bin=')) {
      opts.bin = path.resolve(value());
      opts.readme = false;
    }
    else if (a === '--watch-latency') opts.watchLatency = true;
    else if (a === '--keep-going') opts.keepGoing = true;
    else if (a === '-h' || a === '--help') opts.help = true;
    else throw new Error(`unknown argument ${a} (see --help)`);
  }
  return opts;
}

function fail(message) {
  console.error(`bench: error: ${message}`);
  return 2;
}

// ---------------------------------------------------------------------------------------------
// Packages

/** `npm pack` the pinned version into .cache/bench/ and unpack it once; returns the measured tree. */
function unpack(p) {
  const base = `${p.name.replace(/^@/, '').replace(/\//g, '-')}-${p.version}`;
  const dest = path.join(CACHE, base);
  const done = path.join(dest, '.unpacked');
  if (!existsSync(done)) {
    mkdirSync(CACHE, { recursive: true });
    console.log(`bench: npm pack ${p.name}@${p.version} into ${path.relative(ROOT, CACHE)}/`);
    // npm names the tarball <name without @, / as ->-<version>.tgz; --json would list every file.
    const tarball = path.join(CACHE, `${base}.tgz`);
    rmSync(tarball, { force: true });
    const packed = spawnSync('npm', ['pack', `${p.name}@${p.version}`, '--pack-destination', CACHE], {
      cwd: CACHE,
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
      shell: process.platform === 'win32',
    });
    if (packed.status !== 0 || !existsSync(tarball)) {
      throw new Error(`npm pack ${p.name}@${p.version} failed (exit ${packed.status}):\n${packed.stderr || packed.error || ''}`);
    }
    const partial = `${dest}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    const untar = spawnSync('tar', ['-xzf', tarball, '-C', partial], { encoding: 'utf8' });
    if (untar.status !== 0) throw new Error(`cannot unpack ${tarball}: ${untar.stderr || untar.error}`);
    rmSync(dest, { recursive: true, force: true });
    renameSync(partial, dest);
    writeFileSync(done, `${p.name}@${p.version}\n`);
    rmSync(tarball, { force: true });
  }
  return path.join(dest, 'package', p.tree);
}

/** The files the CLI parses or filters: sources by extension, minus declarations and node_modules. */
function listSources(dir) {
  const out = [];
  const walk = (d) => {
    const entries = readdirSync(d, { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name === '.git') continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && EXTENSIONS.some((x) => e.name.length > x.length && e.name.endsWith(x)) && !DECLARATION_RE.test(e.name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

// ---------------------------------------------------------------------------------------------
// One measurement

async function measure(mode, tree, work, bin) {
  const out = path.join(work, `out-${mode}-${tree.key}`);
  rmSync(out, { recursive: true, force: true });
  let args;
  if (mode === 'a') args = [bin, tree.dir, '--out-dir', out, '--quiet'];
  else if (mode === 'b') args = [fileURLToPath(import.meta.url), '--child', 'parse', tree.listFile];
  else if (mode === 'c2') args = [fileURLToPath(import.meta.url), '--child', 'generate', tree.listFile];
  else if (mode === 'c') {
    const cli = path.join(ROOT, 'node_modules', '@babel', 'cli', 'bin', 'babel.js');
    args = [cli, tree.dir, '--out-dir', out, '--no-babelrc', '--config-file', path.join(work, 'babel.config.json')];
    writeFileSync(path.join(work, 'babel.config.json'), '{}');
  }
  const r = await run(args, work);
  rmSync(out, { recursive: true, force: true });
  if (mode === 'b' || mode === 'c2') {
    // The loop reports how many files it handled; a failure means the floor is not the same work.
    try {
      const report = JSON.parse(r.stdout.trim().split('\n').pop());
      r.note = report.failed ? `${report.failed} of ${report.files} files did not parse` : '';
    } catch {
      r.ok = false;
    }
  }
  if (mode === 'a' && r.code !== 0) {
    // Exit 2 is also how the CLI says "some input did not parse / could not be written": only an
    // internal error or a crash makes the measurement invalid.
    r.note = (r.stderr.match(/internal error.*|Error: .*/) ?? [''])[0];
    r.ok = r.code === 2 && r.note === '' && !r.signal;
  }
  return r;
}

function run(args, work) {
  const usageFile = path.join(work, `usage-${process.hrtime.bigint()}.json`);
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const childProcess = spawn(process.execPath, ['--import', USAGE_PRELOAD, ...args], {
      cwd: ROOT,
      env: { ...process.env, BENCH_USAGE_FILE: usageFile, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // stdout is drained (not stored beyond the tail) so a large report cannot block the child.
    let stdout = '';
    let stderr = '';
    childProcess.stdout.on('data', (d) => (stdout = (stdout + d).slice(-4096)));
    childProcess.stderr.on('data', (d) => (stderr = (stderr + d).slice(-16384)));
    childProcess.on('close', (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      let usage = {};
      try {
        usage = JSON.parse(readFileSync(usageFile, 'utf8'));
      } catch {
        // killed before exit
      }
      rmSync(usageFile, { force: true });
      resolve({
        ok: code === 0,
        code,
        signal,
        wallMs,
        cpuMs: usage.cpuMicros !== undefined ? usage.cpuMicros / 1000 : NaN,
        maxRSSKiB: usage.maxRSSKiB,
        stdout,
        stderr,
        note: '',
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The (b) / (c') loops, run as `--child parse|generate <list>`

async function child(kind, listFile) {
  const files = JSON.parse(readFileSync(listFile, 'utf8'));
  // The same parser options as the tool: taken from the built tool itself.
  const { parserOptionsFor } = await import(pathToFileURL(path.join(ROOT, 'dist', 'scan', 'parse.js')).href);
  if (typeof parserOptionsFor !== 'function') throw new Error('dist/scan/parse.js no longer exports parserOptionsFor(file, code): update the (b) loop of scripts/bench.mjs');
  const { parse } = await import('@babel/parser');
  let step;
  if (kind === 'parse') {
    step = (file, code) => parse(code, parserOptionsFor(file, code));
  } else if (existsSync(path.join(ROOT, 'node_modules', '@babel', 'core', 'package.json'))) {
    const { transformSync } = await import('@babel/core');
    step = (file, code) => {
      const o = parserOptionsFor(file, code);
      return transformSync(code, { filename: file, babelrc: false, configFile: false, sourceType: o.sourceType, parserOpts: { plugins: o.plugins, allowReturnOutsideFunction: o.allowReturnOutsideFunction, allowAwaitOutsideFunction: o.allowAwaitOutsideFunction } }).code;
    };
  } else {
    const generatorModule = await import('@babel/generator');
    const generate = generatorModule.default.default ?? generatorModule.default;
    step = (file, code) => generate(parse(code, parserOptionsFor(file, code)), {}, code).code;
  }
  let failed = 0;
  let sink = 0;
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    try {
      const r = step(file, code);
      sink += typeof r === 'string' ? r.length : r.program.body.length;
    } catch {
      failed++;
    }
  }
  console.log(JSON.stringify({ files: files.length, failed, sink }));
}

// ---------------------------------------------------------------------------------------------
// (d)

function runWatchLatency(trees) {
  const script = path.join(ROOT, 'scripts', 'watch-latency.mjs');
  if (!existsSync(script)) {
    console.log('bench: --watch-latency: scripts/watch-latency.mjs does not exist yet; (d) skipped.');
    return '';
  }
  // The script takes a directory holding src/ (its probe edits are three.js classes): the pinned three package.
  const three = trees.find((t) => t.key === 'three');
  const args = three ? [path.dirname(three.dir)] : [];
  console.log(`bench: (d) node scripts/watch-latency.mjs ${args.map((a) => path.relative(ROOT, a)).join(' ')}`);
  const r = spawnSync(process.execPath, [script, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_TREES: JSON.stringify(trees.map((t) => ({ name: t.name, version: t.version, dir: t.dir }))) },
  });
  process.stdout.write(r.stdout ?? '');
  if (r.status !== 0) {
    console.log(`bench: (d) watch-latency.mjs exited with ${r.status}; not in the README`);
    return '';
  }
  const lines = (r.stdout ?? '').trim().split('\n').filter(Boolean);
  try {
    const last = JSON.parse(lines[lines.length - 1]);
    if (typeof last?.markdown === 'string') return last.markdown;
  } catch {
    // plain text: quoted as a list
  }
  const on = three ? ` on \`three@${three.version}\`` : '';
  return [`(d) watch latency${on} (\`scripts/watch-latency.mjs\`):`, '', ...lines.map((l) => `- ${l}`)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Results

function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((x, y) => x - y);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

function summarize(tree, modes) {
  const s = { tree, allOk: true, m: {} };
  for (const mode of modes) {
    const rs = tree.results[mode.key];
    const ok = rs.filter((r) => r.ok);
    if (ok.length !== rs.length) s.allOk = false;
    s.m[mode.key] = {
      wall: median(ok.map((r) => r.wallMs)),
      cpu: median(ok.map((r) => r.cpuMs)),
      rss: Math.max(...ok.map((r) => r.maxRSSKiB ?? NaN)),
      failures: rs.length - ok.length,
      note: rs.map((r) => r.note).find(Boolean) ?? '',
    };
  }
  return s;
}

function markdownTable(summary, modes, hasBabelCli) {
  const ratio = (x, y) => (Number.isFinite(x) && Number.isFinite(y) && y > 0 ? `${(x / y).toFixed(2)}×` : 'n/a');
  const time = (m) => (Number.isFinite(m.wall) ? `${seconds(m.wall)} s (CPU ${seconds(m.cpu)} s)` : 'failed');
  const identity = modes.find((m) => m.key === 'c2')?.label.includes('@babel/core') ? "(c') @babel/core identity" : "(c') parse + generate";
  const head = ['Package', 'Source files', '(a) flatten-classes', '(b) parse loop', '(a)/(b) wall', '(a)/(b) CPU', identity, "(c')/(b)"];
  if (hasBabelCli) head.push('(c) @babel/cli');
  head.push('Peak RSS (a)', 'Peak RSS (b)', '(a) ≤ 1.0 × (b)', 'RSS ≤ 400 MB');
  const rows = [head, head.map(() => '---')];
  for (const s of summary) {
    const a = s.m.a;
    const b = s.m.b;
    const c2 = s.m.c2;
    const row = [
      `\`${s.tree.name}@${s.tree.version}\`${s.tree.tree === '.' ? '' : ` \`${s.tree.tree}/\``}`,
      String(s.tree.files),
      time(a),
      time(b),
      ratio(a.wall, b.wall),
      ratio(a.cpu, b.cpu),
      time(c2),
      ratio(c2.wall, b.wall),
    ];
    if (hasBabelCli) row.push(`${time(s.m.c)}, ${ratio(s.m.c.wall, b.wall)}`);
    const within = Number.isFinite(a.wall) && a.wall <= b.wall;
    row.push(Number.isFinite(a.rss) ? `${mb(a.rss)} MB` : 'n/a', Number.isFinite(b.rss) ? `${mb(b.rss)} MB` : 'n/a', within ? 'met' : 'not met');
    row.push(s.tree.key === 'babylon' ? (a.rss <= 400 * 1024 ? 'met' : 'not met') : '—');
    rows.push(row);
  }
  return rows.map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function legend(hasBabelCli, hasBabelCore) {
  return [
    '(a) `node bin/flatten-classes.js <tree> --out-dir <tmp> --quiet`: the whole job, mirror written;',
    '(b) one thread reading and parsing every source file with `@babel/parser` (the options of `src/scan/parse.ts`), nothing else: the floor every Babel-based tool pays;',
    hasBabelCore
      ? "(c') `@babel/core` `transformSync` with no plugins over every file: what a Babel identity transform pays;"
      : "(c') `@babel/parser` + `@babel/generator` over every file: what a Babel identity transform pays at least;",
    hasBabelCli ? '(c) `@babel/cli` identity transform of the tree.' : '(c) `@babel/cli` is not installed, so its identity transform is not measured.',
    'All are separate Node processes, start-up included; wall time is the target, CPU time (user + system) is shown because the benchmark machine may be shared. Peak RSS is the process\'s own `maxRSS`.',
  ].join(' ');
}

function writeReadmeSection(body) {
  // Read right before writing: others may be editing the README; only the marked section changes.
  const block = `${START_MARK}\n${body}\n${END_MARK}`;
  let text = existsSync(README) ? readFileSync(README, 'utf8') : '';
  const start = text.indexOf(START_MARK);
  const end = text.indexOf(END_MARK, start + START_MARK.length);
  if (start !== -1 && end !== -1) {
    text = text.slice(0, start) + block + text.slice(end + END_MARK.length);
  } else {
    text = `${text.trimEnd()}${text.trim() ? '\n\n' : ''}## Performance\n\n${block}\n`;
  }
  writeFileSync(README, text);
}

function seconds(ms) {
  return Number.isFinite(ms) ? (ms / 1000).toFixed(2) : 'n/a';
}

function mb(kib) {
  return Math.round(kib / 1024);
}
