export class Animal {
  constructor(name) {
    this.name = name;
  }

  speak() {
    return `${this.name} makes a sound`;
  }
}

export class Dog extends Animal {
  speak() {
    return `${this.name} barks`;
  }

  rename(name) {
    // Assigning through super: flattening cannot express this exactly (category 'super').
    super.name = name;
    return this.name;
  }
}
