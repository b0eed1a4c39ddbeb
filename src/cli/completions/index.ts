// The three completion scripts, as completions/ holds them: written by
// scripts/build.mjs from the command list, compared by the completion tests.
import { COMMANDS } from '../commands/index.js';
import { bashScript } from './bash.js';
import { fishScript } from './fish.js';
import { completionModel } from './model.js';
import { zshScript } from './zsh.js';

/** file name under completions/ → its text */
export function completionScripts(): Record<string, string> {
  const model = completionModel(COMMANDS);
  return { 'licutil.bash': bashScript(model), _licutil: zshScript(model), 'licutil.fish': fishScript(model) };
}
