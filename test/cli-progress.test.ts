// The progress line: on a terminal only, after about a second, erased when the run is done.
import { afterAll, describe, expect, it } from 'vitest';
import { createProgressLine, SHOW_AFTER_MS, type ProgressHook, type ProgressStream } from '../src/cli/progress.js';
import { flatten, type FlattenOptions, type FlattenResult } from '../src/index.js';
import { cleanupTempDirs, project, runCli } from './helpers/cli.js';

afterAll(cleanupTempDirs);

function fakeStream(isTTY: boolean, columns = 200): ProgressStream & { text: string } {
  const stream = { isTTY, columns, text: '', write: (s: string) => void (stream.text += s) };
  return stream;
}

/** flatten(), in a run that takes longer than a second: the count it reports then is drawn. */
async function slowFlatten(options: FlattenOptions, hooks?: { onProgress?: ProgressHook }): Promise<FlattenResult> {
  await new Promise((resolve) => setTimeout(resolve, SHOW_AFTER_MS + 50));
  hooks?.onProgress?.({ total: 1, scanned: 1, parsed: 1 });
  return flatten(options, hooks);
}

/** What a terminal shows once `text` is written: \r returns to the line start, ESC[K clears to its end. */
function screen(text: string): string {
  let line = '';
  for (const part of text.split(/(\r|\x1b\[K)/)) {
    if (part === '\r') line = '';
    else if (part !== '\x1b[K') line += part;
  }
  return line;
}

describe('progress line', () => {
  it('shows nothing during the first second, then the counts, and erases itself when done', () => {
    let clock = 0;
    const stream = fakeStream(true);
    const line = createProgressLine(stream, {}, () => clock);
    line.update({ total: 10, scanned: 3, parsed: 2 });
    expect(stream.text).toBe('');
    clock = SHOW_AFTER_MS + 1;
    line.update({ scanned: 7, parsed: 5 });
    expect(screen(stream.text)).toBe('flatten-classes: 7/10 files scanned, 5 parsed');
    clock += 1000;
    line.update({ scanned: 10, written: 4, toWrite: 12 });
    expect(screen(stream.text)).toBe('flatten-classes: 10/10 files scanned, 5 parsed, 4/12 written');
    line.done();
    expect(screen(stream.text)).toBe('');
    expect(stream.text.endsWith('\r\x1b[K')).toBe(true);
  });

  it('redraws at most ten times a second, and never wider than the terminal', () => {
    let clock = SHOW_AFTER_MS * 2;
    const stream = fakeStream(true, 30);
    const line = createProgressLine(stream, {}, () => (clock += 1));
    for (let i = 0; i < 50; i++) line.update({ total: 1000, scanned: i });
    expect(stream.text.split('\r').length - 1).toBeLessThanOrEqual(2);
    expect(screen(stream.text).length).toBeLessThan(30);
  });

  it('writes nothing when the stream is not a terminal, or in CI', () => {
    for (const [stream, env] of [
      [fakeStream(false), {}],
      [fakeStream(true), { CI: 'true' }],
      [fakeStream(true), { CI: '1' }],
    ] as const) {
      let clock = 0;
      const line = createProgressLine(stream, env, () => (clock += SHOW_AFTER_MS));
      line.update({ total: 3, scanned: 1 });
      line.update({ scanned: 2 });
      line.done();
      expect(stream.text).toBe('');
    }
  });

  it('is told per file by flatten() how far reading got', async () => {
    const dir = project({ 'src/a.js': 'export class A {}\n', 'src/b.js': "import { A } from './a.js';\nexport class B extends A {}\n", 'src/c.js': '\n' });
    const seen: Array<{ total: number; scanned: number; parsed: number }> = [];
    await flatten({ cwd: dir }, { onProgress: (c) => seen.push({ ...c }) });
    expect(seen.at(-1)).toEqual({ total: 3, scanned: 3, parsed: 2 });
    expect(seen.map((c) => c.scanned)).toEqual([0, 1, 2, 3]);
  });

  it('is drawn on the stream given to the CLI during a long run, and gone before the report', async () => {
    const dir = project({ 'src/a.js': 'export class A {}\n' });
    const stream = fakeStream(true);
    const run = await runCli(['--out-dir', 'out'], dir, {
      progress: stream,
      env: {},
      flatten: slowFlatten,
    });
    expect(run.code).toBe(0);
    expect(stream.text).toContain('flatten-classes: 1/1 files scanned, 1 parsed');
    expect(screen(stream.text)).toBe('');
    expect(run.stderr).toBe('');
  });

  it('is not drawn with --quiet', async () => {
    const dir = project({ 'src/a.js': 'export class A {}\n' });
    const stream = fakeStream(true);
    await runCli(['--out-dir', 'out', '--quiet'], dir, {
      progress: stream,
      env: {},
      flatten: slowFlatten,
    });
    expect(stream.text).toBe('');
  });
});
