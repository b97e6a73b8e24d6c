// The config file: discovery, loading, validation, merging with CLI flags, and the guarded resolve() callback.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { callUserResolve, describeValue, errorLine } from '../graph/user-resolve.js';
import type { ClassOptions, Diagnostic, FlattenOptions, ResolveFn } from '../types.js';

/** Names looked for in each directory from the cwd upward; the first one found in a directory wins. */
export const CONFIG_FILE_NAMES = [
  'flatten-classes.config.js',
  'flatten-classes.config.mjs',
  'flatten-classes.config.cjs',
  'flatten-classes.config.json',
] as const;

export const DEFAULT_PATHS = ['src'];
export const DEFAULT_OUT_DIR = 'flat';
export const DEFAULT_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

export type ReportFormat = 'pretty' | 'json' | 'sarif' | 'github';
export const REPORT_FORMATS: readonly ReportFormat[] = ['pretty', 'json', 'sarif', 'github'];

/** The least severe diagnostic that makes `--check` exit 1; `never` turns exit 1 off. */
export type FailOn = 'error' | 'warning' | 'info' | 'never';
export const FAIL_ON_VALUES: readonly FailOn[] = ['error', 'warning', 'info', 'never'];
export const DEFAULT_FAIL_ON: FailOn = 'warning';
/** The most threads `jobs` may ask for. */
export const MAX_JOBS = 64;

const CLASS_OPTION_KEYS = ['skip', 'ignore'] as const;

export interface UserConfig {
  paths?: string[];
  outDir?: string;
  extensions?: string[];
  ignore?: string[];
  copyFiles?: boolean;
  sourceMaps?: boolean;
  report?: ReportFormat;
  failOn?: FailOn;
  resolve?: (specifier: string, importerPath: string) => unknown;
  /** Per-class options keyed by `Class` or `file:Class`; validated and passed through to flatten(). */
  classes?: Record<string, ClassOptions>;
  preserveInstanceof?: boolean;
  /** FlattenOptions.keepPatched (--keep-patched). */
  keepPatched?: boolean;
  /** Threads that parse and summarize (FlattenOptions.jobs). */
  jobs?: number;
}

const KNOWN_KEYS = ['paths', 'outDir', 'extensions', 'ignore', 'copyFiles', 'sourceMaps', 'report', 'failOn', 'resolve', 'classes', 'preserveInstanceof', 'keepPatched', 'jobs'] as const;

export interface LoadedConfig {
  /** Absolute path of the config file. */
  file: string;
  /** The file's path as messages show it: relative to the cwd, `/` separators. */
  displayName: string;
  /** The validated settings (paths still as written in the file). */
  config: UserConfig;
  /** The object the file exported, used as `this` for resolve(). */
  raw: Record<string, unknown>;
}

/** A problem with the config file; `messages` are complete lines without the program-name prefix. */
export class ConfigError extends Error {
  readonly messages: string[];
  constructor(messages: string[]) {
    super(messages.join('\n'));
    this.name = 'ConfigError';
    this.messages = messages;
  }
}

function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return (rel === '' ? abs : rel).split(path.sep).join('/');
}

/** The nearest config file from `cwd` upward, or undefined. */
export function findConfigFile(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // not here
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The known key a misspelt one most likely meant, if any is close. */
export function suggestKey(key: string, known: readonly string[] = KNOWN_KEYS): string | undefined {
  const lower = key.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(key.length / 3)) ? best : undefined;
}

/** Checks the exported object; every problem is one message naming the file and the key. */
export function validateConfig(raw: unknown, displayName: string): { config: UserConfig; errors: string[] } {
  const errors: string[] = [];
  const config: UserConfig = {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    errors.push(`${displayName}: the config must export an object, got ${describeValue(raw)}`);
    return { config, errors };
  }
  const obj = raw as Record<string, unknown>;
  const bad = (key: string, expected: string, value: unknown): void => {
    errors.push(`${displayName}: "${key}" must be ${expected}, got ${describeValue(value)}`);
  };
  const stringArray = (key: string, value: unknown): string[] | undefined => {
    if (!Array.isArray(value)) return bad(key, 'an array of strings', value), undefined;
    const badItem = value.find((v) => typeof v !== 'string' || v === '');
    if (badItem !== undefined) return bad(key, 'an array of non-empty strings', value), undefined;
    return [...(value as string[])];
  };

  for (const key of Object.keys(obj)) {
    const value = obj[key];
    if (!(KNOWN_KEYS as readonly string[]).includes(key)) {
      const suggestion = suggestKey(key);
      errors.push(`${displayName}: unknown key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
      continue;
    }
    if (value === undefined) continue;
    switch (key) {
      case 'paths': {
        const v = stringArray(key, value);
        if (v) config.paths = v;
        break;
      }
      case 'ignore': {
        const v = stringArray(key, value);
        if (v) config.ignore = v;
        break;
      }
      case 'extensions': {
        const v = stringArray(key, value);
        if (v) config.extensions = normaliseExtensions(v);
        break;
      }
      case 'outDir':
        if (typeof value === 'string' && value !== '') config.outDir = value;
        else bad(key, 'a non-empty string', value);
        break;
      case 'copyFiles':
      case 'preserveInstanceof':
      case 'keepPatched':
        if (typeof value === 'boolean') config[key] = value;
        else bad(key, 'a boolean', value);
        break;
      case 'sourceMaps':
        if (typeof value === 'boolean') config.sourceMaps = value;
        else bad(key, 'a boolean', value);
        break;
      case 'jobs':
        if (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_JOBS) config.jobs = value as number;
        else bad(key, `an integer from 0 to ${MAX_JOBS}`, value);
        break;
      case 'report':
        if (typeof value === 'string' && (REPORT_FORMATS as readonly string[]).includes(value)) config.report = value as ReportFormat;
        else bad(key, oneOf(REPORT_FORMATS), value);
        break;
      case 'failOn':
        if (typeof value === 'string' && (FAIL_ON_VALUES as readonly string[]).includes(value)) config.failOn = value as FailOn;
        else bad(key, oneOf(FAIL_ON_VALUES), value);
        break;
      case 'classes': {
        const v = validateClasses(value, displayName, errors);
        if (v) config.classes = v;
        break;
      }
      case 'resolve':
        if (typeof value === 'function') config.resolve = value as UserConfig['resolve'];
        else bad(key, 'a function (specifier, importerPath) => string | null', value);
        break;
    }
  }
  return { config, errors };
}

function oneOf(values: readonly string[]): string {
  const quoted = values.map((v) => JSON.stringify(v));
  return `one of ${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/**
 * `classes: { "<Class or file:Class>": { skip?: string[], ignore?: boolean } }`. Each problem is one
 * message naming the file and the key path, e.g. `classes["Square"].skip`.
 */
function validateClasses(value: unknown, displayName: string, errors: string[]): Record<string, ClassOptions> | undefined {
  const before = errors.length;
  const bad = (key: string, expected: string, got: unknown): void => {
    errors.push(`${displayName}: "${key}" must be ${expected}, got ${describeValue(got)}`);
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    bad('classes', 'an object mapping class names (or "file:Class") to options', value);
    return undefined;
  }
  const out: Record<string, ClassOptions> = {};
  for (const [name, opts] of Object.entries(value as Record<string, unknown>)) {
    const at = `classes[${JSON.stringify(name)}]`;
    const className = name.slice(name.lastIndexOf(':') + 1);
    if (name.trim() === '' || className.trim() === '') {
      errors.push(`${displayName}: "${at}": the key must be a class name or "file:Class"`);
      continue;
    }
    if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
      bad(at, 'an object { skip?: string[], ignore?: boolean }', opts);
      continue;
    }
    const entry: ClassOptions = {};
    for (const [k, v] of Object.entries(opts as Record<string, unknown>)) {
      if (!(CLASS_OPTION_KEYS as readonly string[]).includes(k)) {
        const suggestion = suggestKey(k, CLASS_OPTION_KEYS);
        errors.push(`${displayName}: unknown key "${at}.${k}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
        continue;
      }
      if (v === undefined) continue;
      if (k === 'skip') {
        if (Array.isArray(v) && v.every((x) => typeof x === 'string' && x !== '')) entry.skip = [...(v as string[])];
        else bad(`${at}.skip`, 'an array of non-empty strings (member names)', v);
      } else if (typeof v === 'boolean') {
        entry.ignore = v;
      } else {
        bad(`${at}.ignore`, 'a boolean', v);
      }
    }
    out[name] = entry;
  }
  return errors.length === before ? out : undefined;
}

/** Extensions with a leading dot, duplicates removed. */
export function normaliseExtensions(exts: string[]): string[] {
  const out: string[] = [];
  for (const raw of exts) {
    const e = raw.trim();
    if (e === '') continue;
    const withDot = e.startsWith('.') ? e : `.${e}`;
    if (!out.includes(withDot)) out.push(withDot);
  }
  return out;
}

const LOOP_EMPTIED = Symbol('the event loop emptied');

/**
 * `promise`, or a rejection with LOOP_EMPTIED when node runs out of work before it settles. A module
 * whose top-level await never settles holds nothing node waits for: without this the process would
 * exit 0 in silence, having done nothing.
 */
function unlessTheLoopEmpties<T>(promise: Promise<T>): Promise<T> {
  let onEmpty = (): void => undefined;
  const emptied = new Promise<never>((_, reject) => {
    onEmpty = () => reject(LOOP_EMPTIED);
  });
  process.once('beforeExit', onEmpty);
  return Promise.race([promise, emptied]).finally(() => process.off('beforeExit', onEmpty));
}

async function importConfig(file: string, displayName: string): Promise<unknown> {
  let mod: Record<string, unknown>;
  try {
    mod = (await unlessTheLoopEmpties(import(pathToFileURL(file).href))) as Record<string, unknown>;
  } catch (error) {
    if (error === LOOP_EMPTIED) {
      throw new ConfigError([`${displayName}: failed to load: its top-level code never finished (it awaits something that never happens)`]);
    }
    throw new ConfigError([`${displayName}: failed to load: ${errorLine(error)}`]);
  }
  if ('default' in mod) return mod.default;
  // An ES module without a default export.
  throw new ConfigError([`${displayName}: no default export (write \`export default { ... }\`)`]);
}

/**
 * Loads and validates the config file: `explicitPath` (relative to cwd) when given, else the nearest
 * one from `cwd` upward. Undefined when there is none. Throws ConfigError for any problem.
 */
export async function loadConfig(opts: { cwd: string; explicitPath?: string }): Promise<LoadedConfig | undefined> {
  const cwd = path.resolve(opts.cwd);
  let file: string | undefined;
  if (opts.explicitPath !== undefined) {
    file = path.resolve(cwd, opts.explicitPath);
    if (!existsSync(file) || !statSync(file).isFile()) {
      throw new ConfigError([`config file not found: ${displayPath(file, cwd)}`]);
    }
  } else {
    file = findConfigFile(cwd);
    if (file === undefined) return undefined;
  }
  const displayName = displayPath(file, cwd);
  const ext = path.extname(file).toLowerCase();

  let raw: unknown;
  if (ext === '.json') {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError([`${displayName}: cannot read: ${errorLine(error)}`]);
    }
    try {
      raw = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new ConfigError([`${displayName}: invalid JSON: ${errorLine(error)}`]);
    }
  } else if (ext === '.js' || ext === '.mjs' || ext === '.cjs') {
    raw = await importConfig(file, displayName);
  } else {
    throw new ConfigError([`${displayName}: unsupported config file type "${ext || '(none)'}" (use .js, .mjs, .cjs or .json)`]);
  }

  let validated: ReturnType<typeof validateConfig>;
  try {
    validated = validateConfig(raw, displayName);
  } catch (error) {
    // A getter or a Proxy trap of the exported object threw; validation copies every value it keeps,
    // so nothing of the user's object is read again after this.
    throw new ConfigError([`${displayName}: reading the exported settings failed: ${errorLine(error)}`]);
  }
  const { config, errors } = validated;
  if (errors.length > 0) throw new ConfigError(errors);
  return { file, displayName, config, raw: raw as Record<string, unknown> };
}

/** A failed call of the config's resolve(), reported once per specifier. */
export interface ResolveProblem {
  specifier: string;
  /** Absolute path of the importing file, as resolve() received it. */
  importer: string;
  /** What went wrong, e.g. `threw: boom` or `returned an object`. */
  message: string;
}

/**
 * Guards a user resolve(): a call that throws or returns anything but a string or null counts as
 * unresolved (null), and the first such failure for each specifier is appended to `problems`.
 */
export function wrapResolve(
  fn: (specifier: string, importerPath: string) => unknown,
  problems: ResolveProblem[],
  thisArg?: unknown,
): ResolveFn {
  const seen = new Set<string>();
  const record = (specifier: string, importer: string, message: string): void => {
    if (!seen.has(specifier)) {
      seen.add(specifier);
      problems.push({ specifier, importer, message });
    }
  };
  return (specifier, importerPath) => {
    const answer = callUserResolve(fn, specifier, importerPath, thisArg);
    if (answer.problem !== null) record(specifier, importerPath, answer.problem);
    return answer.path;
  };
}

/** Turns recorded resolve() failures into 'resolve' warnings located at the config file (at `resolve` when found). */
export function resolveProblemDiagnostics(problems: readonly ResolveProblem[], loaded: LoadedConfig, cwd: string): Diagnostic[] {
  if (problems.length === 0) return [];
  let line = 1;
  let column = 1;
  try {
    const text = readFileSync(loaded.file, 'utf8');
    const match = /\bresolve\b\s*(?:\(|:|=)/.exec(text);
    if (match) {
      const before = text.slice(0, match.index);
      line = before.split('\n').length;
      column = match.index - before.lastIndexOf('\n');
    }
  } catch {
    // keep 1:1
  }
  return problems.map((p) => ({
    category: 'resolve' as const,
    code: 'config-resolve-failed',
    severity: 'warning' as const,
    file: loaded.displayName,
    line,
    column,
    message: `resolve() ${p.message} for "${p.specifier}" (imported from ${displayPath(p.importer, cwd)}); treated as unresolved`,
    hint: 'resolve() must return an absolute path, or null for a module outside the project',
  }));
}

/** Settings given on the command line; undefined means "not given". */
export interface CliFlags {
  paths?: string[];
  outDir?: string;
  extensions?: string[];
  ignore?: string[];
  copyFiles?: boolean;
  sourceMaps?: boolean;
  preserveInstanceof?: boolean;
  keepPatched?: boolean;
  jobs?: number;
  report?: ReportFormat;
  failOn?: FailOn;
}

export interface MergedSettings {
  options: FlattenOptions & { paths: string[]; outDir: string; extensions: string[]; ignore: string[]; copyFiles: boolean; cwd: string };
  report: ReportFormat;
  /** Which severities make `--check` exit 1. */
  failOn: FailOn;
  /** Failures of the config's resolve(), filled while flattening runs. */
  resolveProblems: ResolveProblem[];
}

function posix(p: string): string {
  return p.split(path.sep).join('/');
}

/** A path written in the config (relative to the config's directory) as a path relative to the cwd. */
function rebasePath(p: string, configDir: string, cwd: string): string {
  if (path.isAbsolute(p)) return p;
  const abs = path.resolve(configDir, p);
  return posix(path.relative(cwd, abs)) || '.';
}

/** An ignore glob written relative to the config's directory, rewritten to match paths relative to the cwd. */
function rebaseGlob(glob: string, configDir: string, cwd: string): string {
  const negated = glob.startsWith('!');
  const body = negated ? glob.slice(1) : glob;
  const prefix = posix(path.relative(cwd, configDir));
  if (prefix === '' || body.startsWith('**/') || body === '**' || path.isAbsolute(body)) return glob;
  const cleaned = body.replace(/^\.\//, '');
  return `${negated ? '!' : ''}${prefix}/${cleaned}`;
}

/** `file:Class` keys name files relative to the config file's directory; rewritten relative to the cwd like `paths`. */
function rebaseClassKeys(classes: Record<string, ClassOptions>, configDir: string, cwd: string): Record<string, ClassOptions> {
  const out: Record<string, ClassOptions> = {};
  for (const [key, value] of Object.entries(classes)) {
    const colon = key.lastIndexOf(':');
    const name = colon > 0 ? `${rebasePath(key.slice(0, colon), configDir, cwd)}:${key.slice(colon + 1)}` : key;
    out[name] = { ...value, ...(value.skip ? { skip: [...value.skip] } : {}) };
  }
  return out;
}

/**
 * CLI flags over config file over defaults. Paths, outDir and ignore globs in the config file are taken
 * relative to the config file's directory (rewritten relative to the cwd); CLI values are relative to the cwd.
 * The report format defaults to `github` when `env.GITHUB_ACTIONS` is `true` and neither the flags nor
 * the file name one (pass the process environment as `env` to get that).
 */
export function mergeSettings(cli: CliFlags, loaded: LoadedConfig | undefined, cwd: string, env: NodeJS.ProcessEnv = {}): MergedSettings {
  const absCwd = path.resolve(cwd);
  const cfg = loaded?.config ?? {};
  const configDir = loaded ? path.dirname(loaded.file) : absCwd;
  const resolveProblems: ResolveProblem[] = [];

  const paths =
    cli.paths && cli.paths.length > 0
      ? cli.paths
      : cfg.paths && cfg.paths.length > 0
        ? cfg.paths.map((p) => rebasePath(p, configDir, absCwd))
        : DEFAULT_PATHS;
  const outDir = cli.outDir ?? (cfg.outDir !== undefined ? rebasePath(cfg.outDir, configDir, absCwd) : DEFAULT_OUT_DIR);
  const extensions = cli.extensions ?? cfg.extensions ?? DEFAULT_EXTENSIONS;
  const ignore = cli.ignore ?? cfg.ignore?.map((g) => rebaseGlob(g, configDir, absCwd)) ?? [];
  const copyFiles = cli.copyFiles ?? cfg.copyFiles ?? false;
  const report = cli.report ?? cfg.report ?? (env.GITHUB_ACTIONS === 'true' ? 'github' : 'pretty');
  const failOn = cli.failOn ?? cfg.failOn ?? DEFAULT_FAIL_ON;

  const options: MergedSettings['options'] = {
    paths: [...paths],
    outDir,
    extensions: [...extensions],
    ignore: [...ignore],
    copyFiles,
    cwd: absCwd,
  };
  if (cfg.resolve) options.resolve = wrapResolve(cfg.resolve, resolveProblems, loaded?.raw);
  if (cli.sourceMaps ?? cfg.sourceMaps) options.sourceMaps = true;
  if (cfg.classes) options.classes = rebaseClassKeys(cfg.classes, configDir, absCwd);
  const preserveInstanceof = cli.preserveInstanceof ?? cfg.preserveInstanceof;
  if (preserveInstanceof) options.preserveInstanceof = true;
  if (cli.keepPatched ?? cfg.keepPatched) options.keepPatched = true;
  const jobs = cli.jobs ?? cfg.jobs;
  if (jobs !== undefined) options.jobs = jobs;
  return { options, report, failOn, resolveProblems };
}
