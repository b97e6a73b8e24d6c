#!/usr/bin/env node
// Conformance on real code: run real projects' OWN test suites against their flattened sources.
//
//   npm run build && node scripts/conform.mjs [--only zod|yaml|rxjs|luxon|domhandler|ohm-js|yjs|undici]
//
// For each project (pinned below) it fetches the sources into .cache/conform/<name>/ (never into the
// repository), installs the few development dependencies its tests need from the npm registry, and
// runs the suite three times: on the original sources, on the mirror `flatten-classes` writes of them,
// and on the mirror written with --preserve-instanceof (a project may list other runs: `runs`).
// TypeScript projects are also type-checked (tsc) original against mirror. It prints a table (tests
// passed, classes flattened, diagnostics), then every test whose outcome changed and every tsc error
// the mirror has that the original has not, so each can be matched with a diagnostic of the report
// (README "Real code"; docs/GUARANTEES.md).
//
// Sources come from GitHub: `git fetch` of the pinned tag or commit, or, where GitHub cannot be
// reached, from local git mirrors: CONFORM_GIT_MIRRORS=<dir> holding <owner>+<name>/repo (or
// <owner>+<name>) git directories. Uses the CLI in dist/ (build first). Takes about 40 minutes: zod,
// yaml and rxjs about 15, luxon, domhandler and ohm-js about 2 each, yjs 1.5, undici 18 (wall time on a
// shared 2-core machine).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, '.cache/conform');
const CLI = path.join(ROOT, 'bin/flatten-classes.js');

/** undici's classes whose ancestors include `Dispatcher` (index.js patches `Dispatcher.prototype`), the tests' own among them. */
const UNDICI_DISPATCHERS = ['Agent', 'BalancedPool', 'Client', 'DispatcherBase', 'EnvHttpProxyAgent', 'H2CClient', 'PoolBase', 'Pool', 'Http1ProxyWrapper', 'ProxyAgent', 'RetryAgent', 'RoundRobinPool', 'Socks5ProxyAgent', 'MockAgent', 'MockClient', 'MockPool', 'SnapshotAgent', 'PoorImplementation', 'CustomHeaderAgent', 'CustomAgent', 'CustomAgentA', 'CustomAgentB', 'MiniflareDispatcher', 'CustomDispatcher', 'TestAgent', 'WsDispatcher'];

/**
 * Each project: where its sources come from, what its tests need, how to run them. `src` is the
 * folder that is flattened and swapped for its mirror; the tests import from it.
 */
const PROJECTS = [
  {
    name: 'zod',
    version: '3.23.8',
    sources: [{ repo: 'colinhacks/zod', ref: 'v3.23.8' }],
    devDependencies: ['jest@29.7.0', 'ts-jest@29.1.1', 'typescript@4.5.5', '@jest/globals@29.7.0', '@types/jest@29.5.14', '@types/node@14.18.63'],
    src: 'src',
    // zod's own config (configs/ts-jest.config.json) type-checks every file it compiles, so one tsc
    // error in the mirror fails every suite: the suite runs compiled without type checks
    // (isolatedModules), and tsc compares the types separately.
    files: {
      'jest.conform.config.json': JSON.stringify({
        rootDir: '.',
        transform: { '^.+\\.tsx?$': ['ts-jest', { isolatedModules: true }] },
        testRegex: 'src/.*\\.test\\.ts$',
        modulePathIgnorePatterns: ['language-server', '__vitest__'],
        moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'json', 'node'],
      }),
    },
    jestConfig: 'jest.conform.config.json',
    // @types/* that TypeScript 4.5 cannot parse are left out; benchmarks import a package not installed.
    tsc: ['--noEmit', '-p', '.', '--types', 'node,jest'],
  },
  {
    name: 'yaml',
    version: '2.6.1',
    sources: [
      { repo: 'eemeli/yaml', ref: 'v2.6.1' },
      // The submodules' data. yaml 2.6.1 pins yaml-test-suite 50861920 (eemeli's fork, not in every
      // mirror); the upstream data of 2024-02 is used, which fails 23 tests on the original as well.
      { repo: 'yaml/yaml-test-suite', ref: 'ccfa74e56afb53da960847ff6e6976c0a0825709', paths: ['src'], into: 'tests/yaml-test-suite' },
      { repo: 'nst/JSONTestSuite', ref: '984defc2deaa653cb73cd29f4144a720ec9efe7c', paths: ['test_parsing', 'test_transform'], into: 'tests/json-test-suite' },
    ],
    devDependencies: ['jest@29.7.0', 'babel-jest@29.7.0', '@babel/core@7.26.0', '@babel/preset-env@7.26.0', '@babel/plugin-transform-typescript@7.26.3', 'jest-ts-webcompat-resolver@1.0.0', 'fast-check@2.25.0', 'typescript@5.6.3', '@types/jest@29.5.14', '@types/node@20.17.6'],
    src: 'src',
    jestConfig: 'config/jest.config.js',
    tsc: ['--noEmit', '-p', '.'],
  },
  {
    name: 'rxjs',
    version: '7.8.1',
    sources: [{ repo: 'ReactiveX/rxjs', ref: '7.8.1', paths: ['package.json', 'src', 'spec', 'tsconfig.json'] }],
    // rxjs pins mocha 8 and TypeScript 4.2; 4.2 cannot compile the `#private` methods the mirror uses for
    // super targets (TypeScript 4.3+), so the suite runs on 4.9 (the original fails 3 more tests there:
    // async generators lowered to ES2015).
    devDependencies: ['mocha@8.1.3', 'chai@4.2.0', 'sinon@4.3.0', 'sinon-chai@2.14.0', 'ts-node@9.1.1', 'typescript@4.9.5', 'tslib@2.3.1', 'lodash@4.17.21', 'web-streams-polyfill@3.0.2', 'escape-string-regexp@1.0.5', 'form-data@3.0.0'],
    // The tests import 'rxjs' (tsconfig paths into src/) and declare subclasses of its classes: both
    // trees are flattened together.
    trees: ['src', 'spec'],
    // The settings the suite compiles with (tsconfig.mocha.json: target ES2015, legacy class fields), in
    // the tsconfig.json flatten-classes reads; without the SWC transpiler rxjs's own config names.
    files: {
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          strict: true, moduleResolution: 'node', lib: ['esnext', 'dom'], target: 'ES2015', module: 'commonjs', baseUrl: '.',
          paths: { rxjs: ['./src/index'], 'rxjs/operators': ['./src/operators/index'], 'rxjs/testing': ['./src/testing/index'], 'rxjs/ajax': ['./src/ajax/index'], 'rxjs/webSocket': ['./src/webSocket/index'], 'rxjs/fetch': ['./src/fetch/index'], 'rxjs/internal/*': ['./src/internal/*'] },
        },
        'ts-node': { transpileOnly: true },
      }),
    },
    // skipUntil's timing tests throw after their test ended under load, which stops mocha.
    mocha: ['--config', 'spec/support/.mocharc.js', '--ignore', 'spec/operators/skipUntil-spec.ts', 'spec/**/*-spec.ts'],
    env: { TS_NODE_PROJECT: 'tsconfig.json' },
  },
  {
    name: 'luxon',
    version: '3.7.2',
    // `Zone` → `FixedOffsetZone`/`IANAZone`/`SystemZone`/`InvalidZone` (abstract getters that throw,
    // overridden by getters; statics), `LuxonError` → 8 error classes; the tests declare a `Zone`
    // subclass of their own and import src/ relatively: both trees are flattened together.
    sources: [{ repo: 'moment/luxon', ref: '3.7.2', paths: ['package.json', 'babel.config.js', 'jest.config.js', 'src', 'test'] }],
    devDependencies: ['jest@29.7.0', 'babel-jest@29.7.0', '@babel/core@7.26.0', '@babel/preset-env@7.26.0'],
    trees: ['src', 'test'],
    // luxon's own jest config (babel-jest); its scripts/test sets the zone and the locale. Its Babel
    // config (preset-env, no targets) lowers classes to ES5 functions, which would test Babel's class
    // transform of the mirror rather than the mirror: preset-env targets this Node, so classes,
    // accessors, `#private` and static blocks run natively.
    files: { 'babel.config.js': "module.exports = { presets: [['@babel/preset-env', { targets: { node: 'current' } }]] };\n" },
    jestConfig: 'jest.config.js',
    env: { TZ: 'America/New_York', LANG: 'en_US.utf8' },
  },
  {
    name: 'domhandler',
    version: '5.0.3',
    // `Node` → `DataNode` → `Text`/`Comment`/`ProcessingInstruction`, `Node` → `NodeWithChildren` →
    // `Element`/`Document`/`CDATA` (getter/setter aliases: `parentNode`, `nodeValue`, `childNodes` …;
    // `nodeType` getters per subclass); the tests build trees with htmlparser2 through the handler.
    sources: [{ repo: 'fb55/domhandler', ref: 'v5.0.3', paths: ['package.json', 'src'] }],
    devDependencies: ['jest@29.7.0', 'ts-jest@29.1.1', 'typescript@4.9.5', 'htmlparser2@8.0.1', 'domelementtype@2.3.0', '@types/jest@29.5.14', '@types/node@20.17.6'],
    src: 'src',
    // domhandler's tsconfig (strict, commonjs) with target ES2015 instead of ES5: the mirror's super
    // targets are `#private` methods, which TypeScript compiles from ES2015 on. Below ES2022 without
    // useDefineForClassFields, as with ES5, class fields keep their legacy (assignment) semantics.
    // ts-jest compiles without type checks, as zod's does; tsc compares the types separately.
    files: {
      'tsconfig.json': JSON.stringify({
        compilerOptions: { target: 'ES2015', module: 'commonjs', strict: true, noUnusedLocals: true, noUnusedParameters: true, noImplicitReturns: true, noFallthroughCasesInSwitch: true, esModuleInterop: true, moduleResolution: 'node', resolveJsonModule: true, types: ['node', 'jest'] },
        include: ['src'],
      }),
      'jest.conform.config.json': JSON.stringify({
        rootDir: '.',
        testEnvironment: 'node',
        transform: { '^.+\\.tsx?$': ['ts-jest', { isolatedModules: true }] },
        testRegex: 'src/.*\\.spec\\.ts$',
        moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
        // The inline snapshots are in Jest 27's format (\`Array [\`).
        snapshotFormat: { printBasicPrototype: true, escapeString: true },
      }),
    },
    jestConfig: 'jest.conform.config.json',
    tsc: ['--noEmit', '-p', '.'],
  },
  {
    name: 'ohm-js',
    version: '17.2.1',
    // `PExpr` → 17 expression classes (`Alt` → `Extend`/`Splice`, `Iter` → `Star`/`Plus`/`Opt`, …),
    // `Node` → 3 CST node classes, `Operation` → `Attribute`, `InputStream` →
    // `InputStreamWithIndentation`. Every operation on expressions is added from another file to the
    // ancestors' prototypes (`pexprs.PExpr.prototype.eval = …`, `pexprs.Iter.prototype.eval = …`), which
    // flattened subclasses no longer see (`prototype-patched`): the 'flattened' runs show that, and the
    // 'keep-patched' runs leave every class below a patch as it is (--keep-patched) to check the others.
    // ohm's tests (ava, ESM) import `../index.mjs` relatively: the package is flattened as one tree;
    // examples/ is beside it (test/examples imports examples/prettyPrint.mjs, which imports the package).
    sources: [{ repo: 'ohmjs/ohm', ref: 'v17.2.1', paths: ['package.json', 'packages/ohm-js', 'examples'] }],
    devDependencies: ['ava@6.4.1', 'ava-spec@1.1.1', 'dedent@0.7.0', 'jsdom@9.12.0', 'walk-sync@2.2.0'],
    src: 'packages/ohm-js',
    ava: { cwd: 'packages/ohm-js' },
    runs: [
      ['flattened', []],
      ['flattened-pi', ['--preserve-instanceof']],
      ['keep-patched', ['--keep-patched']],
      ['keep-patched-pi', ['--keep-patched', '--preserve-instanceof']],
    ],
  },
  {
    name: 'yjs',
    version: '13.6.31',
    // `AbstractType` → `YArray`/`YMap`/`YText`/`YXmlFragment` → `YXmlElement`, `YText` → `YXmlText`;
    // `AbstractStruct` → `Item`/`GC`/`Skip`; `YEvent` → 4 event classes; the update encoders and
    // decoders; the tests' own `TestYInstance extends Y.Doc` (`Doc` extends lib0's `ObservableV2`). Plain
    // ES modules run natively (yjs's own script bundles them with rollup first); the tests import src/
    // relatively: both trees are flattened together.
    sources: [{ repo: 'yjs/yjs', ref: 'v13.6.31', paths: ['package.json', 'src', 'tests'] }],
    // y-protocols imports 'yjs': a local package that re-exports src/ (rollup.config.js resolves 'yjs'
    // to src/index.js the same way), so the tests and y-protocols share one copy, the swapped-in one.
    // (written after the install: npm cannot install a folder with --no-save).
    devDependencies: ['lib0@0.2.99', 'y-protocols@1.0.6'],
    trees: ['src', 'tests'],
    files: { 'package.json': JSON.stringify({ name: 'yjs-conform', private: true, type: 'module' }) },
    installedFiles: {
      'node_modules/yjs/package.json': JSON.stringify({ name: 'yjs', version: '13.6.31', type: 'module', exports: './index.js' }),
      'node_modules/yjs/index.js': "export * from '../../src/index.js'\n",
    },
    // lib0/testing, as yjs's `npm test` runs it (NODE_ENV=development, --repetition-time 50), with a
    // fixed seed: the randomized tests replay the same operations on every run.
    lib0: ['tests/index.js', '--repetition-time', '50', '--seed', '1'],
    env: { NODE_ENV: 'development' },
  },
  {
    name: 'undici',
    version: '7.29.0',
    // `Dispatcher` (extends node:events' `EventEmitter`) → `DispatcherBase` → `Client` → `H2CClient`/
    // `MockClient`, `PoolBase` → `Pool` → `MockPool`, `BalancedPool`, `RoundRobinPool`, `Agent`,
    // `ProxyAgent`, `EnvHttpProxyAgent` …; `MockAgent` → `SnapshotAgent`; `UndiciError` → 23 error
    // classes, each with its own `static [Symbol.hasInstance]` testing a getter brand; `DecoratorHandler`
    // → 4 interceptor handlers; the tests' own `Dispatcher` and `Agent` subclasses. CommonJS, no build
    // step. index.js adds the request API to the root afterwards (`Object.assign(Dispatcher.prototype,
    // api)`), which flattened dispatchers no longer see (`prototype-patched`): the 'flattened' runs show
    // that, and the 'no-dispatcher' runs leave the `Dispatcher` family as it is (a config's `ignore`)
    // to check the errors and handlers. The tests require '..' and lib/ relatively: index.js, lib/ and
    // test/ are flattened together.
    sources: [{ repo: 'nodejs/undici', ref: 'v7.29.0', paths: ['package.json', 'index.js', 'index-fetch.js', 'lib', 'test', 'docs/examples'] }],
    devDependencies: ['@matteo.collina/tspl@0.2.0', '@metcoder95/https-pem@1.0.0', '@sinonjs/fake-timers@12.0.0', 'proxy@2.2.0', 'node-forge@1.3.1', 'abort-controller@3.0.0', 'dns-packet@5.6.1', '@fastify/busboy@3.2.0', 'ws@8.18.3'],
    // undici's `npm run generate-pem`: a self-signed certificate for the TLS tests.
    setup: [['node_modules/@metcoder95/https-pem/install.js']],
    trees: ['index.js', 'index-fetch.js', 'lib', 'test'],
    files: { 'flatten-no-dispatcher.json': JSON.stringify({ classes: Object.fromEntries(UNDICI_DISPATCHERS.map((c) => [c, { ignore: true }])) }) },
    // node:test as undici's `test:unit` runs it (borp wraps it), on the files of test/, test/node-test/
    // and test/interceptors/ (1,700 tests); not TLS against real hosts (tls.js), the package's bundle or
    // install (esm-wrapper.js, install.js, *-nodejs-bundle.js), nor the two 60 s downloads (issue-803,
    // issue-4880). Run without a network but loopback (`unshare -rn`) where the system allows it.
    // --test-force-exit: a file whose tests all ended exits though its servers are still open (the
    // mirror's failing tests leave them open: each file would wait for its timeout); the slowest test
    // of the original takes 12 s.
    nodeTest: {
      dirs: ['test', 'test/node-test', 'test/interceptors'],
      exclude: ['test/tls.js', 'test/install.js', 'test/esm-wrapper.js', 'test/env-http-proxy-agent-nodejs-bundle.js', 'test/issue-803.js', 'test/issue-4880.js'],
      args: ['--expose-gc', '--test-force-exit', '--test-concurrency=2', '--test-timeout=20000'],
      offline: true,
    },
    runs: [
      ['flattened', []],
      ['flattened-pi', ['--preserve-instanceof']],
      ['no-dispatcher', ['--config', 'project/flatten-no-dispatcher.json']],
      ['no-dispatcher-pi', ['--config', 'project/flatten-no-dispatcher.json', '--preserve-instanceof']],
    ],
  },
];

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : null;

function sh(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  if (r.error) throw r.error;
  return r;
}
function must(cmd, argv, opts = {}) {
  const r = sh(cmd, argv, opts);
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r;
}
const log = (s) => process.stderr.write(`[conform] ${s}\n`);

/** A git directory holding `ref`: a local mirror, or a shallow fetch from GitHub into the cache. */
function gitDirFor(repo, ref) {
  const key = repo.replace('/', '+');
  for (const base of (process.env.CONFORM_GIT_MIRRORS ?? '').split(path.delimiter).filter(Boolean)) {
    for (const dir of [path.join(base, key, 'repo'), path.join(base, key)]) {
      if (existsSync(dir) && sh('git', ['--git-dir', dir, 'cat-file', '-e', `${ref}^{commit}`]).status === 0) return { dir, ref };
    }
  }
  const dir = path.join(CACHE, 'git', key);
  if (!existsSync(dir)) must('git', ['init', '--bare', '-q', dir]);
  if (sh('git', ['--git-dir', dir, 'cat-file', '-e', `${ref}^{commit}`]).status !== 0) {
    log(`fetching ${repo} ${ref} from GitHub`);
    const spec = /^[0-9a-f]{40}$/.test(ref) ? ref : `refs/tags/${ref}:refs/tags/${ref}`;
    must('git', ['--git-dir', dir, 'fetch', '-q', '--depth', '1', `https://github.com/${repo}.git`, spec]);
  }
  return { dir, ref };
}

/** Extracts `paths` (default: everything) of repo@ref into dest/into. */
function extract({ repo, ref, paths = [], into = '.' }, dest) {
  const { dir } = gitDirFor(repo, ref);
  const target = path.join(dest, into);
  mkdirSync(target, { recursive: true });
  const archive = must('git', ['--git-dir', dir, 'archive', '--format=tar', ref, ...paths], { encoding: 'buffer' });
  must('tar', ['x', '-C', target], { input: archive.stdout });
}

/** .cache/conform/<name>/{project, original} ready: sources, the test's dependencies, a pristine copy of src. */
function prepare(p) {
  // The real path: jest reports test files by theirs (.cache may be a link).
  const home = path.join(realpathSync(CACHE), `${p.name}-${p.version}`);
  const project = path.join(home, 'project');
  const original = path.join(home, 'original');
  const stamp = path.join(home, 'ready.json');
  const want = JSON.stringify({ sources: p.sources, devDependencies: p.devDependencies, files: p.files ?? {}, ...(p.installedFiles ? { installedFiles: p.installedFiles } : {}) });
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) {
    besideInputs(project, original);
    return { home, project, original };
  }
  rmSync(home, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  for (const s of p.sources) extract(s, project);
  // Only what the tests need, not the project's whole development setup (linters, bundlers, husky).
  writeFileSync(path.join(project, 'package.orig.json'), readFileSync(path.join(project, 'package.json')));
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: `${p.name}-conform`, private: true }));
  for (const [rel, text] of Object.entries(p.files ?? {})) {
    mkdirSync(path.dirname(path.join(project, rel)), { recursive: true });
    writeFileSync(path.join(project, rel), text);
  }
  log(`installing ${p.name}'s test dependencies`);
  must('npm', ['install', '--no-save', '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund', ...p.devDependencies], { cwd: project });
  for (const [rel, text] of Object.entries(p.installedFiles ?? {})) {
    mkdirSync(path.dirname(path.join(project, rel)), { recursive: true });
    writeFileSync(path.join(project, rel), text);
  }
  for (const argv of p.setup ?? []) must(process.execPath, argv, { cwd: project });
  for (const tree of treesOf(p)) cpSync(path.join(project, tree), path.join(original, tree), { recursive: true });
  writeFileSync(stamp, want);
  besideInputs(project, original);
  return { home, project, original };
}

/** The folders that are flattened (together) and swapped for their mirror. */
const treesOf = (p) => p.trees ?? [p.src];

/** The project's tsconfig.json beside the flattened trees: the resolver and the class-field semantics read it, as in the user's own project. */
function besideInputs(project, original) {
  if (existsSync(path.join(project, 'tsconfig.json'))) cpSync(path.join(project, 'tsconfig.json'), path.join(original, 'tsconfig.json'));
}

/** Puts `from`'s trees in place of the project's; a mirror over the original (its files that are not sources stay). */
function swapIn(p, project, from, original) {
  for (const tree of treesOf(p)) {
    rmSync(path.join(project, tree), { recursive: true, force: true });
    if (from !== original) cpSync(path.join(original, tree), path.join(project, tree), { recursive: true });
    cpSync(path.join(from, tree), path.join(project, tree), { recursive: true });
  }
}

/** Test outcomes by "file :: full name" from mocha's JSON reporter. */
function runMocha(p, project, label) {
  log(`${p.name}: mocha on the ${label} sources`);
  const r = sh(process.execPath, [path.join(project, 'node_modules/mocha/bin/mocha'), ...p.mocha, '--reporter', 'json'], { cwd: project, env: { ...process.env, ...p.env } });
  writeFileSync(path.join(project, '..', `mocha-${label}.log`), r.stderr);
  let json;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    throw new Error(`mocha wrote no results (${label}):\n${r.stderr.slice(-3000)}`);
  }
  const tests = new Map();
  const status = new Map([...json.passes.map((t) => [t, 'passed']), ...json.failures.map((t) => [t, 'failed']), ...json.pending.map((t) => [t, 'pending'])]);
  for (const [t, st] of status) {
    let key = `${path.relative(project, t.file ?? '')} :: ${t.fullTitle}`;
    for (let n = 2; tests.has(key); n++) key = `${path.relative(project, t.file ?? '')} :: ${t.fullTitle} #${n}`;
    tests.set(key, st);
  }
  return tests;
}

/**
 * Test outcomes by "file title :: test title" from ava's TAP reporter (ava names a test
 * "<file title> › <title>"; titles are unique per file). A test file that crashes before its tests
 * run leaves them "missing" and adds an "(uncaught) <error>" entry, as failed.
 */
function runAva(p, project, label) {
  log(`${p.name}: ava on the ${label} sources`);
  const cwd = path.join(project, p.ava.cwd);
  const r = sh(process.execPath, [path.join(project, 'node_modules/ava/entrypoints/cli.mjs'), '--tap', '--concurrency', '2', ...(p.ava.args ?? [])], { cwd, env: { ...process.env, ...p.env } });
  writeFileSync(path.join(project, '..', `ava-${label}.log`), r.stdout + r.stderr);
  const tests = new Map();
  for (const line of r.stdout.split('\n')) {
    const m = /^(not ok|ok) \d+ - (.*?)(?: # (SKIP|TODO)\b.*)?$/.exec(line);
    if (!m) continue;
    const status = m[3] === 'SKIP' ? 'skipped' : m[3] === 'TODO' ? 'todo' : m[1] === 'ok' ? 'passed' : 'failed';
    const name = m[2].includes(' › ') ? m[2].replace(' › ', ' :: ') : `(uncaught) ${m[2]}`;
    let key = name;
    for (let n = 2; tests.has(key); n++) key = `${name} #${n}`;
    tests.set(key, status);
  }
  if (tests.size === 0) throw new Error(`ava wrote no results (${label}):\n${(r.stdout + r.stderr).slice(-3000)}`);
  return tests;
}

/**
 * Test outcomes by "file :: module: name" from lib0/testing's output. It prints each test's header
 * (`[i/N] module: name`) and then, at the start of a line, `Success: name`, `Failure: name` or
 * `Skipped: name` (a SkipError; lib0 counts it as a success). A header with no outcome of its name
 * after it (the process died in the test) is failed, and so is a run with no closing line: then every
 * test it did not reach is missing.
 */
function runLib0(p, project, label) {
  log(`${p.name}: lib0/testing on the ${label} sources`);
  const r = sh(process.execPath, p.lib0, { cwd: project, env: { ...process.env, ...p.env } });
  const out = (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*m/g, '');
  writeFileSync(path.join(project, '..', `lib0-${label}.log`), out);
  const file = p.lib0[0];
  const tests = new Map();
  let current = null;
  let total = null;
  const close = (status) => {
    let key = `${file} :: ${current.module}: ${current.name}`;
    for (let n = 2; tests.has(key); n++) key = `${file} :: ${current.module}: ${current.name} #${n}`;
    tests.set(key, status);
    current = null;
  };
  for (const line of out.split('\n')) {
    const head = /^\[(\d+)\/(\d+)\] ([^:]+): (.*)$/.exec(line);
    if (head) {
      if (current) close('failed');
      current = { module: head[3], name: head[4] };
      total = Number(head[2]);
      continue;
    }
    const end = /^(Success|Failure|Skipped): (.*)$/.exec(line);
    if (current && end && (end[2] === current.name || end[2].startsWith(`${current.name} `))) {
      close(end[1] === 'Success' ? 'passed' : end[1] === 'Skipped' ? 'skipped' : 'failed');
    }
  }
  if (current) close('failed');
  const finished = /^(All tests successful!|> \d+ tests? failed)/m.test(out);
  if (!finished || total === null || tests.size !== total) tests.set(`${file} :: (run: ${tests.size} of ${total ?? '?'} tests reported, exit ${r.status})`, 'failed');
  if (tests.size === 0) throw new Error(`lib0/testing wrote no results (${label}):\n${out.slice(-3000)}`);
  return tests;
}

/**
 * node:test's reporter for runNodeTest: a line per test, "status<TAB>file :: parent > … > name". A test's
 * result comes after its subtests' (same file, in order), so the subtests still waiting at nesting n + 1
 * get its name as their parent's.
 */
const NODE_TEST_REPORTER = `export default async function* reporter(source) {
  const pending = new Map();
  const line = (file, e) => e.status + '\\t' + file + ' :: ' + e.names.join(' > ') + '\\n';
  for await (const ev of source) {
    if (ev.type !== 'test:pass' && ev.type !== 'test:fail') continue;
    const d = ev.data, file = d.file ?? '?', n = d.nesting;
    const list = pending.get(file) ?? [];
    pending.set(file, list);
    for (const e of list) if (e.top === n + 1) { e.names.unshift(d.name); e.top = n; }
    const status = d.skip !== undefined && d.skip !== false ? 'skipped' : d.todo !== undefined && d.todo !== false ? 'todo'
      : ev.type === 'test:pass' ? 'passed' : d.details?.error?.failureType === 'cancelledByParent' ? 'cancelled' : 'failed';
    list.push({ names: [d.name], top: n, status });
    if (n === 0) { for (const e of list) yield line(file, e); list.length = 0; }
  }
  for (const [file, list] of pending) for (const e of list) yield line(file, e);
}
`;

/**
 * Test outcomes by "file :: parent > … > name" from `node --test` (node:test), with NODE_TEST_REPORTER.
 * `offline`: in a network namespace with only loopback (`unshare -rn`), where the system allows it.
 */
function runNodeTest(p, project, label) {
  log(`${p.name}: node --test on the ${label} sources`);
  const { dirs, exclude = [], args = [], offline } = p.nodeTest;
  const reporter = path.join(project, '..', 'node-test-reporter.mjs');
  writeFileSync(reporter, NODE_TEST_REPORTER);
  const files = dirs.flatMap((d) => readdirSync(path.join(project, d)).filter((f) => f.endsWith('.js')).map((f) => `${d}/${f}`)).filter((f) => !exclude.includes(f)).sort();
  const argv = [process.execPath, ...args, '--test', `--test-reporter=${reporter}`, ...files];
  const sandboxed = offline && sh('unshare', ['-rn', 'true']).status === 0;
  const r = sandboxed
    ? sh('unshare', ['-rn', 'sh', '-c', 'ip link set lo up 2>/dev/null || ifconfig lo up 2>/dev/null; exec "$@"', 'sh', ...argv], { cwd: project, env: { ...process.env, ...p.env } })
    : sh(argv[0], argv.slice(1), { cwd: project, env: { ...process.env, ...p.env } });
  writeFileSync(path.join(project, '..', `node-test-${label}.log`), r.stdout + r.stderr);
  const tests = new Map();
  for (const row of r.stdout.split('\n')) {
    const m = /^(passed|failed|skipped|todo|cancelled)\t(.*)$/.exec(row);
    if (!m) continue;
    // (a file that fails outside its tests is named by its path)
    const name = m[2].split(project + path.sep).join('');
    let key = name;
    for (let n = 2; tests.has(key); n++) key = `${name} #${n}`;
    tests.set(key, m[1] === 'cancelled' ? 'failed' : m[1]);
  }
  if (tests.size === 0) throw new Error(`node --test wrote no results (${label}):\n${(r.stdout + r.stderr).slice(-3000)}`);
  return tests;
}

const runTests = (p, project, label) => (p.nodeTest ? runNodeTest(p, project, label) : p.lib0 ? runLib0(p, project, label) : p.mocha ? runMocha(p, project, label) : p.ava ? runAva(p, project, label) : runJest(p, project, label));

/** Test outcomes by "file :: full name"; a suite that failed to run counts as one failed entry. */
function runJest(p, project, label) {
  const out = path.join(project, '..', `jest-${label}.json`);
  rmSync(out, { force: true });
  log(`${p.name}: jest on the ${label} sources`);
  const r = sh(process.execPath, [path.join(project, 'node_modules/jest/bin/jest.js'), '--config', p.jestConfig, '--json', '--outputFile', out, '--silent'], { cwd: project, env: { ...process.env, ...p.env } });
  writeFileSync(path.join(project, '..', `jest-${label}.log`), r.stdout + r.stderr);
  if (!existsSync(out)) throw new Error(`jest wrote no results (${label}):\n${r.stderr.slice(-3000)}`);
  const json = JSON.parse(readFileSync(out, 'utf8'));
  const tests = new Map();
  for (const suite of json.testResults) {
    const file = path.relative(project, realpathSync(suite.name));
    if (suite.assertionResults.length === 0) tests.set(`${file} :: (suite)`, suite.status === 'failed' ? 'failed' : 'passed');
    // Tests may share a name within a file: the second is "name #2", and so on.
    for (const a of suite.assertionResults) {
      let key = `${file} :: ${a.fullName}`;
      for (let n = 2; tests.has(key); n++) key = `${file} :: ${a.fullName} #${n}`;
      tests.set(key, a.status);
    }
  }
  return tests;
}

/** tsc errors as "file: TSnnnn message" (no line: the mirror's lines differ), with counts. */
function runTsc(p, project, label) {
  if (!p.tsc) return null;
  log(`${p.name}: tsc on the ${label} sources`);
  const r = sh(process.execPath, [path.join(project, 'node_modules/typescript/bin/tsc'), ...p.tsc, '--pretty', 'false'], { cwd: project });
  const errors = new Map();
  for (const line of r.stdout.split('\n')) {
    const m = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
    if (!m) continue;
    const key = `${m[1]}: ${m[4]} ${m[5]}`;
    errors.set(key, [...(errors.get(key) ?? []), `${m[1]}:${m[2]}:${m[3]}`]);
  }
  return errors;
}

function flattenInto(p, home, label, extra) {
  const out = path.join(home, label);
  const report = path.join(home, `report-${label}.json`);
  rmSync(out, { recursive: true, force: true });
  log(`${p.name}: flatten-classes ${extra.join(' ')}`);
  // One tree: its own mirror (as zod's and yaml's ran); several: the folder holding them, flattened together.
  const [input, output] = treesOf(p).length === 1 ? [path.join('original', p.src), path.join(label, p.src)] : ['original', label];
  const r = sh(process.execPath, [CLI, input, '--out-dir', output, '--report', 'json', '--report-file', report, ...extra], { cwd: home });
  if (r.status !== 0) throw new Error(`flatten-classes exited ${r.status}:\n${r.stderr}`);
  return { dir: out, report: JSON.parse(readFileSync(report, 'utf8')) };
}

const count = (tests, status) => [...tests.values()].filter((s) => s === status).length;
function changed(base, other) {
  const out = [];
  for (const [k, v] of base) if (other.get(k) !== v) out.push(`${v} -> ${other.get(k) ?? 'missing'}  ${k}`);
  for (const k of other.keys()) if (!base.has(k)) out.push(`new: ${other.get(k)}  ${k}`);
  return out;
}

if (!existsSync(CLI) || !existsSync(path.join(ROOT, 'dist'))) {
  console.error('Build first: npm run build');
  process.exit(2);
}
mkdirSync(CACHE, { recursive: true });
const rows = [];
const details = [];
for (const p of PROJECTS) {
  if (only && p.name !== only) continue;
  const { home, project, original } = prepare(p);
  try {
    swapIn(p, project, original, original);
    const base = runTests(p, project, 'original');
    const baseTsc = runTsc(p, project, 'original');
    rows.push({ project: `${p.name} ${p.version}`, run: 'original', tests: base, classes: '', diags: '', changed: '' });
    for (const [label, extra] of p.runs ?? [['flattened', []], ['flattened-pi', ['--preserve-instanceof']]]) {
      const { dir, report } = flattenInto(p, home, label, extra);
      swapIn(p, project, dir, original);
      const tests = runTests(p, project, label);
      const tsc = runTsc(p, project, label);
      const diff = changed(base, tests);
      const s = report.summary;
      const codes = {};
      for (const d of report.diagnostics) codes[`${d.severity} ${d.code}`] = (codes[`${d.severity} ${d.code}`] ?? 0) + 1;
      rows.push({ project: `${p.name} ${p.version}`, run: label, tests, classes: String(s.classesFlattened), diags: `${s.errors}/${s.warnings}/${s.infos}`, changed: String(diff.length) });
      const newTsc = tsc && baseTsc ? [...tsc.entries()].filter(([k]) => !baseTsc.has(k)) : [];
      details.push({ title: `${p.name} ${p.version}, ${label}`, diff, codes, newTsc, tscCounts: tsc && baseTsc ? [count1(baseTsc), count1(tsc)] : null,
        warnings: report.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.severity} ${d.code} ${d.file}:${d.line}:${d.column}`) });
    }
  } finally {
    swapIn(p, project, original, original);
  }
}
function count1(errors) {
  let n = 0;
  for (const v of errors.values()) n += v.length;
  return n;
}

const header = ['project', 'run', 'passed', 'failed', 'skipped', 'changed vs original', 'classes flattened', 'diagnostics e/w/i'];
const table = [header, ...rows.map((r) => [r.project, r.run, String(count(r.tests, 'passed')), String(count(r.tests, 'failed')), String(count(r.tests, 'pending') + count(r.tests, 'skipped') + count(r.tests, 'todo')), r.changed, r.classes, r.diags])];
const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
console.log(table.map((row) => row.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n'));
for (const d of details) {
  console.log(`\n## ${d.title}`);
  console.log(`diagnostics: ${Object.entries(d.codes).map(([k, v]) => `${k} ×${v}`).join(', ') || 'none'}`);
  // (rxjs's tests alone have about 11,000 ts-subtype-use places: the counts above say it.)
  if (d.warnings.length <= 300) for (const w of d.warnings) console.log(`  ${w}`);
  else for (const w of d.warnings.filter((x) => !/ ts-subtype-use /.test(x))) console.log(`  ${w}`);
  if (d.tscCounts) console.log(`tsc errors: original ${d.tscCounts[0]}, mirror ${d.tscCounts[1]}${d.newTsc.length ? '; only in the mirror:' : ''}`);
  for (const [k, places] of d.newTsc) console.log(`  ${k}  (${places.join(', ')})`);
  console.log(`tests that changed outcome: ${d.diff.length}`);
  for (const line of d.diff) console.log(`  ${line}`);
}

