// A small pool of forked child processes that run one job at a time over IPC, each with a time limit:
// a child that overruns it or dies is killed and replaced. Used by the conformance runners
// (scripts/test262.mjs, scripts/babel-exec.mjs) with scripts/test262-child.mjs, which answers each
// job `{ id, … }` with `{ id, outcome }`.
import { fork } from 'node:child_process';

export class ChildPool {
  /**
   * @param {string} script the child's module
   * @param {number} size at most this many children at once
   * @param {number} killMs a job's time limit, after which its child is killed
   */
  constructor(script, size, killMs) {
    this.script = script;
    this.size = size;
    this.killMs = killMs;
    this.idle = [];
    this.waiting = [];
    this.count = 0;
  }
  spawn() {
    const child = fork(this.script, [], { execArgv: ['--experimental-vm-modules', '--no-warnings', '--stack-size=2000'], stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    this.count++;
    return child;
  }
  async take() {
    if (this.idle.length) return this.idle.pop();
    if (this.count < this.size) return this.spawn();
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  give(child) {
    const next = this.waiting.shift();
    if (next) next(child);
    else this.idle.push(child);
  }
  lost() {
    this.count--;
    const next = this.waiting.shift();
    if (next) next(this.spawn());
  }
  /** Run one job; resolves with the child's outcome string (or why there is none). */
  async run(job) {
    const child = await this.take();
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome, dead) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        child.removeAllListeners('message');
        child.removeAllListeners('exit');
        if (dead) {
          child.kill('SIGKILL');
          this.lost();
        } else this.give(child);
        resolve(outcome);
      };
      const timer = setTimeout(() => finish('killed (time limit)', true), this.killMs);
      child.on('message', (m) => m.id === job.id && finish(m.outcome, false));
      child.on('exit', (code, signal) => finish(`runner died (${signal ?? code})`, true));
      child.send(job);
    });
  }
  close() {
    for (const c of this.idle) c.kill();
  }
}
