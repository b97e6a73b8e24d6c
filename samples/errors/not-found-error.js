import { HttpError } from './http-error.js';

export class NotFoundError extends HttpError {
  constructor(resource, id) {
    super(404, `${resource} ${id} does not exist`);
    this.resource = resource;
  }

  toJSON() {
    return { ...super.toJSON(), resource: this.resource };
  }
}
