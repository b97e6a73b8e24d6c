// Run: node samples/shapes-js/main.js
import { Shape, shapesCreated } from './shape.js';
import { Polygon } from './polygon.js';
import { Rectangle } from './rectangle.js';
import { Square } from './square.js';
import { Circle } from './circle.js';

const shapes = [
  new Shape('blob'),
  new Polygon('triangle', [3, 4, 5]),
  new Rectangle(2, 3),
  new Square(4),
  new Circle(1),
];

for (const shape of shapes) {
  console.log(`${shape}: area=${shape.area().toFixed(2)} perimeter=${shape.perimeter().toFixed(2)}`);
}
console.log(`shapes created: ${shapesCreated()}`);
console.log(Circle.note());
