// One row of a vendor's error table as licutil explains it. The names and
// numbers are the vendors' (FlexNet's lmclient.h, RLM's license.h); titles
// follow the wording their tools print so a pasted message is recognised; the
// meaning, causes and checks are licutil's own words.

export interface ErrorEntry {
  /** the number the tools print (negative) */
  code: number;
  /** the symbolic name in the vendor's header, e.g. LM_CANTCONNECT or RLM_EL_EXPIRED */
  name: string;
  /** the short message the tools print */
  title: string;
  /** what happened, in a sentence or two */
  meaning: string;
  /** what usually leads to it */
  causes: string[];
  /** what to look at, in order */
  checks: string[];
}

export function entry(code: number, name: string, title: string, meaning: string, causes: string[] = [], checks: string[] = []): ErrorEntry {
  return { code, name, title, meaning, causes, checks };
}

/** For codes only a programming mistake or a library fault produces. */
export const REPORT_TO_VENDOR = 'It points at the application or its licensing library, not at your setup: note the whole message and report it to the software vendor.';
