// Placeholder until the stat command lands; replaced by its real module.
import type { LicutilCommand } from '../command.js';
import { LicutilError } from '../../protocol/errors.js';

export const statCommand: LicutilCommand = {
  module: { command: 'stat', describe: 'stat (being built)', handler: () => undefined },
  run: async () => {
    throw new LicutilError('LICUTIL_E_INTERNAL', 'stat is being built');
  },
};
