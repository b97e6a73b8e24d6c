// Abstract root: subclasses say how to describe one item.
export abstract class Collection<T> {
  protected abstract values(): T[];
  abstract describe(item: T): string;

  count(): number {
    return this.values().length;
  }

  report(): string[] {
    return this.values().map((item) => this.describe(item));
  }
}
