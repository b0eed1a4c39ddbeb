// Reading license variables from an environment the way the platform does:
// names are case-sensitive on Unix and case-insensitive on Windows, and a
// variable set to white space only counts as not set.

type Env = Readonly<Record<string, string | undefined>>;

export interface FoundVariable {
  /** the name as it appears in the environment */
  name: string;
  value: string;
}

export class EnvReader {
  private readonly names: string[];

  constructor(
    private readonly env: Env,
    private readonly platform: NodeJS.Platform,
  ) {
    this.names = Object.keys(env).filter((k) => env[k] !== undefined);
  }

  private same(a: string, b: string): boolean {
    return this.platform === 'win32' ? a.toUpperCase() === b.toUpperCase() : a === b;
  }

  /** The variable called `name` if it is present (even if empty). */
  get(name: string): FoundVariable | undefined {
    const key = this.names.find((k) => this.same(k, name));
    const value = key === undefined ? undefined : this.env[key];
    return key === undefined || value === undefined ? undefined : { name: key, value };
  }

  isSet(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Present variables whose name matches, sorted by name (code units). */
  matching(pattern: RegExp): FoundVariable[] {
    const re = this.platform === 'win32' && !pattern.flags.includes('i') ? new RegExp(pattern.source, `${pattern.flags}i`) : pattern;
    return this.names
      .filter((k) => re.test(k))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .flatMap((k) => {
        const value = this.env[k];
        return value === undefined ? [] : [{ name: k, value }];
      });
  }

  /**
   * The first of `names` that is set (to more than white space) wins; the others
   * that are also set are `beaten`, and those set to nothing are `blank`.
   * On Windows the names are one variable, so there is never more than one.
   */
  pick(names: string[]): { winner: FoundVariable | undefined; beaten: FoundVariable[]; blank: FoundVariable[] } {
    const seen = new Set<string>();
    const found: FoundVariable[] = [];
    const blank: FoundVariable[] = [];
    for (const n of names) {
      const v = this.get(n);
      if (!v || seen.has(v.name)) continue;
      seen.add(v.name);
      (v.value.trim() === '' ? blank : found).push(v);
    }
    return { winner: found[0], beaten: found.slice(1), blank };
  }
}

/** `NAME`, `Name`, `name` in that order, without repeats: uppercase wins over lowercase. */
export function casedNames(stem: string, suffix: string): string[] {
  return [...new Set([`${stem.toUpperCase()}${suffix}`, `${stem}${suffix}`, `${stem.toLowerCase()}${suffix}`])];
}
