// readConfig: a configuration file and everything it includes, preprocessed,
// parsed, evaluated and merged into one object, with every problem reported as
// a diagnostic (file, line, column). It reads files only through the injected
// `io`, so tests describe a tree of files in memory, and it never throws on bad
// input: a failure inside the reader itself becomes a CFG_INTERNAL diagnostic.
import path from 'node:path';
import { type ConfigDiagnostic, type Reporter, type SourcePos } from './diagnostics.js';
import { Lexer } from './lexer.js';
import { ConfigLocations } from './merge.js';
import type { Define } from './expr-parser.js';
import { NOT_AN_ARRAY, Parser } from './parser.js';
import { Preprocessor, type PreprocessContext } from './preprocessor.js';
import { newObject, type ConfigObject, type ConfigValue } from './values.js';

export interface ConfigIo {
  /** the text of a file; throws when it cannot be read */
  read(path: string): string;
  /** when given, a missing include is reported as "not found" rather than by the read error */
  exists?(path: string): boolean;
}

export interface ReadConfigOptions {
  /** preprocessor variables defined before the file is read (like `cc -D`) */
  defines?: Record<string, ConfigValue>;
}

export interface ReadConfigResult {
  value: ConfigObject;
  diagnostics: ConfigDiagnostic[];
  /** where each property was last set; give it to interpretServerConfig so its errors name lines */
  locations: ConfigLocations;
  /** every file read, the configuration file first (what `reload` should watch) */
  files: string[];
}

export const MAX_INCLUDE_DEPTH = 32;
const MAX_DIAGNOSTICS = 200;

/** Where `name`, written in `from`, points: relative to the directory of `from` (seed 000 §5.1). */
export function resolveInclude(from: string, name: string): string {
  return path.normalize(path.isAbsolute(name) ? name : path.join(path.dirname(from), name));
}

/** ConfigLocations that also tell which files a property or element came from. */
class SeenLocations extends ConfigLocations {
  constructor(private readonly seen: (file: string) => void) {
    super();
  }

  override set(container: object, key: string | number, pos: SourcePos): void {
    super.set(container, key, pos);
    this.seen(pos.file);
  }
}

/**
 * An included file proves it is a configuration by what the reader finds in
 * it: a property, an element, a directive. Until it has, its problems are not
 * quoted: `include "/root/.ssh/id_ed25519"` or a file holding a password
 * would otherwise have its text echoed by --check-config, the server's
 * errors and the remote API's log_get (issue 14). The first such problem is
 * reported with its place only, and none after it.
 */
const NOT_CONFIG =
  'this included file does not read as a configuration (nothing in it is a "name: value" property or a directive before this point); its text is not shown, since such a file may hold anything';

class ReadState implements PreprocessContext {
  readonly defines = new Map<string, Define>();
  /** files that have shown they are configuration (see NOT_CONFIG) */
  private readonly configFiles = new Set<string>();
  /** included files refused as not configuration: nothing more of them is reported */
  private readonly refused = new Set<string>();
  readonly locations: ConfigLocations = new SeenLocations((f) => this.configFiles.add(f));
  readonly diagnostics: ConfigDiagnostic[] = [];
  readonly files: string[] = [];
  /** the files being read, outermost first: an include of one of them is a cycle */
  private readonly stack: string[] = [];
  private readonly topDir: string;

  constructor(
    private readonly top: string,
    private readonly io: ConfigIo,
  ) {
    this.topDir = path.dirname(top);
  }

  recognized(file: string): void {
    this.configFiles.add(file);
  }

  report: Reporter = (pos, severity, code, message, hint) => {
    if (pos.file !== this.top && !this.configFiles.has(pos.file) && message !== NOT_AN_ARRAY) {
      if (this.refused.has(pos.file)) return;
      this.refused.add(pos.file);
      this.diagnostics.push({ file: pos.file, line: pos.line, column: pos.column, severity: 'error', code: 'CFG_INCLUDE', message: NOT_CONFIG, hint: 'include only configuration files; a password kept in a file of its own is named with com_auth: { passfile: "..." }' });
      return;
    }
    const n = this.diagnostics.length;
    if (n > MAX_DIAGNOSTICS) return;
    const d: ConfigDiagnostic =
      n === MAX_DIAGNOSTICS
        ? { ...pos, severity: 'error', code: 'CFG_LIMIT', message: `more than ${MAX_DIAGNOSTICS} problems; the rest are not reported` }
        : { ...pos, severity, code, message };
    if (hint !== undefined && n < MAX_DIAGNOSTICS) d.hint = hint;
    this.diagnostics.push(d);
  };

  lookup(name: string): Define | undefined {
    return this.defines.get(name);
  }

  private display(file: string): string {
    const rel = path.relative(this.topDir, file);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  }

  /** Reads a file for the stack; undefined (reported at `from`) when it cannot be. */
  open(target: string, from: SourcePos | null, name: string): Lexer | undefined {
    const where = from ?? { file: target, line: 1, column: 1 };
    if (from) {
      if (this.stack.includes(target)) {
        const chain = [...this.stack.slice(this.stack.indexOf(target)), target].map((f) => this.display(f));
        this.report(where, 'error', 'CFG_INCLUDE_CYCLE', `include cycle: ${chain.join(' → ')}`, 'remove one of these includes');
        return undefined;
      }
      if (this.stack.length >= MAX_INCLUDE_DEPTH) {
        this.report(where, 'error', 'CFG_LIMIT', `includes nested more than ${MAX_INCLUDE_DEPTH} deep`);
        return undefined;
      }
    }
    const code = from ? 'CFG_INCLUDE' : 'CFG_READ';
    const what = from ? `included file "${name}" (${target})` : `configuration file ${target}`;
    if (this.io.exists && !this.io.exists(target)) {
      this.report(where, 'error', code, `cannot read ${what}: no such file`);
      return undefined;
    }
    let text: string;
    try {
      text = this.io.read(target);
    } catch (e) {
      this.report(where, 'error', code, `cannot read ${what}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    this.stack.push(target);
    this.files.push(target);
    return new Lexer(target, text, this.report);
  }

  openInclude(name: string, from: SourcePos): Lexer | undefined {
    if (name === '') {
      this.report(from, 'error', 'CFG_INCLUDE', 'include needs a file name, not an empty string');
      return undefined;
    }
    return this.open(resolveInclude(from.file, name), from, name);
  }

  closeInclude(file: string): void {
    const i = this.stack.lastIndexOf(file);
    if (i >= 0) this.stack.splice(i, 1);
  }

  /** `include "file"`: the file's properties, to be merged where the include stands. */
  includeFile(name: string, pos: SourcePos, depth: number): ConfigObject | undefined {
    // an include statement is configuration syntax: the file that holds it is a configuration
    this.configFiles.add(pos.file);
    const lexer = this.openInclude(name, pos);
    if (!lexer) return undefined;
    try {
      return new Parser(new Preprocessor(lexer, this), this, depth).parseDocument();
    } finally {
      this.closeInclude(lexer.file);
    }
  }
}

export function readConfig(file: string, io: ConfigIo, opts: ReadConfigOptions = {}): ReadConfigResult {
  const top = path.normalize(file);
  const state = new ReadState(top, io);
  for (const [name, value] of Object.entries(opts.defines ?? {})) state.defines.set(name, { value });
  let value = newObject();
  try {
    const lexer = state.open(top, null, file);
    if (lexer) {
      value = new Parser(new Preprocessor(lexer, state), state).parseDocument();
      state.closeInclude(top);
    }
  } catch (e) {
    // a bug, or the stack exhausted by something the limits did not foresee
    state.report({ file: top, line: 1, column: 1 }, 'error', 'CFG_INTERNAL', `the configuration reader failed: ${e instanceof Error ? e.message : String(e)}`, 'please report this with the file');
  }
  return { value, diagnostics: state.diagnostics, locations: state.locations, files: state.files };
}
