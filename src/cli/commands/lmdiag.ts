// Placeholder until the lmdiag command lands; replaced by its real module.
import type { LicutilCommand } from '../command.js';
import { LicutilError } from '../../protocol/errors.js';

export const lmdiagCommand: LicutilCommand = {
  module: { command: 'lmdiag', describe: 'lmdiag (being built)', handler: () => undefined },
  run: async () => {
    throw new LicutilError('LICUTIL_E_INTERNAL', 'lmdiag is being built');
  },
};
