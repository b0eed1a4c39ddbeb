// The JSON shape of a resolution (`licutil env --json`, and wherever another
// command reports its sources): snake_case keys, absent fields left out.
import type { LicenseSource, Resolution } from './types.js';

export interface ServerJson {
  host: string;
  port: number | null;
  default_ports: number[];
}

export interface SourceJson {
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

export interface ResolutionJson {
  sources: SourceJson[];
  set_aside: SourceJson[];
  notes: string[];
  searched: string[];
}

export function sourceToJson(s: LicenseSource, usable: boolean): SourceJson {
  const j: SourceJson = { kind: s.kind, origin: s.origin, spec: s.spec, style: s.style, usable, problems: [...s.problems] };
  if (s.entry !== undefined) j.entry = s.entry;
  if (s.path !== undefined) j.path = s.path;
  if (s.servers) j.servers = s.servers.map((a) => ({ host: a.host, port: a.port, default_ports: [...a.defaultPorts] }));
  if (s.files) j.files = [...s.files];
  if (s.text !== undefined) j.text = s.text;
  return j;
}

export function resolutionToJson(r: Resolution, isUsable: (s: LicenseSource) => boolean): ResolutionJson {
  return {
    sources: r.sources.map((s) => sourceToJson(s, isUsable(s))),
    set_aside: r.setAside.map((s) => sourceToJson(s, isUsable(s))),
    notes: [...r.notes],
    searched: [...r.searched],
  };
}
