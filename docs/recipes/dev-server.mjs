// dev-server.mjs: flatten-classes --watch next to a dev server that serves the mirror.
//
//   node dev-server.mjs npx vite flat
//
// The dev server starts once the first build has written flat/ (with source maps, so the browser's
// debugger shows your own files), then every save rebuilds what it changes. Ctrl-C stops both, and so
// does either one exiting.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const server = process.argv.slice(2);
if (server.length === 0) {
  console.error('usage: node dev-server.mjs <dev server command...>');
  process.exit(2);
}
// The installed package's CLI, run with this Node.
const cli = fileURLToPath(new URL('bin/flatten-classes.js', import.meta.resolve('flatten-classes/package.json')));
const watch = spawn(process.execPath, [cli, 'src', '--out-dir', 'flat', '--source-maps', '--watch'], { stdio: ['ignore', 'pipe', 'inherit'] });

let dev = null;
let firstBuild = '';
const stop = (code) => {
  process.exitCode ??= code;
  watch.kill('SIGTERM');
  dev?.kill('SIGTERM');
};
watch.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (dev) return;
  firstBuild += chunk;
  if (!firstBuild.includes('Watching for changes')) return;
  dev = spawn(server[0], server.slice(1), { stdio: 'inherit', shell: process.platform === 'win32' });
  dev.on('exit', (code) => stop(code ?? 0));
});
watch.on('exit', (code) => stop(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));
