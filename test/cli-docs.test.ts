// The CLI reference in docs/CLI.md (and README.md, when it has one) is the real --help output.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, cleanupTempDirs, runCli, tempDir } from './helpers/cli.js';

afterAll(cleanupTempDirs);

/** Code blocks introduced by a line "`flatten-classes [command] --help` prints:". */
function helpBlocks(markdown: string): Array<{ argv: string[]; block: string }> {
  const out: Array<{ argv: string[]; block: string }> = [];
  const re = /^`flatten-classes((?: [a-z]+)*) --help` prints:\n\n```[a-z]*\n([\s\S]*?)\n```$/gm;
  for (const m of markdown.matchAll(re)) {
    out.push({ argv: [...m[1]!.trim().split(' ').filter(Boolean), '--help'], block: m[2]! });
  }
  return out;
}

async function helpOf(argv: string[]): Promise<string> {
  const r = await runCli(argv, tempDir());
  expect(r.code).toBe(0);
  return r.stdout.trimEnd();
}

describe('docs match --help', () => {
  it('docs/CLI.md has the help of the main command, explain and graph, exactly', async () => {
    const blocks = helpBlocks(readFileSync(path.join(ROOT, 'docs/CLI.md'), 'utf8'));
    expect(blocks.map((b) => b.argv.join(' '))).toEqual(['--help', 'explain --help', 'graph --help']);
    for (const b of blocks) expect(b.block, `docs/CLI.md: flatten-classes ${b.argv.join(' ')}`).toBe(await helpOf(b.argv));
  });

  it('README.md: every --help block it has is exact (regenerate with `npm run build && node scripts/sync-help.mjs`)', async () => {
    const readme = path.join(ROOT, 'README.md');
    if (!existsSync(readme)) return;
    for (const b of helpBlocks(readFileSync(readme, 'utf8'))) {
      expect(b.block, `README.md: flatten-classes ${b.argv.join(' ')}`).toBe(await helpOf(b.argv));
    }
  });

  it('help is 80 columns wide whatever the terminal', async () => {
    const columns = process.stdout.columns;
    process.stdout.columns = 200;
    try {
      const wide = await helpOf(['--help']);
      expect(wide).toContain('--report <format>      report format (default: pretty; github when\n');
    } finally {
      process.stdout.columns = columns;
    }
  });

  it('the documented exit codes and commands are in --help', async () => {
    const help = await helpOf(['--help']);
    expect(help).toContain('Exit codes:\n  0  done\n  1  --check found a diagnostic at or above --fail-on');
    expect(help).toContain('explain <class> [paths...]');
    expect(help).toContain('graph [paths...]');
  });
});
