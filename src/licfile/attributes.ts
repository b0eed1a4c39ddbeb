// The attribute keywords each dialect knows, with the value forms and limits of
// seed 002 ("Other optional license parameters" and the table of maximum field
// lengths). RLM rejects unknown keywords ("The license file parser will reject
// unknown keywords"); FlexLM files carry many vendor-defined ones, so there an
// unknown keyword is only a warning.

export const INT_MAX = 2 ** 31 - 1;

type ValueForm =
  | 'string'
  | 'int'
  | 'date'
  | 'hostid'
  | 'share'
  | 'timezone'
  | 'time'
  | 'type'
  | 'disable'
  | 'named_user';

export interface AttributeSpec {
  form: ValueForm;
  /** longest value in characters (strings), or largest value (ints) */
  max?: number;
  /** smallest value (ints) */
  min?: number;
  /** may be written without `=value` */
  flag?: boolean;
  /** not allowed on an UPGRADE line (seed 002: "token and named_user are not allowed on an UPGRADE line") */
  notOnUpgrade?: boolean;
}

const s = (max?: number): AttributeSpec => (max === undefined ? { form: 'string' } : { form: 'string', max });
const int = (min: number, max = INT_MAX, flag = false): AttributeSpec => ({ form: 'int', min, max, flag });
const DATE: AttributeSpec = { form: 'date', max: 11 };

/** Optional parameters of RLM LICENSE and UPGRADE lines, lower case. */
export const RLM_LICENSE_ATTRIBUTES: ReadonlyMap<string, AttributeSpec> = new Map<string, AttributeSpec>([
  // "The maximum length of the activation key is 40 characters, including the akey= part."
  ['akey', s(40 - 'akey='.length)],
  // "The maximum cache time is one hour (3600 seconds)."
  ['client_cache', int(0, 3600)],
  ['contract', s(64)],
  ['customer', s(64)],
  ['disable', { form: 'disable' }],
  ['exptime', { form: 'time' }],
  ['hold', int(1)],
  ['host_based', int(1, INT_MAX, true)],
  ['hostid', { form: 'hostid' }],
  ['issued', DATE],
  ['issuer', s(64)],
  ['_line_item', s(64)],
  // "To disable roaming on a particular license, set max_roam=-1"
  ['max_roam', int(-1)],
  ['max_roam_count', int(0)],
  ['meter_counter', int(0)],
  ['meter_dec', int(0)],
  ['meter_period', int(0)],
  ['meter_period_dec', int(0)],
  ['min_checkout', int(1)],
  // "If min_remove is set to -1, then rlmremove ... is disabled"; range up to 2^31
  ['min_remove', int(-1, 2 ** 31)],
  ['min_timeout', int(1)],
  ['named_user', { form: 'named_user', flag: true, notOnUpgrade: true }],
  ['options', s(64)],
  ['_password', s(32)],
  ['platforms', s(80)],
  ['replace', { form: 'string', flag: true }],
  ['start', DATE],
  ['soft_limit', int(0)],
  ['share', { form: 'share' }],
  ['timezone', { form: 'timezone' }],
  ['type', { form: 'type', max: 14 }],
  ['user_based', int(1, INT_MAX, true)],
  ['personal', int(1, INT_MAX, true)],
  ['token', { form: 'string', notOnUpgrade: true }],
  // "_id=nnn ... a positive integer, less than 2^31"
  ['_id', int(0)],
  ['_ck', s()],
  ['sig', s()],
  // the reference's own literal-license example writes the signature as key="..."
  ['key', s()],
]);

/** Optional parameters of an RLM ISV/VENDOR/DAEMON line. */
export const RLM_ISV_ATTRIBUTES: ReadonlyMap<string, AttributeSpec> = new Map<string, AttributeSpec>([
  ['binary', s()],
  ['options', s()],
  ['port', int(1, 65535)],
  // "The password string must be <= 32 characters."
  ['password', s(32)],
]);

/** Parameters of an RLM Cloud CUSTOMER line. */
export const RLM_CUSTOMER_ATTRIBUTES: ReadonlyMap<string, AttributeSpec> = new Map<string, AttributeSpec>([
  ['isv', s(10)],
  ['server', s(64)],
  ['port', int(1, 65535)],
  ['password', s(32)],
]);

/** Attribute keywords of FlexLM FEATURE/INCREMENT/UPGRADE/PACKAGE lines, lower case. */
export const FLEXLM_KNOWN_ATTRIBUTES: ReadonlySet<string> = new Set([
  'hostid',
  'sign',
  'sign2',
  'auth',
  'vendor_string',
  'issuer',
  'issued',
  'start',
  'notice',
  'dup_group',
  'suite_dup_group',
  'supersede',
  'supersede_sign',
  'ts_ok',
  'one_ts_ok',
  'float_ok',
  'borrow',
  'sn',
  'overdraft',
  'platforms',
  'user_based',
  'host_based',
  'minimum',
  'capacity',
  'sort',
  'ck',
  'dist_info',
  'vendor_info',
  'user_info',
  'asset_info',
  'components',
  'options',
]);

/** Dates FlexLM keeps in attributes; read by the model, so checked here. */
export const FLEXLM_DATE_ATTRIBUTES: ReadonlySet<string> = new Set(['issued', 'start']);

export const FLEXLM_SERVER_ATTRIBUTES: ReadonlySet<string> = new Set(['primary_is_master', 'heartbeat_interval', 'port']);
export const FLEXLM_VENDOR_ATTRIBUTES: ReadonlySet<string> = new Set(['options', 'port']);

/** Seed 002 field limits of the positional fields. */
export const RLM_LIMITS = {
  isv: 10,
  product: 40,
  version: 10,
  date: 11,
  hostname: 64,
  hostidSingle: 75,
  hostidList: 200,
  hostidListCount: 25,
  password: 32,
} as const;

export const LICENSE_TYPES: ReadonlySet<string> = new Set(['beta', 'demo', 'eval', 'subscription']);
export const DISABLE_ENVIRONMENTS: ReadonlyMap<string, string> = new Map([
  ['terminalserver', 'TerminalServer'],
  ['terminalserverallowrd', 'TerminalServerAllowRD'],
  ['vm', 'VM'],
]);

/** Count words of RLM, lower case (seed 002 "count"). */
export const RLM_COUNT_WORDS: ReadonlySet<string> = new Set([
  'uncounted',
  'single',
  'token',
  'token_bound',
  'token_unlocked',
  'token_locked',
  'meter',
  'metered',
]);
