// Text from files and servers reaches the terminal through here: a license file
// full of escape sequences must not recolour, move or clear the user's screen.
// Newlines and tabs stay (messages are multi-line on purpose), and so does a
// carriage return before a newline (CSV's line end, RFC 4180); every other C0/C1
// control, a lone carriage return among them (it rewrites the line), becomes a visible \xNN. The server's debug log has its own one-line
// variant (server/core/debug-log.ts), which must also fold newlines.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/g;

export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

/**
 * For human output with colour on: our own colour (SGR) sequences stay, any
 * other control is escaped, so text from a file can at worst change a colour,
 * never move the cursor or clear the screen.
 */
export function printableColoured(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(SGR)) {
    out += printable(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + printable(text.slice(last));
}
