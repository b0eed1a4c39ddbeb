// What the lmstat/rlmstat readers return: licutil's own status documents, one
// per license server in the text, plus everything they could not place.
import type { ServerInfo, StatusResponse, StatusSource } from '../../protocol/messages.js';

/** A status document read from vendor text; `server.source` says which layout it came from. */
export interface ParsedServer extends StatusResponse {
  server: ServerInfo & { source: StatusSource };
  /**
   * The text says this license server could not be asked (lmstat's "Error
   * getting status: ...", no node UP; rlmutil's "Error connecting to "rlm"
   * server"): its pools and checkouts are unknown, not empty.
   */
  outage?: ServerOutage;
}

/** Why the vendor tool got no status, with its error decoded from the vendor's table (as `explain` does). */
export interface ServerOutage {
  line: number;
  dialect: 'flexlm' | 'rlm';
  /** the vendor code: as printed ("-15,570:111"), or the RLM code its words stand for ("-111") */
  code: string;
  /** the vendor's symbolic name (LM_CANTCONNECT, RLM_EH_CONN_REFUSED); "" when the table has none */
  name: string;
  /** the vendor table's title of that code */
  title: string;
  /** the tool's own sentence */
  message: string;
  /** the operating system's words, e.g. "Connection refused" */
  system_text?: string;
  /** what the network answered, in the words of licutil's own failures */
  kind: 'refused' | 'timeout' | 'dns' | 'unreachable' | 'unavailable';
}

/** A line the reader did not understand, 1-based, without its line ending. */
interface UnparsedLine {
  line: number;
  text: string;
}

/** A FlexNet or RLM error the text reports, e.g. lmstat's "(-15,570:115 "Operation now in progress")". */
export interface VendorErrorMention {
  line: number;
  /** the code as printed ("-15,570:115", "-97,121"); "" when the tool printed only words */
  code: string;
  /** the tool's sentence before the code */
  message: string;
  /** the operating system's text in quotes after the code, when there is one */
  system_text?: string;
  /** the node, daemon or feature it was reported for */
  subject?: string;
}

export interface LegacyParseResult {
  servers: ParsedServer[];
  unparsed: UnparsedLine[];
  errors: VendorErrorMention[];
  /** the tool's own banner, when the text starts with one */
  tool?: { name: string; version?: string; banner?: string };
}

export interface LegacyParseOptions {
  /**
   * IANA zone the server printed its times in (default "UTC"). lmstat and
   * rlmstat print local time without a zone, so the reader must be told.
   */
  timeZone?: string;
  /**
   * Reference date for the year of "start Fri 10/20 16:40" when the text has
   * none of its own (lmstat's "status on" line, rlmstat's "init time").
   */
  now?: Date;
}

export interface LegacyRenderOptions {
  /** IANA zone to print times in (default "UTC") */
  timeZone?: string;
  /** the time the status was taken (lmstat's "status on" line); default: the latest time in the document */
  now?: Date;
}
