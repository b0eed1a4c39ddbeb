// The checks of one license on its own, against this host and this moment:
// text, signature, hostid, platform, time zone, computing environment, dates.
// What depends on the other licenses (replace, upgrade) is evaluate.ts's job.
import { disabledEnvironment, matchHostid, platformMatches, timezoneMatches } from '../hostid/match.js';
import type { HostFacts } from '../hostid/types.js';
import { daysUntil, isExpired, isStarted, parseLicenseDate } from '../licfile/dates.js';
import type { License } from './license.js';
import { licenseType, needsServer } from './license-type.js';
import {
  expiredReason,
  needsServerReason,
  notStartedReason,
  passwordReason,
  reason,
  serverNames,
  syntaxReason,
  type Reason,
} from './reasons.js';

export interface SignatureVerdict {
  status: 'valid' | 'invalid' | 'unsigned' | 'foreign' | 'unchecked';
  detail: string;
}

export interface CheckInputs {
  now: Date;
  host: HostFacts;
  signature?: (l: License) => SignatureVerdict;
  /**
   * 'client' (default): may this machine use the license? 'server': may a
   * license server on this machine serve it? (The HOST line's hostid is the
   * server's; platforms=, timezone= and disable= restrict clients.)
   */
  perspective?: 'client' | 'server';
  /** notes a license that ends within this many days (default 14, seed 003) */
  expiringSoonDays?: number;
}

export interface CheckResult {
  problems: Reason[];
  notes: Reason[];
}

function signatureCheck(l: License, inputs: CheckInputs, out: CheckResult): void {
  if (inputs.signature === undefined) return;
  const v = inputs.signature(l);
  switch (v.status) {
    case 'invalid':
      out.problems.push(
        reason('bad_signature', `the signature does not verify: ${v.detail}`, 'The license was changed after it was signed, or signed with another key: get a fresh copy from your vendor.'),
      );
      break;
    case 'unsigned':
      out.notes.push(reason('unsigned', `the license carries no signature${v.detail !== '' ? `: ${v.detail}` : ''}`));
      break;
    case 'foreign':
      // the verifier's detail is already a whole sentence ("not verifiable here (FlexLM SIGN=)")
      out.notes.push(reason('signature_foreign', `signature ${v.detail}`));
      break;
    case 'unchecked':
      out.notes.push(reason('signature_unchecked', `signature ${v.detail}`));
      break;
    case 'valid':
      break;
  }
}

/** `what` prefixes the matcher's sentence ("the HOST line: locked to ..."), or nothing for the license's own hostid. */
function hostidCheck(spec: string, inputs: CheckInputs, out: CheckResult, what: string | null): void {
  const m = matchHostid(spec, inputs.host);
  if (m.matches) return;
  const serving = inputs.perspective === 'server';
  if (m.verifiable === false && !serving) {
    out.notes.push(reason('hostid_unverifiable', `hostid ${spec} cannot be verified on this machine: ${m.detail}`));
    return;
  }
  out.problems.push(
    reason(
      'wrong_host',
      what === null ? m.detail : `${what}: ${m.detail}`,
      serving
        ? 'Run the server on the machine the HOST line names, or ask your vendor to re-host the license (licutil hostid shows this host).'
        : 'Use the license on the machine it was issued for, or ask your vendor to re-host it (licutil hostid shows this host).',
    ),
  );
}

/** Which hostid decides where the license is valid, and on which side it is checked. */
function hostChecks(l: License, inputs: CheckInputs, out: CheckResult): void {
  const type = licenseType(l);
  if (type === 'token' || l.kind === 'package') return;
  const served = needsServer(l);
  if (inputs.perspective === 'server') {
    if (served && type !== 'uncounted') {
      if (l.serverHostids.length === 0) {
        out.problems.push(reason('no_host_line', 'a counted license whose file has no HOST/SERVER line: no server serves it', 'Add the HOST line your vendor issued with the license.'));
      } else if (!l.serverHostids.some((h) => matchHostid(h, inputs.host).matches)) {
        hostidCheck(l.serverHostids.join(' '), inputs, out, 'the HOST/SERVER line is for another machine');
      }
      if (type === 'nodelocked-counted' && l.hostid !== null) {
        out.notes.push(reason('client_hostid', `only clients with hostid ${l.hostid} may check it out`));
      }
    } else if (l.hostid !== null) {
      hostidCheck(l.hostid, inputs, out, null);
    }
    return;
  }
  if (l.hostid !== null) hostidCheck(l.hostid, inputs, out, null);
  if (served && l.serverHostids.length > 0) {
    if (l.serverHostids.some((h) => matchHostid(h, inputs.host).matches)) {
      out.notes.push(reason('this_host_serves', 'this machine is the license server its HOST/SERVER line names'));
    } else {
      out.notes.push(
        reason('server_hostid', `the server at ${serverNames(l).join(', ')} must have hostid ${l.serverHostids.join(' or ')}; that is checked there, not here`),
      );
    }
  }
}

function environmentChecks(l: License, inputs: CheckInputs, out: CheckResult): void {
  if (inputs.perspective === 'server' || licenseType(l) === 'token' || l.kind === 'package') return;
  const platforms = l.attrs.get('platforms');
  if (platforms !== undefined && platforms !== null && platforms.trim() !== '') {
    const m = platformMatches(platforms, inputs.host);
    if (!m.matches) out.problems.push(reason('wrong_platform', m.detail, 'Use the license on one of the platforms it names, or ask your vendor for one that includes this platform.'));
  }
  const tz = l.attrs.get('timezone');
  if (tz !== undefined && tz !== null && tz.trim() !== '') {
    const m = timezoneMatches(tz, inputs.host);
    if (!m.matches) out.problems.push(reason('wrong_timezone', m.detail, "Set this machine's time zone to one the license allows, or ask your vendor to widen timezone=."));
  }
  const disable = l.attrs.get('disable');
  if (disable !== undefined && disable !== null && disable.trim() !== '') {
    const m = disabledEnvironment(disable, inputs.host);
    if (m.matches) {
      const code = m.form === 'VM' ? 'disabled_vm' : 'disabled_terminal_server';
      const fix = m.form === 'VM' ? 'Use the license on a physical machine.' : 'Use the license from a local session, not a remote one.';
      out.problems.push(reason(code, m.detail, fix));
    } else if (m.verifiable === false) {
      out.notes.push(reason('environment_unverifiable', m.detail));
    }
  }
}

function dateChecks(l: License, inputs: CheckInputs, out: CheckResult): void {
  if (l.kind === 'package') return;
  const tz = inputs.host.timezoneOffsetMinutes;
  const exptime = l.attrs.get('exptime') ?? null;
  // "The only optional parameter on a token-based license which is used by RLM is the start date."
  if (l.expiresIso !== 'invalid' && isExpired(l.expires, exptime, inputs.now, tz)) {
    out.problems.push(expiredReason(l));
  } else if (l.expiresIso !== 'invalid') {
    const days = daysUntil(l.expires, inputs.now, tz);
    const soon = inputs.expiringSoonDays ?? 14;
    if (days !== null && days <= soon) {
      const when = days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`;
      out.notes.push(reason('expires_soon', `expires ${when} (${l.expiresIso})`, 'Ask your vendor for a renewal before then.'));
    }
  }
  const start = l.attrs.get('start');
  if (start !== undefined && start !== null) {
    if (parseLicenseDate(start) === null) {
      out.problems.push(reason('syntax', `${l.file}:${l.line}: start=${start} is not a date`, 'Ask your vendor for a corrected license.'));
    } else if (!isStarted(start, inputs.now, tz)) {
      out.problems.push(notStartedReason(start));
    }
  }
}

/** Problems (the license cannot be used) and notes (what else to know) of one license. */
export function checkLicense(l: License, inputs: CheckInputs): CheckResult {
  const out: CheckResult = { problems: l.defects.map((d) => syntaxReason(d, l)), notes: [] };
  signatureCheck(l, inputs, out);
  hostChecks(l, inputs, out);
  environmentChecks(l, inputs, out);
  dateChecks(l, inputs, out);
  if (l.kind === 'package') {
    out.notes.push(reason('package', `PACKAGE ${l.product}: its components are enabled by a ${l.product} FEATURE/INCREMENT`));
  } else if (l.kind === 'upgrade') {
    out.notes.push(reason('upgrade_line', `UPGRADE of ${l.product} from ${l.fromVersion ?? '?'} to ${l.version}: grants nothing without a base license`));
  } else if (needsServer(l)) {
    out.notes.push(needsServerReason(l));
    if (l.password !== null) out.notes.push(passwordReason(l));
  }
  if (l.upgradedBy !== null) {
    out.notes.push(reason('upgraded', `upgraded from version ${l.baseVersion ?? '?'} to ${l.version} by the UPGRADE at ${l.upgradedBy.file}:${l.upgradedBy.line}`));
  }
  if (inputs.perspective === 'server' && l.count === 'single') {
    out.notes.push(reason('single_not_served', 'a single license: license servers never serve it (the application reads it from the file)'));
  }
  return out;
}
