import { User } from './user.js';

const ann = new User(1, 'Ann');
const bob = new User(2, 'Bob');
console.log(ann.describe());
console.log(bob.describe());
console.log(Object.keys(ann).join(', '));
