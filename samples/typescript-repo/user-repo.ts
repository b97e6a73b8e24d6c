import { Repo } from './repo.js';
import type { User } from './types.js';

export class UserRepo extends Repo<User> {
  constructor() {
    super('users');
  }

  findByEmail(email: string): User | undefined {
    return this.values().find((user) => user.email === email);
  }

  override describe(user: User): string {
    return `${super.describe(user)} ${user.name} <${user.email}>`;
  }
}
