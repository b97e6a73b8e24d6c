// Class-factory mixins: each takes a base class and returns a class that extends it.
let nextStamp = 0;

export const Timestamped = (Base) =>
  class extends Base {
    createdAt = ++nextStamp;
    describe() {
      return `${super.describe()} (created #${this.createdAt})`;
    }
  };

export function Named(Base, fallback = 'anonymous') {
  return class extends Base {
    name = fallback;
    rename(name) {
      this.name = name;
      return this;
    }
    describe() {
      return `${this.name}: ${super.describe()}`;
    }
  };
}
