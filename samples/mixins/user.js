import { Model } from './model.js';
import { Named, Timestamped } from './mixins.js';

// MRO: User → Timestamped → Named → Model
export class User extends Timestamped(Named(Model, 'guest')) {
  constructor(id, name) {
    super(id);
    this.rename(name);
  }
  describe() {
    return `user ${super.describe()}`;
  }
}
