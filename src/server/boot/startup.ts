// Start-up processing (seed 003, "License Server Startup Processing"), pure:
// the license files come in already read, the host facts, the clock and the
// public keys are parameters. It decides which licenses this machine serves,
// which port it uses, what the debug log says about every line it leaves out,
// and turns the pools of licmodel into the pool manager's PoolDefs.
//
// Order of processing, as seed 002 gives it: `_id` sort, replace, UPGRADE, then
// pools ("License replace processing is done ... before upgrade processing";
// "the license counts add to create a single pool").
import type { KeyObject } from 'node:crypto';
import { matchHostid } from '../../hostid/match.js';
import { namesThisMachine } from '../../hostid/this-host.js';
import type { HostFacts } from '../../hostid/types.js';
import { parseLicense } from '../../licfile/parse.js';
import type { Dialect, GrantStatement, HostStatement, LicenseDocument } from '../../licfile/types.js';
import {
  buildPools,
  daysUntil,
  evaluateLicenseSet,
  expiryInstant,
  licenseType,
  licensesOfAll,
  parseLicenseDate,
  selectServed,
  type License,
  type Pool,
  type SignatureVerdict,
} from '../../licmodel/index.js';
import { PACKAGE_VERDICT, verifyGrant } from '../../signing/verify.js';
import type { PoolDef } from '../core/pool/types.js';

export const DEFAULT_PORT = 5053;

export interface StartupFile {
  path: string;
  /** the file's text, or null when it could not be read */
  text: string | null;
  /** why it could not be read */
  error?: string;
  /** it was read, but is not text (an executable, random bytes): `error` says why */
  notText?: boolean;
}

export interface StartupInput {
  /** license files in order (command line, else the license environment) */
  files: readonly StartupFile[];
  host: HostFacts;
  now: Date;
  /** the public key of an ISV for a license file, or null when none is known */
  publicKey: (isv: string, licenseFile: string) => KeyObject | null;
  /** a license whose signature cannot be checked (no key, unsigned, foreign) stops start-up */
  requireSignatures: boolean;
  dialect?: Dialect;
}

import { capRepeated, type StartupMessage } from './messages.js';
import { leaveOutCopies } from './copies.js';
export type { StartupMessage } from './messages.js';

export interface StartupResult {
  defs: PoolDef[];
  /** port of the first file whose HOST line names this machine, with that file */
  port: { port: number; file: string; line: number } | null;
  messages: StartupMessage[];
  /** reasons start-up must stop (--require-signatures); empty when it may serve */
  fatal: string[];
  files: string[];
  /** wall ms of the next moment a served license ends or an excluded one starts; null when none */
  nextChangeMs: number | null;
  /** pool id → the license files its licenses come from (the remote API's `origin`) */
  origins: Map<string, string[]>;
  /** customer= of the served licenses (the remote API's `license.user`) */
  customers: string[];
}

/** Does this HOST line name the machine we run on (host name, one of its hostids, `any`, `localhost`, `this_host`)? */
export function hostLineNamesThisMachine(h: HostStatement, facts: HostFacts): boolean {
  const name = h.hostname.toLowerCase();
  const mine = facts.hostname.toLowerCase();
  if (name === 'any' || namesThisMachine(name)) return true;
  if (name === mine || name.split('.')[0] === mine.split('.')[0]) return true;
  return h.hostid.trim() !== '' && matchHostid(h.hostid, facts).matches;
}

function where(l: License): string {
  return `${l.file}:${l.line}`;
}

function describe(l: License): string {
  return `${l.statement.keyword || 'LICENSE'} ${l.isv} ${l.product} ${l.version}`;
}

/** Wall ms of the instant a license stops being valid here; null when permanent. */
function endOf(l: License, tz: number): number | null {
  const exptime = l.attrs.get('exptime') ?? null;
  const d = expiryInstant(l.expires, exptime, tz);
  return d === null ? null : d.getTime();
}

/** Wall ms of local midnight starting its start= day; null when it has none. */
function startOf(l: License, tz: number): number | null {
  const s = l.attrs.get('start');
  if (s === undefined || s === null) return null;
  const d = parseLicenseDate(s);
  if (d === null || d.kind === 'permanent') return null;
  return Date.UTC(d.year, d.month - 1, d.day) + tz * 60_000;
}

function signatureVerdictFor(docs: readonly LicenseDocument[], input: StartupInput): (l: License) => SignatureVerdict {
  return (l) => {
    const doc = docs[l.fileIndex];
    const stmt = l.statement;
    if (!doc || stmt.kind === 'package') return PACKAGE_VERDICT;
    return verifyGrant(doc, stmt as GrantStatement, input.publicKey(l.isv, doc.file));
  };
}

function poolDefOf(p: Pool, tz: number): PoolDef {
  // the pool grants until its last member ends; earlier ends trigger a rebuild (nextChangeMs)
  const ends = p.members.map((m) => endOf(m, tz));
  const end = ends.some((e) => e === null) ? null : (ends as number[]).reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  return {
    id: p.id,
    isv: p.isv,
    product: p.product,
    version: p.version,
    count: p.count,
    softLimit: p.softLimit,
    share: p.share,
    hold: p.hold,
    minCheckout: p.minCheckout,
    minRemove: p.minRemove,
    password: p.password,
    tag: null,
    expiresIso: end === null ? 'permanent' : new Date(end).toISOString(),
    order: p.order,
  };
}

export function processStartup(input: StartupInput): StartupResult {
  const messages: StartupMessage[] = [];
  const fatal: string[] = [];
  const tz = input.host.timezoneOffsetMinutes;
  const nowMs = input.now.getTime();

  const docs: LicenseDocument[] = [];
  for (const f of input.files) {
    if (f.text === null) {
      messages.push(
        f.notText
          ? { level: 'warn', kind: 'not-text', text: `${f.path}: ${f.error ?? 'not a text file'}` }
          : { level: 'warn', kind: 'unreadable', text: `cannot read license file ${f.path}: ${f.error ?? 'unreadable'}` },
      );
      continue;
    }
    const doc = parseLicense(f.text, f.path, input.dialect ? { dialect: input.dialect } : {});
    for (const d of doc.diagnostics) {
      if (d.severity === 'error') messages.push({ level: 'warn', kind: 'diagnostic', text: `${d.file}:${d.line}:${d.column}: ${d.message}${d.hint ? ` (${d.hint})` : ''}` });
    }
    docs.push(doc);
  }

  // seed 003: "it uses the port # from the first file with the hostname on which it is running"
  let port: StartupResult['port'] = null;
  for (const doc of docs) {
    const h = doc.statements.find((s): s is HostStatement => s.kind === 'host' && hostLineNamesThisMachine(s, input.host));
    if (h) {
      port = { port: h.port ?? DEFAULT_PORT, file: doc.file, line: h.line };
      break;
    }
  }

  const set = evaluateLicenseSet(licensesOfAll(docs), {
    now: input.now,
    host: input.host,
    signature: signatureVerdictFor(docs, input),
    perspective: 'server',
  });
  const sel = selectServed(set);
  for (const w of sel.warnings) messages.push({ level: 'warn', text: w });
  const { kept: served, copies } = leaveOutCopies(sel.served);
  for (const { copy, first } of copies) {
    messages.push({
      level: 'warn',
      kind: 'excluded',
      text: `${where(copy)}: ${describe(copy)} not served: it is a copy of ${where(first)} (the same signature); a signed license counts once`,
    });
  }

  let nextChange: number | null = null;
  const consider = (t: number | null) => {
    if (t !== null && t > nowMs && (nextChange === null || t < nextChange)) nextChange = t;
  };

  for (const { license: l, reasons } of sel.excluded) {
    const why = reasons.length > 0 ? reasons.map((r) => r.message).join('; ') : `${licenseType(l)} licenses are not served by a license server (clients read them from the file)`;
    messages.push({ level: 'warn', kind: 'excluded', text: `${where(l)}: ${describe(l)} not served: ${why}` });
    if (reasons.some((r) => r.code === 'not_started')) consider(startOf(l, tz));
  }

  const evalOf = new Map(set.evaluations.map((e) => [e.license, e]));
  for (const l of served) {
    consider(endOf(l, tz));
    const notes = evalOf.get(l)?.notes ?? [];
    const unverifiable = notes.find((n) => n.code === 'signature_unchecked' || n.code === 'unsigned' || n.code === 'signature_foreign');
    if (unverifiable) {
      const text = `${where(l)}: ${describe(l)} served without a verified signature: ${unverifiable.message}`;
      if (input.requireSignatures) fatal.push(`${text} (--require-signatures)`);
      else messages.push({ level: 'warn', kind: 'unverified', text: `${text}; give the ISV's public key with --pub or --keys to check it` });
    }
    if (l.hostid !== null) {
      messages.push({ level: 'warn', kind: 'node-locked', text: `${where(l)}: ${describe(l)} is node-locked to client hostid ${l.hostid}; this server does not check client hostids and serves it to any client` });
    }
    if (l.attrs.has('named_user')) {
      messages.push({ level: 'warn', kind: 'named-user', text: `${where(l)}: ${describe(l)} is a named_user license; this server does not keep named-user lists and serves it as a counted license` });
    }
  }
  // seed 003: "ISV servers log ... licenses that will expire within 14 days"
  for (const e of sel.expiringSoon) {
    const days = daysUntil(e.license.expires, input.now, tz);
    messages.push({
      level: 'warn',
      kind: 'expiring',
      text: `${where(e.license)}: ${describe(e.license)} expires ${days === 0 ? 'today' : `in ${days} day(s)`} (${e.license.expiresIso}); renew it before then`,
    });
  }

  const pools = buildPools(served);
  const defs = pools.map((p) => poolDefOf(p, tz));
  for (const p of pools) {
    // a pool of 100,000s of lines names its first few
    const from = p.members.length <= 5 ? p.members.map(where).join(', ') : `${p.members.slice(0, 5).map(where).join(', ')} and ${p.members.length - 5} more`;
    messages.push({
      level: 'info',
      kind: 'serving',
      text: `serving ${p.isv} ${p.product} ${p.version}: ${p.count} seat(s)${p.softLimit !== p.count ? `, soft limit ${p.softLimit}` : ''} (pool ${p.id}, from ${from})`,
    });
  }
  if (defs.length === 0) messages.push({ level: 'warn', text: 'no license is served: every license line was left out (see above) or none was found' });

  const origins = new Map(pools.map((p) => [p.id, [...new Set(p.members.map((m) => m.file))]]));
  const customers = [...new Set(served.map((l) => l.attrs.get('customer')).filter((c): c is string => typeof c === 'string' && c !== ''))];
  return { defs, port, messages: capRepeated(messages), fatal, files: docs.map((d) => d.file), nextChangeMs: nextChange, origins, customers };
}
