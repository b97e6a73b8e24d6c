import { describe, it } from 'vitest';
import { expectEquivalent } from '../helpers/equivalence.js';

// Copied code names what it used through another spelling where its own name does not reach
// (src/flatten/hygiene.ts): an import, `require("./m").x_`, a same-file alias call `x_ref()`.
// The spelling must parse the same in every position the name was in.
// (CommonJS spellings: test/equivalence/commonjs.test.ts.)

const main = (code: string) => ({ 'src/main.js': code });

describe('names spelled differently in copied code', () => {
  it('new X(…) in copied code, X shadowed where the copy lands (spelled through a same-file alias call)', async () => {
    await expectEquivalent(main(`
class Part { constructor(v) { this.v = v; } }
class Base { make(v) { return new Part(v); } }
function build() {
  const Part = 'shadow';
  class Sub extends Base { label() { return Part; } }
  return new Sub();
}
const s = build();
console.log(s.make(7).v, s.label());
`));
  });
});
