export class Model {
  constructor(id) {
    this.id = id;
  }
  describe() {
    return `model ${this.id}`;
  }
}
