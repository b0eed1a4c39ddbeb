// The JSON documents licutil prints with --json, by name and version: a contract
// for scripts, as the wire is for clients (docs/json.md says what a version may
// change; docs/schema/<name>.schema.json is each one's JSON Schema). Every
// document opens with `schema` and `schema_version`, so a script can check
// what it reads before it trusts a key.

/** Each document's name (after `licutil.`) and its current version. */
export const DOCUMENT_VERSIONS = {
  'stat-local': 1,
  status: 1,
  lmdiag: 1,
  env: 1,
  explain: 1,
  hostid: 1,
  'sign-keygen': 1,
  sign: 1,
  'sign-verify': 1,
  checkout: 1,
  checkin: 1,
  heartbeat: 1,
  remove: 1,
  reread: 1,
  down: 1,
  'usage-report': 1,
  'serve-check-config': 1,
  serve: 1,
  error: 1,
} as const;

export type DocumentName = keyof typeof DOCUMENT_VERSIONS;

/** The two keys every document starts with. */
export interface DocumentHead<N extends DocumentName> {
  schema: `licutil.${N}`;
  schema_version: (typeof DOCUMENT_VERSIONS)[N];
}

export type JsonDocument<N extends DocumentName, B extends object> = DocumentHead<N> & B;

/** `body` as the document `name`: its schema name and version first, then its own keys. */
export function jsonDocument<N extends DocumentName, B extends object>(name: N, body: B): JsonDocument<N, B> {
  return { schema: `licutil.${name}`, schema_version: DOCUMENT_VERSIONS[name], ...body };
}
