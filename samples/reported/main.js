// Run: node samples/reported/main.js
// Every line below behaves differently once Dog no longer extends Animal; the tool reports each.
import { Animal, Dog } from './animals.js';

const rex = new Dog('Rex');
console.log(rex.speak());

// isinstance: Animal has a flattened subclass, so this becomes false.
console.log(`rex instanceof Animal: ${rex instanceof Animal}`);

// mro: the prototype of Dog is Animal today, Function.prototype after flattening.
console.log(`parent of Dog: ${Object.getPrototypeOf(Dog).name}`);

// mro: patching the base prototype after the fact no longer reaches Dog.
Animal.prototype.describe = function describe() {
  return `an animal called ${this.name}`;
};
console.log(rex.describe());

// super: `super.name = v` sets the property on this.
console.log(`renamed: ${rex.rename('Max')}`);
