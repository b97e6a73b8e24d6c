// The root of the hierarchy. `nextId` and `counter` are private to this module:
// once flattened, Circle and Square (in other files) must still use these.
let counter = 0;

function nextId(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

export function shapesCreated() {
  return counter;
}

export class Shape {
  constructor(name) {
    this.name = name;
    this.id = nextId(name.slice(0, 3));
  }

  area() {
    return 0;
  }

  perimeter() {
    return 0;
  }

  toString() {
    return `${this.name}#${this.id}`;
  }
}
