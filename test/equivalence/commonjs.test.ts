import { describe, it } from 'vitest';
import { expectEquivalent } from '../helpers/equivalence.js';

const CJS_PACKAGE = JSON.stringify({ name: 'cjs-fixture', private: true, type: 'commonjs' }, null, 2);

describe('CommonJS modules', () => {
  it('package type commonjs: module.exports = Base and require in the subclass file', async () => {
    await expectEquivalent({
      'package.json': CJS_PACKAGE,
      'src/base.js': `
'use strict';
let made = 0;
class Base {
  constructor(name) { made++; this.name = name; }
  hello() { return 'hello ' + this.name + ' (#' + made + ')'; }
}
module.exports = Base;
`,
      'src/sub.js': `
'use strict';
const Base = require('./base.js');
class Sub extends Base {
  hello() { return super.hello().toUpperCase(); }
}
module.exports = Sub;
`,
      'src/main.js': `
'use strict';
const Sub = require('./sub.js');
const Base = require('./base.js');
console.log(new Base('a').hello());
console.log(new Sub('b').hello());
`,
    });
  });

  it('.cjs files: exports.Base = Base and const { Base } = require(...)', async () => {
    await expectEquivalent(
      {
        'src/base.cjs': `
'use strict';
const fmt = (x) => 'base:' + x;
class Base { show(x) { return fmt(x); } }
exports.Base = Base;
exports.helper = () => 'helper';
`,
        'src/sub.cjs': `
'use strict';
const { Base } = require('./base.cjs');
const fmt = (x) => 'sub:' + x;
class Sub extends Base { mine(x) { return fmt(x) + ' / ' + this.show(x); } }
module.exports = { Sub };
`,
        'src/main.cjs': `
'use strict';
const { Sub } = require('./sub.cjs');
console.log(new Sub().mine(1));
`,
      },
      { entry: 'src/main.cjs' },
    );
  });

  it('extends a property of the required module object: extends lib.Base', async () => {
    await expectEquivalent({
      'package.json': CJS_PACKAGE,
      'src/lib.js': `
'use strict';
class Base {
  constructor() { this.created = true; }
  static create() { return new this(); }
}
module.exports = { Base, version: 3 };
`,
      'src/thing.js': `
'use strict';
const lib = require('./lib.js');
class Thing extends lib.Base { info() { return 'thing v' + lib.version + ' created=' + this.created; } }
module.exports = Thing;
`,
      'src/main.js': `
'use strict';
const Thing = require('./thing.js');
console.log(Thing.create().info());
`,
    });
  });

  it('module.exports = class expressions', async () => {
    await expectEquivalent({
      'package.json': CJS_PACKAGE,
      'src/base.js': `
'use strict';
module.exports = class Base {
  greet() { return 'greetings from ' + this.constructor.name; }
};
`,
      'src/sub.js': `
'use strict';
const Base = require('./base.js');
exports.Sub = class Sub extends Base { wave() { return 'wave + ' + this.greet(); } };
`,
      'src/main.js': `
'use strict';
const { Sub } = require('./sub.js');
console.log(new Sub().wave());
`,
    });
  });

  it('an ESM entry importing a CommonJS hierarchy', async () => {
    await expectEquivalent({
      'src/base.cjs': `
'use strict';
class Vehicle { constructor(wheels) { this.wheels = wheels; } describe() { return this.constructor.name + ' with ' + this.wheels + ' wheels'; } }
module.exports = { Vehicle };
`,
      'src/car.cjs': `
'use strict';
const { Vehicle } = require('./base.cjs');
class Car extends Vehicle { constructor() { super(4); } }
module.exports = { Car };
`,
      'src/main.js': `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { Car } = require('./car.cjs');
console.log(new Car().describe());
`,
    });
  });

  it('__filename in copied base code still names the base module', async () => {
    await expectEquivalent({
      'package.json': CJS_PACKAGE,
      'src/lib/base.js': `
'use strict';
const path = require('node:path');
class Base { origin() { return path.basename(__dirname) + '/' + path.basename(__filename); } }
module.exports = Base;
`,
      'src/app/sub.js': `
'use strict';
const Base = require('../lib/base.js');
class Sub extends Base {}
module.exports = Sub;
`,
      'src/main.js': `
'use strict';
const Sub = require('./app/sub.js');
console.log(new Sub().origin());
`,
    });
  });
});

describe('CommonJS regressions', () => {
  it('a module variable read by one copied member and written by another (accessor needs a setter)', async () => {
    await expectEquivalent({
      'package.json': JSON.stringify({ type: 'commonjs' }),
      'src/base.js': `
let created = 0;
class Base {
  static created() { return created; }
  constructor() { created++; }
}
module.exports = { Base };
`,
      'src/sub.js': `
const { Base } = require('./base.js');
class Sub extends Base {}
module.exports = { Sub };
`,
      'src/main.js': `
const { Sub } = require('./sub.js');
new Sub(); new Sub();
console.log(Sub.created());
`,
    });
  });

  // Found by postcss's own suite on its mirror: Container.normalize() does `new Rule(nodes)`, where
  // `Rule` is a module variable of container.js set later (Container.registerRule). In the copy in
  // rule.js it became `new require("./container").Rule_(nodes)`, which is `new (require)(…)` followed by
  // calling the class without `new`: a TypeError. The callee is parenthesized now.
  it('new X(…) in copied code, X a module variable of a CommonJS ancestor (spelled with require)', async () => {
    await expectEquivalent({
      'package.json': CJS_PACKAGE,
      'src/container.js': `
'use strict';
let Item;
class Container {
  make(v) { return new Item(v); }
  makeBare() { return new Item; }
}
Container.registerItem = (I) => { Item = I; };
module.exports = Container;
`,
      'src/item.js': `
'use strict';
const Container = require('./container.js');
class Item extends Container {
  constructor(v) { super(); this.v = v; }
}
Container.registerItem(Item);
module.exports = Item;
`,
      'src/main.js': `
'use strict';
const Item = require('./item.js');
const a = new Item(1).make(2);
console.log(a.v, a instanceof Item, new Item(3).makeBare().v);
`,
    });
  });
});
