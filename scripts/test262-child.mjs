// The conformance runners' child process (scripts/test262.mjs and scripts/babel-exec.mjs start a few
// through scripts/lib/child-pool.mjs; not meant to be run by hand). It receives one test run at a time
// over IPC, runs it in a fresh node:vm context with the harness files the test asks for (and a small
// $262 host object), and sends back the outcome as a string: "pass", "async-complete", "throw
// <ErrorName>: <message>", "parse SyntaxError: <message>", "async-failure <ErrorName>: <message>",
// "async-timeout". Needs --experimental-vm-modules (module tests).
// A job with `host: true` also gets the host's console, timers, process and a require() for its file
// (Babel's exec tests run with those); with `awaitResult: true`, a thenable left in the context's
// `__execResult` is awaited: its rejection is "async-failure …".
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

const SYNC_TIMEOUT_MS = 5000;
const ASYNC_TIMEOUT_MS = 3000;
// A rejection nobody handles inside a test must not end this process.
process.on('unhandledRejection', () => {});

const harnessCache = new Map();
function harnessScript(harnessDir, name) {
  const file = path.join(harnessDir, name);
  let script = harnessCache.get(file);
  if (!script) {
    script = new vm.Script(readFileSync(file, 'utf8'), { filename: file });
    harnessCache.set(file, script);
  }
  return script;
}

/** The error a value stands for, as "<Name>: <message>" (constructor name: realm-independent). */
function describe(value) {
  try {
    if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
      const name = value.constructor?.name ?? 'Object';
      return `${name}: ${String(value.message ?? '')}`;
    }
    return `${typeof value}: ${String(value)}`;
  } catch {
    return 'unprintable';
  }
}

/** A new realm with the $262 host object the harness and tests expect, and `print`. */
function newRealm(printed) {
  const context = vm.createContext({});
  const global = vm.runInContext('this', context);
  const host = {
    global,
    createRealm: () => newRealm(printed).host,
    evalScript: (src) => new vm.Script(String(src)).runInContext(context),
    detachArrayBuffer: (buffer) => structuredClone(buffer, { transfer: [buffer] }) && null,
    gc: () => {},
    agent: {},
  };
  global.$262 = host;
  global.print = (msg) => printed.push(String(msg));
  return { context, global, host };
}

async function run(job) {
  const printed = [];
  const { context, global } = newRealm(printed);
  if (job.host) {
    Object.assign(global, { console, setTimeout, clearTimeout, setImmediate, clearImmediate, process, require: createRequire(job.file), global });
  }
  const timeout = SYNC_TIMEOUT_MS;
  try {
    if (!job.raw) {
      for (const name of job.includes) harnessScript(job.harnessDir, name).runInContext(context, { timeout });
    }
  } catch (e) {
    return `harness-error ${describe(e)}`;
  }
  if (job.module) {
    let mod;
    try {
      mod = new vm.SourceTextModule(job.code, { context, identifier: job.file });
    } catch (e) {
      return `parse ${describe(e)}`;
    }
    try {
      const loaded = new Map([[job.file, mod]]);
      await mod.link(async (specifier, referencing) => {
        const target = path.resolve(path.dirname(referencing.identifier), specifier);
        if (!loaded.has(target)) loaded.set(target, new vm.SourceTextModule(readFileSync(target, 'utf8'), { context, identifier: target }));
        return loaded.get(target);
      });
    } catch (e) {
      return `link ${describe(e)}`;
    }
    try {
      await Promise.race([mod.evaluate({ timeout }), timeoutAfter(ASYNC_TIMEOUT_MS, 'module evaluation timed out')]);
    } catch (e) {
      return `throw ${describe(e)}`;
    }
  } else {
    let script;
    try {
      script = new vm.Script(job.code, { filename: job.file });
    } catch (e) {
      return `parse ${describe(e)}`;
    }
    try {
      script.runInContext(context, { timeout });
    } catch (e) {
      return `throw ${describe(e)}`;
    }
  }
  if (job.awaitResult) {
    const result = global.__execResult;
    if (result && typeof result.then === 'function') {
      try {
        await Promise.race([result, timeoutAfter(ASYNC_TIMEOUT_MS, 'the returned promise did not settle')]);
      } catch (e) {
        return `async-failure ${describe(e)}`;
      }
    }
  }
  if (!job.async) return 'pass';
  const deadline = Date.now() + ASYNC_TIMEOUT_MS;
  for (;;) {
    const done = printed.find((line) => line.startsWith('Test262:Async'));
    if (done === 'Test262:AsyncTestComplete') return 'async-complete';
    if (done) return `async-failure ${done.slice('Test262:AsyncTestFailure:'.length)}`;
    if (Date.now() > deadline) return 'async-timeout';
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function timeoutAfter(ms, message) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref());
}

process.on('message', async (job) => {
  let outcome;
  try {
    outcome = await run(job);
  } catch (e) {
    outcome = `runner-error ${describe(e)}`;
  }
  process.send({ id: job.id, outcome });
});
