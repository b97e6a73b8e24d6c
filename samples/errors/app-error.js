// The project's root error. Error itself is built in, so it stays the base after flattening.
export class AppError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = new.target.name;
    this.timestamp = 'T0'; // fixed so the trace is reproducible
  }

  toJSON() {
    return { name: this.name, message: this.message, code: this.code };
  }

  get code() {
    return 'APP_ERROR';
  }
}
