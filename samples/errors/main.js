// Run: node samples/errors/main.js
import { AppError } from './app-error.js';
import { HttpError } from './http-error.js';
import { NotFoundError } from './not-found-error.js';

function findUser(id) {
  throw new NotFoundError('user', id);
}

const errors = [new AppError('config missing'), new HttpError(500, 'db down', { cause: new Error('timeout') })];
try {
  findUser(42);
} catch (error) {
  errors.push(error);
}

for (const error of errors) {
  console.log(`${error.name} | ${error.message} | code=${error.code}`);
  console.log(`  is an Error: ${error instanceof Error}; stack starts: ${error.stack.split('\n')[0]}`);
  console.log(`  json: ${JSON.stringify(error)}`);
  if (error.cause) console.log(`  cause: ${error.cause.message}`);
}
