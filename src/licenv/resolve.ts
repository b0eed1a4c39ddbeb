// The one license-environment resolver every command uses. Pure: the
// environment, -c values, working directory, platform, file system and
// randomness are all inputs.
//
// `-c SPEC` names exactly the sources to use, as `lmutil -c` does; what the
// environment would have given is returned as `setAside` so `licutil env` can
// show it. (RLM's own utilities would still read RLM_LICENSE first and put -c
// in place of the current directory; DESIGN.md chose lmutil's habit.)
import { dropDuplicates } from './dedupe.js';
import { rotateRlmServers } from './randomize.js';
import { ORIGIN, FLEXLM_DEFAULT_PORTS, RLM_DEFAULT_PORTS, type LicenseSource, type ResolveInput, type Resolution } from './types.js';
import { EnvReader } from './variables.js';
import { defaultPortsFor, sourcesOfValue, walkEnvironment } from './walk.js';

function flagSources(specs: string[], input: ResolveInput): LicenseSource[] {
  // Without --dialect, `@host` from -c could be either kind of server: try RLM's port, then FlexLM's range.
  const style = input.dialect ?? 'rlm';
  const defaultPorts = input.dialect ? defaultPortsFor(input.dialect) : [...RLM_DEFAULT_PORTS, ...FLEXLM_DEFAULT_PORTS];
  return specs.flatMap((v) =>
    sourcesOfValue(v, { origin: ORIGIN.flag, style, defaultPorts, cwd: input.cwd, platform: input.platform, fs: input.fs }),
  );
}

export function resolveLicenseEnvironment(input: ResolveInput): Resolution {
  const walked = walkEnvironment(input);
  const notes: string[] = [];
  let sources: LicenseSource[];
  let setAside: LicenseSource[];
  let searched: string[];
  if (input.specs && input.specs.length > 0) {
    sources = flagSources(input.specs, input);
    setAside = dropDuplicates([...walked.sources, ...walked.setAside], input.platform, []);
    searched = input.specs.map((v) => `-c ${v}`);
    if (setAside.length > 0) {
      notes.push(`-c names exactly the sources to use (as lmutil -c does); ${setAside.length} source${setAside.length === 1 ? '' : 's'} from the environment set aside`);
    }
  } else {
    sources = walked.sources;
    setAside = walked.setAside;
    searched = walked.searched;
    notes.push(...walked.notes);
  }
  sources = dropDuplicates(sources, input.platform, notes);
  if (new EnvReader(input.env, input.platform).isSet('RLM_PATH_RANDOMIZE')) {
    sources = rotateRlmServers(sources, input.random ?? Math.random, notes);
  }
  return { sources, setAside, notes, searched };
}

/** A source that gives something to use: a well-formed server, a literal, or at least one file. */
export function isUsable(s: LicenseSource): boolean {
  switch (s.kind) {
    case 'server':
      return (s.servers?.length ?? 0) > 0 && s.problems.length === 0;
    case 'literal':
      return (s.text ?? '') !== '';
    default:
      return (s.files?.length ?? 0) > 0;
  }
}

export function usableSources(r: Resolution): LicenseSource[] {
  return r.sources.filter(isUsable);
}

/** The license files to read, in order, each with the source that named it. */
export function licenseFilesOf(r: Resolution): Array<{ path: string; source: LicenseSource }> {
  return r.sources.flatMap((source) => (source.files ?? []).map((path) => ({ path, source })));
}

/** Literal `<...>` licenses, in order: the text between the brackets. */
export function literalTextsOf(r: Resolution): Array<{ text: string; source: LicenseSource }> {
  return r.sources.flatMap((source) => (source.kind === 'literal' && source.text ? [{ text: source.text, source }] : []));
}

/** Server entries in order; a redundant list stays one entry with several addresses. Servers ignore these (seed 003). */
export function serversOf(r: Resolution): Array<{ servers: NonNullable<LicenseSource['servers']>; source: LicenseSource }> {
  return r.sources.flatMap((source) => (source.kind === 'server' && source.servers ? [{ servers: source.servers, source }] : []));
}
