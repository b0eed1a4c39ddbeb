// A license server the vendor text says could not be asked. The readers find
// the sentence; this decodes it with the same tables `licutil explain` uses, so
// `stat --from` reports the outage a monitor must see, with the vendor's name
// for it and what the network answered.
import { explainCode } from '../error-tables/index.js';
import type { ServerOutage, VendorErrorMention } from './types.js';

type Kind = ServerOutage['kind'];

// errno names (every platform's reading) to the kinds of licutil's own connection failures
const KIND_OF_ERRNO: Record<string, Kind> = {
  ECONNREFUSED: 'refused',
  WSAECONNREFUSED: 'refused',
  ETIMEDOUT: 'timeout',
  WSAETIMEDOUT: 'timeout',
  EINPROGRESS: 'timeout',
  WSAEWOULDBLOCK: 'timeout',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  WSAEHOSTUNREACH: 'unreachable',
  WSAENETUNREACH: 'unreachable',
  EHOSTDOWN: 'unreachable',
};

function kindOf(words: string, errnoNames: string[], vendorName: string): Kind {
  for (const n of errnoNames) {
    const k = KIND_OF_ERRNO[n];
    if (k) return k;
  }
  const t = words.toLowerCase();
  if (t.includes('refused')) return 'refused';
  if (t.includes('timed out') || t.includes('in progress')) return 'timeout';
  if (t.includes('unreachable')) return 'unreachable';
  if (vendorName === 'LM_BADHOST' || vendorName === 'RLM_EH_BADHOST' || /not known|not found|unknown host/.test(t)) return 'dns';
  return 'unavailable';
}

/** lmstat's "Error getting status: Cannot connect to license server system. (-15,570:111 "Connection refused")". */
export function flexlmOutage(m: VendorErrorMention): ServerOutage {
  const code = m.code !== '' ? m.code : '-15';
  const x = explainCode(code, { dialect: 'flexlm' });
  const readings = x?.system?.readings.map((r) => r.name) ?? [];
  const out: ServerOutage = {
    line: m.line,
    dialect: 'flexlm',
    code: m.code,
    name: x?.name ?? '',
    title: x?.title ?? '',
    message: m.message,
    kind: kindOf(`${m.message} ${m.system_text ?? ''}`, readings, x?.name ?? ''),
  };
  if (m.system_text !== undefined) out.system_text = m.system_text;
  return out;
}

/**
 * rlmutil's `Error connecting to "rlm" server` prints no code: the system's
 * words after it say which RLM error it was (RLM_EH_CONN_REFUSED when the
 * connection was refused, RLM_EH_NOSERVER otherwise: nothing answered).
 */
export function rlmOutage(m: VendorErrorMention): ServerOutage {
  const sys = m.system_text ?? '';
  const code = /refused/i.test(sys) ? '-111' : '-112';
  const x = explainCode(code, { dialect: 'rlm' });
  const out: ServerOutage = {
    line: m.line,
    dialect: 'rlm',
    code,
    name: x?.name ?? '',
    title: x?.title ?? '',
    message: m.message,
    kind: kindOf(sys, [], x?.name ?? ''),
  };
  if (m.system_text !== undefined) out.system_text = m.system_text;
  return out;
}
