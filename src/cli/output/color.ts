// Decide the colour level once, from every signal a user can give
// (clig.dev): --no-color, NO_COLOR, FORCE_COLOR, TERM=dumb, not a TTY, --json.
interface ColorInputs {
  flag: boolean;
  json: boolean;
  isTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

export function colorEnabled(i: ColorInputs): boolean {
  if (!i.flag || i.json) return false;
  if (i.env.NO_COLOR !== undefined && i.env.NO_COLOR !== '') return false;
  const force = i.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (i.env.TERM === 'dumb') return false;
  return i.isTTY;
}
