// The SARIF report validated against the full published SARIF 2.1.0 JSON schema, not only the subset of
// cli-report.test.ts: every object and property there, with the schema's own constraints.
//
// test/fixtures/sarif-2.1.0-rtm.5.schema.json is sarif-2.1.0-rtm.5.json as SchemaStore publishes it
// (the SARIF 2.1.0 schema), copied unchanged from the npm package @microsoft/jest-sarif 1.0.0-beta.0
// (lib/schemas/, MIT). It is written in JSON Schema draft-04; ajv reads draft-07, and the only
// difference this schema meets is the keyword naming it (`id`, which draft-07 calls `$id`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { addSarifFormats } from './helpers/sarif-formats.js';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, cleanupTempDirs, project, runCli, sampleProject } from './helpers/cli.js';

afterAll(cleanupTempDirs);

const official = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/sarif-2.1.0-rtm.5.schema.json'), 'utf8')) as Record<string, unknown>;
const { id, $schema: _draft04, ...rest } = official;
const schema = { $schema: 'http://json-schema.org/draft-07/schema#', $id: id, ...rest };

// unicodeRegExp off: the schema's language pattern has a stray `]`, an error only with the `u` flag.
const ajv = addSarifFormats(new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }));
const validate = ajv.compile(schema);

function expectValid(log: unknown): void {
  const ok = validate(log);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
}

describe('SARIF against the official 2.1.0 schema', () => {
  it('the schema is strict enough to fail a broken log', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [], extra: 1 })).toBe(false);
  });

  it('every sample, with all its diagnostics, is a valid log', async () => {
    const r = await runCli(['src', '--check', '--fail-on', 'never', '--report', 'sarif'], sampleProject());
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout) as { runs: Array<{ results: unknown[]; tool: { driver: { rules: unknown[] } } }> };
    expect(log.runs[0]!.results.length).toBeGreaterThanOrEqual(5);
    expect(log.runs[0]!.tool.driver.rules.length).toBeGreaterThanOrEqual(3);
    expectValid(log);
  });

  it('a run with no diagnostics, a syntax error and a config error are valid logs too', async () => {
    const broken = await runCli(['src', '--report', 'sarif'], project({ 'src/a.js': 'export class A {\n  m( {\n}\n' }));
    expect(broken.code).toBe(2);
    expectValid(JSON.parse(broken.stdout));
    const clean = await runCli(['src', '--report', 'sarif'], project({ 'src/a.js': 'export class A {}\n' }));
    expect(clean.code).toBe(0);
    expectValid(JSON.parse(clean.stdout));
    const missing = await runCli(['nowhere', '--report', 'sarif'], project({ 'src/a.js': '' }));
    expect(missing.code).toBe(2);
    const log = JSON.parse(missing.stdout) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(log.runs[0]!.results.map((x) => x.ruleId)).toEqual(['path-not-found']);
    expectValid(log);
  });
});
