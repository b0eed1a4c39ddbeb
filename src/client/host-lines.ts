// Servers named inside license files: a client given a license file talks to the
// server of its HOST (RLM) or SERVER (FlexLM) lines. Kept apart from the rest of
// the client because it needs the license-file reader, which a `port@host`
// environment never loads.
import { namesThisMachine } from '../hostid/this-host.js';
import { decodeLicenseBytes, parseLicense } from '../licfile/index.js';
import type { Dialect } from '../licfile/types.js';
import { FLEXLM_DEFAULT_PORTS, RLM_DEFAULT_PORTS } from '../licenv/types.js';
import type { LicenseSource } from '../licenv/types.js';
import { groupOfHostLines } from './address.js';
import type { ServerGroup } from './types.js';

function groupOfText(text: string, label: string, dialect: Dialect | undefined, tls: boolean): ServerGroup | null {
  const doc = parseLicense(text, label, dialect ? { dialect } : {});
  // `SERVER this_host ...` read on the server itself (FlexNet): the loopback address
  const hosts = doc.statements.flatMap((s) => (s.kind === 'host' ? [{ hostname: namesThisMachine(s.hostname) ? 'localhost' : s.hostname, port: s.port }] : []));
  const ports = doc.dialect.dialect === 'flexlm' ? FLEXLM_DEFAULT_PORTS : RLM_DEFAULT_PORTS;
  return groupOfHostLines(label, hosts, ports, tls);
}

/**
 * The server groups of a file, directory or literal source: one per license
 * file that has HOST/SERVER lines. Files that cannot be read are skipped (the
 * local commands report them).
 */
export function hostLineGroups(source: LicenseSource, read: (path: string) => Uint8Array, dialect: Dialect | undefined, tls = false): ServerGroup[] {
  const out: ServerGroup[] = [];
  if (source.kind === 'literal') {
    const g = source.text ? groupOfText(source.text, `<${source.origin} literal>`, dialect, tls) : null;
    if (g) out.push(g);
    return out;
  }
  for (const file of source.files ?? []) {
    let bytes: Uint8Array;
    try {
      bytes = read(file);
    } catch {
      continue;
    }
    const g = groupOfText(decodeLicenseBytes(bytes), file, dialect, tls);
    if (g) out.push(g);
  }
  return out;
}
