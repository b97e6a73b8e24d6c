/** Hands out names that collide with nothing a file already uses, nor with each other. */
export class NameAllocator {
  /** Names handed out or claimed (the file's own names are not copied: most allocators hand out none). */
  private readonly taken = new Set<string>();

  /** `reserved`: names kept free for other uses, though the file does not use them yet. */
  constructor(
    private readonly used: ReadonlySet<string>,
    private readonly reserved: (name: string) => boolean = () => false,
  ) {}

  has(name: string): boolean {
    return this.used.has(name) || this.taken.has(name);
  }

  /** `preferred` itself when free, else `preferred_2`, `preferred_3`, ...; none that `avoid` refuses. */
  fresh(preferred: string, avoid?: (name: string) => boolean): string {
    const base = toIdentifier(preferred);
    let name = base;
    for (let i = 2; this.has(name) || RESERVED.has(name) || this.reserved(name) || avoid?.(name); i++) name = `${base}_${i}`;
    this.taken.add(name);
    return name;
  }

  claim(name: string): void {
    this.taken.add(name);
  }
}

/** Make any text a valid identifier part: `@@iterator` → `Symbol_iterator`, `my-key` → `my_key`. */
export function toIdentifier(text: string): string {
  let s = text.startsWith('@@') ? `Symbol_${text.slice(2)}` : text;
  s = s.replace(/[^A-Za-z0-9_$]/g, '_');
  if (!s || /^[0-9]/.test(s)) s = `_${s}`;
  return s;
}

export function isIdentifierName(s: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s) && !RESERVED.has(s);
}

const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await arguments eval undefined NaN Infinity'.split(
    ' ',
  ),
);
