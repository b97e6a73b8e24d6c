// SARIF and GitHub annotation reports, end to end, with SARIF validated against a 2.1.0 schema subset.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { addSarifFormats } from './helpers/sarif-formats.js';
import { afterAll, describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from '../src/report/github.js';
import { RULES, ruleFor } from '../src/report/rules.js';
import { buildSarif } from '../src/report/sarif.js';
import type { Diagnostic, FlattenResult } from '../src/types.js';
import { ROOT, cleanupTempDirs, runCli, sampleProject, tempDir } from './helpers/cli.js';

afterAll(cleanupTempDirs);

// See the schema's description: a faithful subset of the official SARIF 2.1.0 schema for what we emit.
const schema = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/sarif-2.1.0-subset.schema.json'), 'utf8'));
// strictRequired off: the official anyOf branches name properties defined one level up (region, message).
const ajv = addSarifFormats(new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }));
const validateSarif = ajv.compile(schema);

function expectValidSarif(log: unknown): void {
  const ok = validateSarif(log);
  expect(validateSarif.errors ?? [], JSON.stringify(validateSarif.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
}

function result(diagnostics: Diagnostic[]): FlattenResult {
  return { files: [], classes: [], diagnostics, stats: { filesScanned: 1, filesParsed: 1, filesRewritten: 0, classesFlattened: 0, durationMs: 2 } };
}

const d = (p: Partial<Diagnostic>): Diagnostic => ({ category: 'mro', code: 'prototype-patched', severity: 'warning', file: 'src/a.js', line: 3, column: 5, message: 'm', ...p });

describe('sarif', () => {
  it('the report on the samples validates, with one result per diagnostic and one rule per code', async () => {
    const dir = sampleProject();
    const r = await runCli(['src', '--check', '--report', 'sarif'], dir);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expectValidSarif(log);
    const json = JSON.parse((await runCli(['src', '--check', '--report', 'json'], dir)).stdout);
    const run = log.runs[0];
    expect(run.results).toHaveLength(json.diagnostics.length);
    expect(run.results.length).toBeGreaterThanOrEqual(4);
    const codes = [...new Set(json.diagnostics.map((x: { code: string }) => x.code))].sort();
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(codes);
    expect(run.tool.driver.name).toBe('flatten-classes');
    for (const rule of run.tool.driver.rules) {
      expect(rule.help.text.length).toBeGreaterThan(20);
      expect(rule.fullDescription.text).not.toMatch(/https?:/);
      expect(rule).not.toHaveProperty('helpUri');
    }
    for (const [i, res] of run.results.entries()) {
      const j = json.diagnostics[i];
      expect(res.ruleId).toBe(j.code);
      expect(run.tool.driver.rules[res.ruleIndex].id).toBe(j.code);
      expect(res.level).toBe(j.severity === 'info' ? 'note' : j.severity);
      expect(res.locations[0].physicalLocation.artifactLocation.uri).toBe(j.file);
      expect(res.locations[0].physicalLocation.region).toEqual({ startLine: j.line, startColumn: j.column });
      expect(res.message.text.startsWith(j.message)).toBe(true);
    }
  });

  it('maps levels, percent-encodes paths, and leaves out what a diagnostic does not have', () => {
    const log = buildSarif(
      result([
        d({ severity: 'error', code: 'computed-field-key', category: 'unsupported' }),
        d({ severity: 'info', code: 'super-assignment-rewritten', category: 'super', file: 'src/with space/ä.js', hint: 'h' }),
        d({ severity: 'warning', code: 'write-failed', category: 'config', file: 'flat', line: 0, column: 0 }),
        d({ severity: 'error', code: 'brand-new-code', category: 'config', file: '' }),
        d({ severity: 'warning', code: 'objectgetprototypeof-unknown', category: 'mro', column: 0 }),
      ]),
      { cwd: tempDir(), version: '1.2.3' },
    ) as { runs: Array<{ results: Array<Record<string, any>>; tool: { driver: Record<string, any> }; invocations: unknown[] }> };
    expectValidSarif(log);
    const run = log.runs[0]!;
    const byCode = Object.fromEntries(run.results.map((r) => [r.ruleId, r]));
    expect(byCode['computed-field-key']!.level).toBe('error');
    expect(byCode['super-assignment-rewritten']!.level).toBe('note');
    expect(byCode['super-assignment-rewritten']!.message.text).toBe('m\nh');
    expect(byCode['super-assignment-rewritten']!.locations[0].physicalLocation.artifactLocation.uri).toBe('src/with%20space/%C3%A4.js');
    expect(byCode['write-failed']!.locations[0].physicalLocation).not.toHaveProperty('region');
    expect(byCode['brand-new-code']!.locations).toEqual([]);
    expect(byCode['objectgetprototypeof-unknown']!.locations[0].physicalLocation.region).toEqual({ startLine: 3 });
    expect(run.tool.driver.semanticVersion).toBe('1.2.3');
    expect(run.invocations).toEqual([{ executionSuccessful: false }]);
    const rules = run.tool.driver.rules as Array<Record<string, any>>;
    expect(rules.find((r) => r.id === 'write-failed')!.defaultConfiguration.level).toBe('warning');
    // An unknown code falls back to its category's description.
    expect(rules.find((r) => r.id === 'brand-new-code')!.fullDescription.text).toBe(ruleFor('brand-new-code', 'config').help);
  });

  it('an empty report is valid SARIF too', () => {
    expectValidSarif(buildSarif(result([]), { cwd: tempDir(), version: '0.0.0-unknown' }));
  });

  it('every catalogued rule has a title and help without links', () => {
    for (const [code, info] of Object.entries(RULES)) {
      expect(info.title, code).not.toBe('');
      expect(info.help, code).not.toMatch(/https?:\/\//);
    }
  });
});

describe('github annotations', () => {
  it('escapes data (%, CR, LF) and properties (also : and ,)', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('one workflow command per diagnostic with file, line, col and title, then the summary', () => {
    const text = formatGithub(
      result([
        d({ severity: 'warning', message: 'x instanceof A: 50% of cases\nsecond line', hint: 'fix it', file: 'src/we,ird:name.js' }),
        d({ severity: 'info', code: 'super-in-object-literal', category: 'super', line: 7, column: 2 }),
        d({ severity: 'error', code: 'write-failed', category: 'config', file: '', line: 0, column: 0 }),
      ]),
      { cwd: tempDir() },
    );
    const lines = text.trimEnd().split('\n');
    expect(lines).toEqual([
      '::error title=flatten-classes config/write-failed::m',
      '::notice file=src/a.js,line=7,col=2,title=flatten-classes super/super-in-object-literal::m',
      '::warning file=src/we%2Cird%3Aname.js,line=3,col=5,title=flatten-classes mro/prototype-patched::x instanceof A: 50%25 of cases%0Asecond line%0Afix it',
      expect.stringMatching(/^Summary: 1 file scanned/),
    ]);
  });

  it('--report github on a sample', async () => {
    const r = await runCli(['src', '--check', '--report', 'github'], sampleProject('reported'));
    expect(r.code).toBe(1);
    const annotations = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toHaveLength(4);
    expect(annotations[0]).toMatch(/^::warning file=src\/animals\.js,line=18,col=5,title=flatten-classes super\/super-assignment::/);
  });

  it('is chosen automatically when GITHUB_ACTIONS=true and no --report is given', async () => {
    const dir = sampleProject('reported');
    const env = { NO_COLOR: '1', GITHUB_ACTIONS: 'true' };
    const auto = await runCli(['src', '--check'], dir, { env });
    expect(auto.stdout.split('\n').filter((l) => l.startsWith('::warning '))).toHaveLength(4);
    const explicit = await runCli(['src', '--check', '--report', 'pretty'], dir, { env });
    expect(explicit.stdout).not.toMatch(/^::/m);
    writeFileSync(path.join(dir, 'flatten-classes.config.json'), JSON.stringify({ report: 'json' }));
    const fromConfig = await runCli(['src', '--check'], dir, { env });
    expect(JSON.parse(fromConfig.stdout).version).toBe(1);
    const outside = await runCli(['src', '--check', '--config', 'nothing.json'], dir, { env: { GITHUB_ACTIONS: 'false' } });
    expect(outside.code).toBe(2);
  });
});
