import { Rectangle } from './rectangle.js';

export class Square extends Rectangle {
  constructor(side) {
    super(side, side, 'square');
  }

  toString() {
    return `${super.toString()}, a square`;
  }
}
