import { AppError } from './app-error.js';

const STATUS_TEXT = { 400: 'Bad Request', 404: 'Not Found', 500: 'Internal Server Error' };

export class HttpError extends AppError {
  constructor(status, message, options) {
    super(`${status} ${STATUS_TEXT[status] ?? 'Unknown'}: ${message}`, options);
    this.status = status;
  }

  get code() {
    return `HTTP_${this.status}`;
  }
}
