// Atomic writes: SIGKILL the CLI at random moments of large runs and check every mirror file is either
// absent, its old complete content or its new complete content -- never partial -- and that nothing a
// killed run leaves behind could pass for a mirror or source file.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEMP_FILE_RE } from '../../src/emit/mirror.js';
import { TEMP_NAME, cleanupTempDirs, collect, expectNoCrash, hasSourceExtension, makeProject, prng, readTree, sleep, spawnCli, writeFiles } from './helpers.js';

afterAll(cleanupTempDirs);

const DIRS = 20;
const FILES_PER_DIR = 100; // 2,000 sources plus 20 bases
const KILLS_IN_WRITE_PHASE = 3;
const KILLS_ANYWHERE = 1;

/** The sources of version `v` (0 or 1): every file differs between the two, sizes included. */
function sources(v: number): Record<string, string> {
  const files: Record<string, string> = {};
  const rnd = prng(1234); // the same sizes for both versions, different content
  for (let d = 0; d < DIRS; d++) {
    const dir = `src/d${String(d).padStart(2, '0')}`;
    files[`${dir}/base.js`] = `export class Base {\n  constructor(x) { this.x = x; }\n  m() { return ${v} + this.x; }\n}\n`;
    for (let i = 0; i < FILES_PER_DIR; i++) {
      const name = `${dir}/f${String(i).padStart(4, '0')}.js`;
      const pad = 'x'.repeat(v * 7 + 1);
      const kind = i % 3;
      if (kind === 0) {
        // Rewritten: the class is flattened, so the mirror holds new code, not a copy.
        files[name] = `import { Base } from './base.js';\n// ${pad}\nexport class S${i} extends Base {\n  m() { return super.m() * ${v + 2}; }\n}\n`;
      } else if (kind === 1) {
        files[name] = `export const value${i} = ${v};\n// ${pad}\n`;
      } else {
        // Larger copies (a few of 200 KB) widen the window in which a write can be cut short.
        const size = rnd() < 0.02 ? 200_000 : 1_000 + Math.floor(rnd() * 8_000);
        files[name] = `export const data${i} = ${JSON.stringify(`v${v}:`.repeat(Math.ceil(size / 4)))};\n`;
      }
    }
  }
  return files;
}

/** The JSON report without its one run-dependent field. */
function withoutDuration(json: string): string {
  const report = JSON.parse(json) as { summary: { durationMs?: number } };
  delete report.summary.durationMs;
  return JSON.stringify(report);
}

const SENTINEL = 'd00/base.js'; // first in the main thread's write order (mirror paths are written in sorted order)
// The write phase starts with whichever of these flips first: the mirror worker writes copies of
// modules without a class (d00/f0001.js first) while the run still rewrites (src/emit/mirror-offload.ts).
const SENTINELS = [SENTINEL, 'd00/f0001.js'];

/** Resolves once one of the sentinels not holding `mirror`'s bytes when called holds them, or `exited()`. */
async function firstFlip(outDir: string, mirror: Map<string, Buffer>, exited: () => boolean): Promise<void> {
  const read = (rel: string) => fs.readFileSync(path.join(outDir, rel));
  const pending = SENTINELS.filter((rel) => !read(rel).equals(mirror.get(rel)!));
  while (!exited() && pending.length > 0 && !pending.some((rel) => read(rel).equals(mirror.get(rel)!))) await sleep(1);
}

describe('atomic writes under SIGKILL', () => {
  it('every mirror file is absent, old or new -- never partial -- whenever the run is killed', async () => {
    const cwd = makeProject();
    const outDir = path.join(cwd, 'flat');
    const args = ['src', '--out-dir', 'flat', '--quiet', '--report', 'json', '--report-file', 'report.json'];
    const isTemp = (rel: string) => TEMP_NAME.test(path.posix.basename(rel));

    // The two complete mirrors, from complete runs; the second one also times its write phase (from
    // the first mirror file replaced to the end of the process).
    const mirrors: Map<string, Buffer>[] = [];
    const reports: string[] = [];
    let fullRunMs = 0;
    let writePhaseMs = 0;
    for (const v of [0, 1]) {
      writeFiles(cwd, sources(v));
      const child = spawnCli(args, { cwd });
      const done = collect(child, 180_000);
      if (v === 1) {
        let exited = false;
        void done.then(() => (exited = true), () => (exited = true));
        await firstFlip(outDir, new Map(SENTINELS.map((rel) => [rel, Buffer.from(sources(1)[`src/${rel}`]!)])), () => exited);
        const flipped = performance.now();
        await done;
        writePhaseMs = Math.round(performance.now() - flipped);
      }
      const run = await done;
      expectNoCrash(run, [0]);
      fullRunMs = Math.max(fullRunMs, run.ms);
      mirrors.push(readTree(outDir));
      reports.push(withoutDuration(fs.readFileSync(path.join(cwd, 'report.json'), 'utf8')));
    }
    const [m0, m1] = mirrors as [Map<string, Buffer>, Map<string, Buffer>];
    expect(m0.size).toBe(DIRS * (FILES_PER_DIR + 1));
    expect([...m0.keys()]).toEqual([...m1.keys()]);
    for (const [rel, bytes] of m0) expect(bytes.equals(m1.get(rel)!), rel).toBe(false);

    const rnd = prng(Number(process.env.HOSTILE_SEED ?? 42));
    let partialStates = 0;
    const log: string[] = [];
    for (let k = 0; k < KILLS_IN_WRITE_PHASE + KILLS_ANYWHERE; k++) {
      // Switch the sources to the version the sentinel does not hold yet, so its flip marks the start
      // of the write phase.
      const target = fs.readFileSync(path.join(outDir, SENTINEL)).equals(m0.get(SENTINEL)!) ? 1 : 0;
      const targetMirror = target === 0 ? m0 : m1;
      writeFiles(cwd, sources(target));

      const child = spawnCli(args, { cwd });
      const done = collect(child, 180_000);
      let exited = false;
      void done.then(() => (exited = true), () => (exited = true));
      let delay: number;
      if (k < KILLS_IN_WRITE_PHASE) {
        // Wait for the first mirror write, then kill within the time a whole run takes.
        await firstFlip(outDir, targetMirror, () => exited);
        delay = Math.floor(rnd() * writePhaseMs);
      } else {
        delay = Math.floor(rnd() * fullRunMs);
      }
      await sleep(delay);
      child.kill('SIGKILL');
      const run = await done;

      // Check every entry of the out dir.
      const now = readTree(outDir);
      let atTarget = 0;
      for (const [rel, bytes] of now) {
        if (isTemp(rel)) {
          // A killed write's temporary file: a dot file ending in .tmp, never a source extension.
          const base = path.posix.basename(rel);
          expect(TEMP_FILE_RE.test(base), rel).toBe(true);
          expect(base.startsWith('.') && base.endsWith('.tmp') && !hasSourceExtension(base), rel).toBe(true);
          continue;
        }
        expect(m0.has(rel), `unexpected file in the mirror: ${rel}`).toBe(true);
        const complete = bytes.equals(m0.get(rel)!) || bytes.equals(m1.get(rel)!);
        expect(complete, `${rel} is partial (${bytes.length} bytes)`).toBe(true);
        if (bytes.equals(targetMirror.get(rel)!)) atTarget++;
      }
      for (const rel of m0.keys()) expect(now.has(rel), `${rel} disappeared`).toBe(true);
      // The report file is written the same way: absent, or complete.
      const report = fs.readFileSync(path.join(cwd, 'report.json'), 'utf8');
      expect(reports, 'report.json is partial').toContain(withoutDuration(report));

      const temps = [...now.keys()].filter(isTemp).length;
      if (atTarget > 0 && atTarget < m0.size) partialStates++;
      log.push(`kill ${k}: +${delay} ms, ${run.signal ?? `exit ${run.code}`}, ${atTarget}/${m0.size} files new, ${temps} temp files`);
    }
    console.log(`[hostile/atomic] full run ${fullRunMs} ms, write phase ${writePhaseMs} ms\n  ${log.join('\n  ')}`);
    // At least one kill landed in the middle of the write phase (some files new, some old).
    expect(partialStates).toBeGreaterThan(0);

    // A complete run afterwards leaves exactly the new mirror (temporary files aside).
    const target = fs.readFileSync(path.join(outDir, SENTINEL)).equals(m0.get(SENTINEL)!) ? 1 : 0;
    writeFiles(cwd, sources(target));
    const final = await collect(spawnCli(args, { cwd }), 180_000);
    expectNoCrash(final, [0]);
    const after = readTree(outDir, { skip: isTemp });
    expect([...after.keys()]).toEqual([...m0.keys()]);
    for (const [rel, bytes] of after) expect(bytes.equals((target === 0 ? m0 : m1).get(rel)!), rel).toBe(true);
  }, 300_000);

  it('leftover temporary files of dead runs are removed by the next run once they are old', async () => {
    const cwd = makeProject({ 'src/a.js': 'export const a = 1;\n', 'src/sub/b.js': 'export const b = 2;\n' });
    const old = new Date(Date.now() - 10 * 60_000);
    // A dead process's leftovers (pid 0x7fffffff is never alive), old enough; a live one's; a user file.
    const deadOld = 'flat/sub/.b.js.2147483647.0123456789ab.tmp';
    const deadFresh = 'flat/.a.js.2147483647.ba9876543210.tmp';
    const live = `flat/.a.js.${process.pid}.00112233aabb.tmp`;
    const user = 'flat/.notes.tmp';
    writeFiles(cwd, { [deadOld]: 'partial', [deadFresh]: 'partial', [live]: 'partial', [user]: 'mine' });
    for (const rel of [deadOld, live, user]) fs.utimesSync(path.join(cwd, rel), old, old);
    const run = await collect(spawnCli(['src', '--quiet'], { cwd }), 60_000);
    expectNoCrash(run, [0]);
    expect(fs.existsSync(path.join(cwd, deadOld))).toBe(false);
    expect(fs.existsSync(path.join(cwd, deadFresh))).toBe(true); // too recent to be sure
    expect(fs.existsSync(path.join(cwd, live))).toBe(true); // its process is alive
    expect(fs.existsSync(path.join(cwd, user))).toBe(true); // not a name writeAtomic makes
  });
});
