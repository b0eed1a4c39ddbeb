// The JSON shape of a resolution (`licutil env --json`, and wherever another
// command reports its sources): snake_case keys, absent fields left out.
import type { LicenseSource, Resolution } from './types.js';

interface ServerJson {
  host: string;
  port: number | null;
  default_ports: number[];
}

interface SourceJson {
  kind: LicenseSource['kind'];
  origin: string;
  entry?: string;
  spec: string;
  style: LicenseSource['style'];
  path?: string;
  servers?: ServerJson[];
  files?: string[];
  text?: string;
  usable: boolean;
  problems: string[];
}

interface ResolutionJson {
  sources: SourceJson[];
  set_aside: SourceJson[];
  notes: string[];
  searched: string[];
}

/** Keys in reading order: where it came from, what it names, whether it can be used, what is wrong. */
function sourceToJson(s: LicenseSource, usable: boolean): SourceJson {
  return {
    kind: s.kind,
    origin: s.origin,
    ...(s.entry !== undefined ? { entry: s.entry } : {}),
    spec: s.spec,
    style: s.style,
    ...(s.path !== undefined ? { path: s.path } : {}),
    ...(s.servers ? { servers: s.servers.map((a) => ({ host: a.host, port: a.port, default_ports: [...a.defaultPorts] })) } : {}),
    ...(s.files ? { files: [...s.files] } : {}),
    ...(s.text !== undefined ? { text: s.text } : {}),
    usable,
    problems: [...s.problems],
  };
}

export function resolutionToJson(r: Resolution, isUsable: (s: LicenseSource) => boolean): ResolutionJson {
  return {
    sources: r.sources.map((s) => sourceToJson(s, isUsable(s))),
    set_aside: r.setAside.map((s) => sourceToJson(s, isUsable(s))),
    notes: [...r.notes],
    searched: [...r.searched],
  };
}
