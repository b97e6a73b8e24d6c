// Texts kept packed (scan/packed-text.ts): a worker sends the text of a file without classes deflated,
// and the main thread inflates it on the first read. Whoever reads it must get the file's text exactly.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lazyText, packCounts, packText, packsText } from '../src/scan/packed-text.js';
import { scanBytes } from '../src/scan/scan-file.js';
import { scanInParallel } from '../src/scan/workers.js';

const TEXTS = [
  '',
  'export const a = 1;\r\n// crlf\r\n',
  "export const s = 'é ü ß \u00ff';\n",
  "export const k = '漢字 and \u{1F600} (astral) and \u2028 separator';\n",
  '\uFEFF\uFEFF// a second byte order mark: the decoder drops only the first\n',
  `export const long = '${'x'.repeat(100_000)}';\n`,
];

describe('a packed text', () => {
  it('reads back as the same string, from the state and the module alike, inflated once', () => {
    for (const text of TEXTS) {
      const read = { code: '' };
      const module = { code: '' };
      const before = packCounts.unpacked;
      lazyText(read, module, packText(text));
      expect(packCounts.unpacked).toBe(before);
      expect(module.code).toBe(text);
      expect(read.code).toBe(text);
      expect(packCounts.unpacked).toBe(before + 1);
    }
  });

  it('can be replaced (a later phase setting the code)', () => {
    const read = { code: '' };
    lazyText(read, undefined, packText('old'));
    read.code = 'new';
    expect(read.code).toBe('new');
  });
});

describe('which texts are packed', () => {
  it('those of files without classes, files not parsed and files that do not parse; not unreadable ones', () => {
    const state = (text: string) => scanBytes('/x/f.js', 'f.js', { ok: true, data: Buffer.from(text) }, 'h', {});
    expect(packsText(state('export const x = 1;\n'))).toBe(true);
    expect(packsText(state('const x = 1;\n'))).toBe(true); // nothing that may matter: not parsed
    expect(packsText(state('export class A {}\n'))).toBe(false);
    expect(packsText(state('export class A extends {\n'))).toBe(true); // a syntax error: reported from its state
    expect(packsText(scanBytes('/x/f.js', 'f.js', { ok: true, data: Buffer.from([0x63, 0xff]) }, 'h', {}))).toBe(false);
  });
});

describe('a scan in a worker', () => {
  it("gives every file's text exactly, packed or not, as the main thread's scan does", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flatten-packed-'));
    try {
      const texts = [...TEXTS, 'export class C { m() { return "é"; } }\n', 'var plain = "\u{1F600}";\n'];
      const files = texts.map((text, i) => {
        const absPath = path.join(dir, `f${i}.js`);
        writeFileSync(absPath, text);
        return { absPath, relPath: `f${i}.js` };
      });
      const before = packCounts.packed;
      const states = await scanInParallel(files, {
        workers: 1,
        auto: false,
        schedule: { mainIdle: true },
        scanHere: (file, bytes, hash) => scanBytes(file.absPath, file.relPath, bytes, hash, {}),
      });
      // The class file is sent as text, every other one packed.
      expect(packCounts.packed - before).toBe(texts.length - 1);
      const expected = texts.map((t) => t.replace(/^\uFEFF/, ''));
      expect(states.map((s) => (s.read.ok ? s.read.code : null))).toEqual(expected);
      expect(states.map((s) => (s.parse?.ok ? s.parse.module.code : null))).toEqual(expected.map((t, i) => (states[i]!.parse?.ok ? t : null)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
