// Duplicates are dropped with a note: the same server twice, the same literal
// twice, or a file already listed by an earlier source (a file named in
// RLM_LICENSE that also sits in the current directory is read once, where it
// first appears).
import type { LicenseSource } from './types.js';

function serverKey(s: LicenseSource): string {
  return (s.servers ?? []).map((a) => `${a.host.toLowerCase()}:${a.port ?? `default(${a.defaultPorts.join(',')})`}`).join(',');
}

function describe(s: LicenseSource): string {
  const where = s.entry ? `${s.origin} ${s.entry}` : s.origin;
  return s.spec === s.path && (s.origin === 'current directory' || s.origin === 'binary directory') ? where : `${where} ${s.spec}`;
}

export function dropDuplicates(sources: LicenseSource[], platform: NodeJS.Platform, notes: string[]): LicenseSource[] {
  const fileKey = (f: string): string => (platform === 'win32' ? f.toLowerCase() : f);
  const servers = new Map<string, LicenseSource>();
  const literals = new Map<string, LicenseSource>();
  const files = new Map<string, LicenseSource>();
  const paths = new Map<string, LicenseSource>();
  const out: LicenseSource[] = [];
  for (const s of sources) {
    if (s.kind === 'server' || s.kind === 'literal') {
      const [seen, key] = s.kind === 'server' ? [servers, serverKey(s)] : [literals, s.text ?? s.spec];
      const first = seen.get(key);
      if (first) {
        notes.push(`${describe(s)}: dropped, the same ${s.kind} as ${describe(first)}`);
        continue;
      }
      seen.set(key, s);
      out.push(s);
      continue;
    }
    const own = s.files ?? [];
    if (own.length === 0) {
      // Nothing to read (missing, '@' in the path): only the very same path twice is a duplicate.
      const key = fileKey(s.path ?? s.spec);
      const first = paths.get(key);
      if (first) {
        notes.push(`${describe(s)}: dropped, already listed by ${describe(first)}`);
        continue;
      }
      paths.set(key, s);
      out.push(s);
      continue;
    }
    const fresh = own.filter((f) => !files.has(fileKey(f)));
    if (fresh.length === 0) {
      const first = files.get(fileKey(own[0] ?? ''));
      notes.push(`${describe(s)}: dropped, ${own.length === 1 ? 'its file is' : 'all its files are'} already listed${first ? ` by ${describe(first)}` : ''}`);
      continue;
    }
    if (fresh.length < own.length) {
      const repeated = own.filter((f) => files.has(fileKey(f)));
      notes.push(`${describe(s)}: ${repeated.join(', ')} already listed earlier; read once`);
    }
    for (const f of fresh) files.set(fileKey(f), s);
    if (s.path) paths.set(fileKey(s.path), s);
    out.push(fresh.length === own.length ? s : { ...s, files: fresh });
  }
  return out;
}
