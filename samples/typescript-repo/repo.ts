import { Collection } from './collection.js';

let reposCreated = 0;

export class Repo<T extends { id: string }> extends Collection<T> {
  private readonly items = new Map<string, T>();

  // `name` is a parameter property: declared and assigned by the constructor signature.
  constructor(protected readonly name: string) {
    super();
    reposCreated += 1;
  }

  add(item: T): this {
    this.items.set(item.id, item);
    return this;
  }

  get(id: string): T | undefined {
    return this.items.get(id);
  }

  protected values(): T[] {
    return [...this.items.values()];
  }

  describe(item: T): string {
    return `${this.name}/${item.id}`;
  }

  static created(): number {
    return reposCreated;
  }
}
