// Reasons: why a license cannot be used here, or what a person should know
// about it, each with a stable code, a sentence and, where there is one, the
// fix. `lmdiag`, `stat` and the server's start-up log all speak through these.
import { formatIsoDate, parseLicenseDate } from '../licfile/dates.js';
import { whereOf, type License, type LicenseDefect } from './license.js';

export interface Reason {
  /** stable: part of the JSON contract of stat and lmdiag */
  code: string;
  message: string;
  hint?: string;
}

/** Every code a Reason can carry, with what it means (documented in docs/model.md). */
export const REASON_CODES = {
  syntax: 'the license line has errors',
  bad_signature: 'the signature does not verify',
  replaced: 'another license replaces this one (replace= / SUPERSEDE)',
  expired: 'the expiry date (and exptime) has passed',
  not_started: 'the start= date has not come yet',
  wrong_host: 'the hostid does not match this machine',
  no_host_line: 'a served license whose file has no HOST/SERVER line',
  wrong_platform: 'platforms= does not list this platform',
  wrong_timezone: 'timezone= does not include this time zone',
  disabled_vm: 'disable=VM and this is a virtual machine',
  disabled_terminal_server: 'disable=TerminalServer and this is a terminal-server session',
  version_too_low: 'the version asked is above the license',
  password_needed: 'the license has a password',
  needs_server: 'the license is counted: a license server grants it',
  no_such_feature: 'no license names the product',
  single_not_served: 'license servers never serve single licenses',
  server_hostid: 'the HOST line hostid is checked on the server',
  client_hostid: 'a node-locked counted license, usable only from its hostid',
  expires_soon: 'the license expires within 14 days',
  upgraded: 'an UPGRADE line raised the version',
  upgrade_line: 'an UPGRADE line grants nothing by itself',
  upgrade_no_base: 'an UPGRADE line found no base license',
  upgrade_wasted: 'an UPGRADE line has more seats than its base licenses',
  unsigned: 'the license carries no signature',
  signature_foreign: 'a signature of another system, not verifiable here',
  signature_unchecked: 'the signature was not checked',
  environment_unverifiable: 'disable= names an environment this machine cannot be told in or out of',
  hostid_unverifiable: 'the hostid is of a form this machine cannot check (dongle, unknown form)',
  this_host_serves: 'this machine is the license server the HOST line names',
  package: 'a FlexLM PACKAGE: it enables the components of a FEATURE of the same name',
} as const;

type ReasonCode = keyof typeof REASON_CODES;

export function reason(code: ReasonCode, message: string, hint?: string): Reason {
  return hint === undefined ? { code, message } : { code, message, hint };
}

const DEFAULT_PORT = { rlm: '5053', flexlm: '27000-27009' } as const;

/** `host:port` of each HOST/SERVER line of the license's file, default ports filled in. */
export function serverNames(l: License): string[] {
  return l.serverAddresses.map((a) => `${a.host}:${a.port ?? DEFAULT_PORT[l.dialect]}`);
}

export function syntaxReason(d: LicenseDefect, l: License): Reason {
  return reason('syntax', `${l.file}:${d.line}:${d.column}: ${d.message}`, d.hint ?? 'Correct the line, or ask your vendor for a fresh copy.');
}

export function expiredReason(l: License): Reason {
  const exptime = l.attrs.get('exptime');
  const at = exptime !== undefined && exptime !== null ? ` at ${exptime}` : '';
  return reason(
    'expired',
    `expired on ${l.expiresIso}${at}`,
    `Renew the license, or ask your vendor for one ending after ${l.expiresIso}.`,
  );
}

export function notStartedReason(start: string): Reason {
  const d = parseLicenseDate(start);
  const iso = d === null ? start : formatIsoDate(d);
  return reason('not_started', `starts on ${iso}`, `Wait until ${iso}, or check this machine's clock and time zone.`);
}

export function replacedReason(by: License): Reason {
  const date = by.attrs.get('issued') ?? by.attrs.get('start') ?? null;
  const when = date !== null ? `, issued ${date}` : '';
  return reason(
    'replaced',
    `replaced by ${whereOf(by)} (${by.product} ${by.version}${when})`,
    `The license at ${whereOf(by)} is the one that counts; remove this line once you have checked it.`,
  );
}

export function needsServerReason(l: License): Reason {
  const names = serverNames(l);
  if (names.length === 0) {
    return reason(
      'needs_server',
      'needs a license server, and its file names none',
      'Point the license environment at the server (RLM_LICENSE=port@host or -c port@host).',
    );
  }
  return reason('needs_server', `needs the server at ${names.join(', ')}`, 'Check that the server is running: licutil stat -c port@host.');
}

export function versionReason(asked: string, l: License): Reason {
  return reason(
    'version_too_low',
    `version ${asked} asked is above the license's ${l.version} (${whereOf(l)})`,
    `Ask for version ${l.version} or lower, or ask your vendor for a ${asked} license or an UPGRADE.`,
  );
}

export function passwordReason(l: License): Reason {
  const from = l.attrs.get('_password') !== undefined ? '_password=' : 'the password= of its ISV line';
  return reason(
    'password_needed',
    `the license is protected by ${from}; requests without the same password do not see it`,
    'Set RLM_LICENSE_PASSWORD to the password your administrator gave you.',
  );
}
