// Builders for the lines that say where licenses are served: HOST/SERVER,
// ISV/VENDOR/DAEMON, USE_SERVER and RLM Cloud's CUSTOMER. The two dialects share
// the layouts; `strict` means RLM rules (unknown keywords are errors, seed 002
// field limits apply), otherwise FlexLM's (unknown keywords are warnings).
import {
  FLEXLM_SERVER_ATTRIBUTES,
  FLEXLM_VENDOR_ATTRIBUTES,
  RLM_CUSTOMER_ATTRIBUTES,
  RLM_ISV_ATTRIBUTES,
  RLM_LIMITS,
} from './attributes.js';
import { attrFacts, checkHostid, checkLength, checkPlaceholder, checkRlmAttribute } from './checks.js';
import type { BuildContext } from './context.js';
import {
  base,
  flagAttribute,
  missingField,
  parsePort,
  reportDuplicates,
  reportUnknownAttribute,
  toAttribute,
} from './fields.js';
import type { RawStatement } from './lexer.js';
import type {
  Attribute,
  CustomerStatement,
  HostStatement,
  InvalidStatement,
  IsvStatement,
  Token,
  UseServerStatement,
} from './types.js';

function split(raw: RawStatement, maxPositional: number): { pos: Token[]; attrs: Attribute[] } {
  const pos: Token[] = [];
  const attrs: Attribute[] = [];
  for (const tok of raw.tokens) {
    const a = toAttribute(tok);
    if (a !== null) attrs.push(a);
    else if (pos.length < maxPositional) pos.push(tok);
    else attrs.push(flagAttribute(tok));
  }
  return { pos, attrs };
}

function extraField(ctx: BuildContext, a: Attribute, line: string, strict: boolean): void {
  ctx.sink.add(
    a.token.start,
    strict ? 'error' : 'warning',
    'LIC_EXTRA_FIELD',
    `${a.key} is one field too many for a ${line} line.`,
    'Remove it, or write it as keyword=value if it is an option.',
  );
}

export function buildHost(ctx: BuildContext, raw: RawStatement, strict: boolean): HostStatement | InvalidStatement {
  const usage = `${raw.upper} hostname hostid [port]`;
  const { pos, attrs } = split(raw, 3);
  const [hostname, hostid, portTok] = pos;
  if (hostname === undefined) return missingField(ctx, raw, 'hostname', usage);
  if (hostid === undefined) return missingField(ctx, raw, 'hostid', usage);
  let port = portTok !== undefined ? parsePort(ctx, portTok, portTok.text) : null;
  checkPlaceholder(ctx, hostname, 'hostname');
  checkPlaceholder(ctx, hostid, 'hostid');
  if (strict) {
    checkLength(ctx, hostname.start, 'hostname', RLM_LIMITS.hostname, hostname.text);
    checkHostid(ctx, hostid.start, hostid.text);
  }
  for (const a of attrs) {
    if (a.name === 'port' && a.valueToken !== null && a.value !== null) {
      port = parsePort(ctx, a.valueToken, a.value);
    } else if (strict) {
      if (a.value === null) extraField(ctx, a, raw.upper, true);
      else reportUnknownAttribute(ctx, a, new Set(['port']), raw.upper, true);
    } else if (!FLEXLM_SERVER_ATTRIBUTES.has(a.name)) {
      reportUnknownAttribute(ctx, a, FLEXLM_SERVER_ATTRIBUTES, raw.upper, false);
    }
  }
  reportDuplicates(ctx, attrs, strict);
  return {
    kind: 'host',
    ...base(raw),
    hostname: hostname.text,
    hostid: hostid.text,
    port,
    tokens: pos,
    attrs,
  };
}

/**
 * ISV/VENDOR/DAEMON name [binary [options [port]]] [binary=] [options=] [port=] [password=].
 * Seed 002: "If you specify the same parameter both as a positional parameter and
 * as a keyword=value parameter, the value of the keyword=value parameter will be used."
 */
export function buildIsv(ctx: BuildContext, raw: RawStatement, strict: boolean): IsvStatement | InvalidStatement {
  const usage = strict
    ? `${raw.upper} isvname [binary [options-file [port]]] [binary=...] [options=...] [port=...] [password=...]`
    : `${raw.upper} vendor [daemon-path] [[OPTIONS=]options-file] [[PORT=]port]`;
  const { pos, attrs } = split(raw, 4);
  const [nameTok, binaryTok, optionsTok, portTok] = pos;
  if (nameTok === undefined) return missingField(ctx, raw, strict ? 'ISV name' : 'vendor name', usage);
  if (strict) checkLength(ctx, nameTok.start, 'ISV name', RLM_LIMITS.isv, nameTok.text);
  let binary = binaryTok?.text ?? null;
  let options = optionsTok?.text ?? null;
  let port = portTok !== undefined ? parsePort(ctx, portTok, portTok.text) : null;
  let password: string | null = null;
  const known = strict ? RLM_ISV_ATTRIBUTES : FLEXLM_VENDOR_ATTRIBUTES;
  for (const a of attrs) {
    const has = strict ? RLM_ISV_ATTRIBUTES.has(a.name) : FLEXLM_VENDOR_ATTRIBUTES.has(a.name);
    if (!has || a.value === null || a.valueToken === null) {
      if (a.value === null) extraField(ctx, a, raw.upper, strict);
      else reportUnknownAttribute(ctx, a, known, raw.upper, strict);
      continue;
    }
    if (a.name === 'port') port = parsePort(ctx, a.valueToken, a.value);
    else if (a.name === 'binary') binary = a.value;
    else if (a.name === 'options') options = a.value;
    else if (a.name === 'password') {
      password = a.value;
      checkLength(ctx, a.valueToken.start, 'password', RLM_LIMITS.password, a.value);
    }
  }
  reportDuplicates(ctx, attrs, strict);
  return {
    kind: 'isv',
    ...base(raw),
    name: nameTok.text,
    binary,
    options,
    port,
    password,
    tokens: pos,
    attrs,
  };
}

export function buildUseServer(ctx: BuildContext, raw: RawStatement): UseServerStatement {
  const first = raw.tokens[0];
  if (first !== undefined) {
    ctx.sink.warning(
      first.start,
      'LIC_EXTRA_FIELD',
      'USE_SERVER takes no fields; the rest of the line is ignored.',
      'Remove everything after USE_SERVER.',
    );
  }
  return { kind: 'use_server', ...base(raw), tokens: raw.tokens, attrs: [] };
}

/** CUSTOMER customer-name isv=isvname server=server-name port=port# password=yourpw (RLM Cloud). */
export function buildCustomer(ctx: BuildContext, raw: RawStatement): CustomerStatement | InvalidStatement {
  const { pos, attrs } = split(raw, 1);
  const [nameTok] = pos;
  if (nameTok === undefined) {
    return missingField(ctx, raw, 'customer name', 'CUSTOMER customer-name isv=isvname server=host port=N password=pw');
  }
  for (const a of attrs) {
    const spec = RLM_CUSTOMER_ATTRIBUTES.get(a.name);
    if (spec === undefined) {
      if (a.value === null) extraField(ctx, a, 'CUSTOMER', true);
      else reportUnknownAttribute(ctx, a, RLM_CUSTOMER_ATTRIBUTES, 'CUSTOMER', true);
    } else {
      checkRlmAttribute(ctx, attrFacts(a), spec, false);
    }
  }
  reportDuplicates(ctx, attrs, true);
  return { kind: 'customer', ...base(raw), name: nameTok.text, tokens: pos, attrs };
}
