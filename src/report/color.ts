// Whether to colour output written to a stream.

/**
 * NO_COLOR (any non-empty value) turns colour off; FORCE_COLOR turns it on ('0' and 'false' turn it off);
 * otherwise colour is on for a TTY whose TERM is not 'dumb'.
 */
export function shouldUseColor(
  stream: { isTTY?: boolean } | undefined,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.TERM === 'dumb') return false;
  return stream?.isTTY === true;
}
