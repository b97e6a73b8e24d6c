import { Shape } from './shape.js';

export class Polygon extends Shape {
  constructor(name, sides) {
    super(name);
    this.sides = sides;
  }

  perimeter() {
    return this.sides.reduce((sum, side) => sum + side, 0);
  }

  toString() {
    return `${super.toString()} with ${this.sides.length} sides`;
  }
}
