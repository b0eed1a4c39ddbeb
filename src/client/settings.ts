// Client settings a user gives through the environment, read the way RLM
// clients read them: RLM_CONNECT_TIMEOUT in seconds, LICUTIL_ADMIN_TOKEN for
// the admin calls. Pure: the environment is a parameter.
import { LicutilError } from '../protocol/errors.js';

/** Seconds (fractions allowed, > 0) → milliseconds; `what` names the source in the error. */
export function secondsToMs(text: string, what: string): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 86_400) {
    throw new LicutilError('LICUTIL_E_USAGE', `${what} is ${JSON.stringify(text)}, not a number of seconds`, 'give a positive number of seconds, e.g. 10 or 2.5');
  }
  return Math.round(n * 1000);
}

export interface EnvSettings {
  connectTimeoutMs?: number;
  adminToken?: string;
}

export function settingsFromEnv(env: Readonly<Record<string, string | undefined>>): EnvSettings {
  const out: EnvSettings = {};
  const t = env.RLM_CONNECT_TIMEOUT;
  if (t !== undefined && t.trim() !== '') out.connectTimeoutMs = secondsToMs(t, 'RLM_CONNECT_TIMEOUT');
  const token = env.LICUTIL_ADMIN_TOKEN?.trim();
  if (token) out.adminToken = token;
  return out;
}
