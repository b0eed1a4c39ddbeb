// The shapes of the license environment: what the resolver is given and what it
// returns. Every command that needs licenses (env, stat -i, lmdiag, serve, the
// client) starts from a Resolution, so these types are the contract between them.

export type FsKind = 'file' | 'directory' | 'missing';

/**
 * The file system as the resolver sees it: synchronous and injected, so the
 * resolver stays pure and tests describe a tree instead of writing one.
 * `list` and `read` may throw; the resolver turns that into a problem.
 */
export interface FsView {
  /** what is at an absolute path (symbolic links followed) */
  kind(path: string): FsKind;
  /** names of the entries of a directory */
  list(dir: string): string[];
  /** a whole file as UTF-8 text */
  read(path: string): string;
}

export type SourceStyle = 'rlm' | 'flexlm';

export interface ResolveInput {
  env: Readonly<Record<string, string | undefined>>;
  /** values of -c/--license, each itself a list; when given they are the only sources */
  specs?: string[] | undefined;
  /** the ISV (vendor) name, e.g. from --isv: adds `<ISV>_LICENSE` and narrows `<VENDOR>_LICENSE_FILE` */
  isv?: string | undefined;
  /**
   * How `@host` in -c is read: 'rlm' (port 5053), 'flexlm' (27000–27009).
   * Without it an `@host` from -c tries 5053 first, then 27000–27009.
   */
  dialect?: SourceStyle | undefined;
  cwd: string;
  platform: NodeJS.Platform;
  /** directory of the licutil binary (RLM: "any .lic file in the directory containing the binary") */
  binDir: string;
  /** home directory for $HOME/.flexlmrc; defaults to env.HOME */
  home?: string | undefined;
  fs: FsView;
  /** for RLM_PATH_RANDOMIZE: a number in [0, 1); defaults to Math.random */
  random?: (() => number) | undefined;
}

type SourceKind = 'server' | 'file' | 'directory' | 'literal';

export interface ServerAddress {
  host: string;
  /** null for `@host`: try defaultPorts */
  port: number | null;
  /** [5053] for RLM-style `@host`, 27000..27009 for FlexLM-style; [] when a port is given */
  defaultPorts: number[];
}

export interface LicenseSource {
  kind: SourceKind;
  /** where it came from: '-c', a variable name, 'current directory', 'binary directory', '$HOME/.flexlmrc', 'FlexLM default' */
  origin: string;
  /** for '$HOME/.flexlmrc': the entry name (e.g. LM_LICENSE_FILE) */
  entry?: string;
  /** the element as written (trimmed) */
  spec: string;
  /** for files and directories: the absolute path the spec names */
  path?: string;
  /** for servers: one address, or several for a redundant p@h1,p@h2,p@h3 list */
  servers?: ServerAddress[];
  /** for files and directories: absolute paths to read, in order (a directory's *.lic sorted) */
  files?: string[];
  /** for literals: the license text between '<' and '>' */
  text?: string;
  style: SourceStyle;
  /** what is wrong with this source; never fatal */
  problems: string[];
}

export interface Resolution {
  /** the sources to use, in order */
  sources: LicenseSource[];
  /** sources present in the environment but not used (overridden by -c, or a lowercase `<isv>_LICENSE` beaten by uppercase) */
  setAside: LicenseSource[];
  /** what the resolver decided and why (duplicates dropped, variables ignored, randomization) */
  notes: string[];
  /** every flag, variable, file and directory consulted, in order (for "no license source found") */
  searched: string[];
}

export const RLM_DEFAULT_PORTS: readonly number[] = [5053];
export const FLEXLM_DEFAULT_PORTS: readonly number[] = Array.from({ length: 10 }, (_, i) => 27000 + i);

/** Origins that are not variable names. */
export const ORIGIN = {
  flag: '-c',
  cwd: 'current directory',
  binDir: 'binary directory',
  flexlmrc: '$HOME/.flexlmrc',
  flexlmDefault: 'FlexLM default',
} as const;
