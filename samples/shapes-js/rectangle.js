import { Polygon } from './polygon.js';

export class Rectangle extends Polygon {
  constructor(width, height, name = 'rectangle') {
    super(name, [width, height, width, height]);
    this.width = width;
    this.height = height;
  }

  area() {
    return this.width * this.height;
  }

  toString() {
    return `${super.toString()} (${this.width}x${this.height})`;
  }
}
