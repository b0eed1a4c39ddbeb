// FlexNet prints errors as `Message. (-15,570:115 "Operation now in progress")`:
// major code, minor code, optional system errno, optional system text. This
// finds such a reference at the end of a line so the readers can keep it.

interface ErrorReference {
  /** "-15,570:115" */
  code: string;
  major: number;
  minor: number | null;
  errno: number | null;
  /** the sentence before the parenthesis, trimmed */
  message: string;
  system_text?: string;
}

// (-15,570:115 "text") or (-97,121) or (-15,10:61) or (-18); the text may itself hold parentheses.
const TRAILING = /^(.*?)\s*\((-\d+)(?:,(\d+))?(?::(\d+))?(?:\s+"(.*)")?\)\s*$/;

export function trailingErrorReference(text: string): ErrorReference | null {
  const m = TRAILING.exec(text);
  if (!m) return null;
  const [, message = '', major = '', minor, errno, sys] = m;
  const code = `${major}${minor !== undefined ? `,${minor}` : ''}${errno !== undefined ? `:${errno}` : ''}`;
  const out: ErrorReference = {
    code,
    major: Number(major),
    minor: minor !== undefined ? Number(minor) : null,
    errno: errno !== undefined ? Number(errno) : null,
    message: message.trim(),
  };
  if (sys !== undefined && sys !== '') out.system_text = sys;
  return out;
}
