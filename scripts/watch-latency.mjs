#!/usr/bin/env node
// Watch-mode latency: the time from saving a base class to its subclass's mirror (in another file)
// being updated, with `flatten-classes src --out-dir flat --watch` running as a child process.
//
//   node scripts/watch-latency.mjs [tree] [edits] [--in-process]
//
// --in-process runs the watcher in this process (dist/watch/watch.js) instead of the CLI, and also
// reports the CPU time of each rebuild, which depends much less on other load than the wall time.
//
// `tree` is a directory holding `src/` (default: .cache/three-0.170.0, from
// `npm pack three@0.170.0` unpacked there). It is copied to a temporary directory first. Each edit
// gives the base class a probe method (then changes its value), and the clock stops when the
// subclass's mirror contains the new value. Prints the median, min and max per base.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const inProcess = process.argv.includes('--in-process');
const tree = path.resolve(args[0] ?? path.join(repo, '.cache/three-0.170.0'));
const edits = Number(args[1] ?? 20);

/** base file, class name, subclass mirror (paths relative to src / the out dir). */
const CASES = [
  { base: 'core/Object3D.js', cls: 'Object3D', sub: 'objects/Mesh.js' },
  { base: 'materials/Material.js', cls: 'Material', sub: 'materials/MeshStandardMaterial.js' },
  { base: 'extras/core/Curve.js', cls: 'Curve', sub: 'extras/curves/EllipseCurve.js' },
];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-latency-'));
fs.cpSync(path.join(tree, 'src'), path.join(work, 'src'), { recursive: true });

let stdout = '';
let child = null;
let watcher = null;
const cpu = [];
if (inProcess) {
  const { watch } = await import(path.join(repo, 'dist/watch/watch.js'));
  watcher = watch({
    options: { cwd: work, paths: ['src'], outDir: 'flat' },
    quiet: true,
    log: (t) => (stdout += t),
    onRebuild: (e) => cpu.push(e.cpuMs),
  });
} else {
  child = spawn(process.execPath, [path.join(repo, 'bin/flatten-classes.js'), 'src', '--out-dir', 'flat', '--watch', '--quiet'], {
    cwd: work,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.on('data', (b) => (stdout += b.toString()));
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(predicate, timeoutMs, what) {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(1);
  }
}

const read = (file) => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

try {
  const t0 = performance.now();
  await until(() => /Watching for changes/.test(stdout), 600_000, 'the first build');
  console.log(`first build: ${Math.round(performance.now() - t0)} ms (${fs.readdirSync(path.join(work, 'src'), { recursive: true }).length} entries under src/)`);

  for (const c of CASES) {
    const baseFile = path.join(work, 'src', c.base);
    const mirror = path.join(work, 'flat', c.sub);
    const original = fs.readFileSync(baseFile, 'utf8');
    const head = new RegExp(`class ${c.cls}(?: extends \\w+)? \\{\\n`);
    if (!head.test(original) || !read(mirror)) {
      console.log(`${c.base}: skipped (no class ${c.cls} or no mirror ${c.sub})`);
      continue;
    }
    const times = [];
    const rebuilds = [];
    const cpuFrom = cpu.length;
    for (let i = 0; i < edits; i++) {
      const marker = `__probe() { return ${1000 + i}; }`;
      const text = original.replace(head, (m) => `${m}\n\t${marker}\n`);
      const linesBefore = stdout.length;
      const start = performance.now();
      fs.writeFileSync(baseFile, text);
      await until(() => read(mirror).includes(marker), 60_000, `${c.sub} to change`);
      times.push(performance.now() - start);
      // Let the watcher settle (its line printed, follow-up checks done) before the next save.
      await until(() => /rebuilt in \d+ ms/.test(stdout.slice(linesBefore)), 60_000, 'the rebuild line');
      const m = /rebuilt in (\d+) ms/.exec(stdout.slice(linesBefore));
      if (m) rebuilds.push(Number(m[1]));
      await sleep(250);
    }
    fs.writeFileSync(baseFile, original);
    await sleep(500);
    const r = (x) => Math.round(x);
    console.log(
      `${c.base} → ${c.sub}: median ${r(median(times))} ms (min ${r(Math.min(...times))}, max ${r(Math.max(...times))}) over ${times.length} saves; ` +
        `rebuild as reported by the watcher: median ${r(median(rebuilds))} ms` +
        (inProcess ? `; CPU per rebuild: median ${r(median(cpu.slice(cpuFrom, cpuFrom + edits)))} ms` : ''),
    );
  }
} finally {
  if (child) {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
  }
  await watcher?.close();
  fs.rmSync(work, { recursive: true, force: true });
}
