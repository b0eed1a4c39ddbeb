// "address[:port]" as bind_addr and com_addr write it (seed 000 §5.2): an IPv4
// address or host name with an optional port, or an IPv6 address in brackets
// with an optional port ("[::]:9050"). A bare IPv6 address ("::1") is accepted
// too, without a port, since its colons leave no room for one.
import { isIP } from 'node:net';

export interface HostPort {
  /** without brackets: "::", "192.168.1.20", "licenses.example.com" */
  host: string;
  /** 0 asks the system for any free port */
  port: number;
  /** false when the default port was used */
  explicitPort: boolean;
}

type HostPortResult = { ok: true; value: HostPort } | { ok: false; error: string; hint?: string };

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

function port(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const n = Number(text);
  return n <= 65535 ? n : null;
}

function checkHost(host: string): string | null {
  if (host === '') return 'the address is empty';
  if (isIP(host) === 4) return null;
  if (/^[\d.]+$/.test(host)) return `${host} is not an IPv4 address`;
  return HOSTNAME.test(host) ? null : `${JSON.stringify(host)} is not an IP address or host name`;
}

export function parseHostPort(text: string, defaultPort: number): HostPortResult {
  const bad = (error: string, hint?: string): HostPortResult => (hint === undefined ? { ok: false, error } : { ok: false, error, hint });
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return bad(`${JSON.stringify(text)} has no closing ']'`, 'write IPv6 addresses as [::1] or [::1]:9050');
    const host = text.slice(1, close);
    if (isIP(host) !== 6) return bad(`${JSON.stringify(host)} in brackets is not an IPv6 address`);
    const rest = text.slice(close + 1);
    if (rest === '') return { ok: true, value: { host, port: defaultPort, explicitPort: false } };
    const p = rest.startsWith(':') ? port(rest.slice(1)) : null;
    if (p === null) return bad(`${JSON.stringify(rest)} after ']' is not ':port' with a port from 0 to 65535`);
    return { ok: true, value: { host, port: p, explicitPort: true } };
  }
  const colons = text.split(':').length - 1;
  if (colons > 1) {
    if (isIP(text) === 6) return { ok: true, value: { host: text, port: defaultPort, explicitPort: false } };
    return bad(`${JSON.stringify(text)} is not an address`, 'write an IPv6 address with a port in brackets: [::1]:9050');
  }
  if (colons === 1) {
    const [host = '', portText = ''] = text.split(':');
    const p = port(portText);
    if (p === null) return bad(`${JSON.stringify(portText)} is not a port from 0 to 65535`);
    const e = checkHost(host);
    return e === null ? { ok: true, value: { host, port: p, explicitPort: true } } : bad(e);
  }
  const e = checkHost(text);
  return e === null ? { ok: true, value: { host: text, port: defaultPort, explicitPort: false } } : bad(e);
}

/** Back to the notation of the file: brackets around IPv6 addresses. */
export function formatHostPort(a: HostPort): string {
  return `${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
}
