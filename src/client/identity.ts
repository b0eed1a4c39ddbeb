// Who checks out: the login name, this host name, this process. Read from the
// process here, once, so the rest of the client takes them as plain values.
import os from 'node:os';

export interface Identity {
  user: string;
  host: string;
  pid: number;
}

/** Text the protocol accepts for user/host: printable, at most 256 characters. */
function clean(s: string | undefined): string | undefined {
  // eslint-disable-next-line no-control-regex
  const t = s?.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 256);
  return t ? t : undefined;
}

export function processIdentity(env: Readonly<Record<string, string | undefined>> = process.env): Identity {
  let login: string | undefined;
  try {
    login = os.userInfo().username;
  } catch {
    // a container user without a passwd entry
  }
  return {
    user: clean(login) ?? clean(env.USER) ?? clean(env.USERNAME) ?? clean(env.LOGNAME) ?? 'unknown',
    host: clean(os.hostname()) ?? 'localhost',
    pid: process.pid,
  };
}
