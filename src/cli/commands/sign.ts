// Placeholder until the sign command lands; replaced by its real module.
import type { LicutilCommand } from '../command.js';
import { LicutilError } from '../../protocol/errors.js';

export const signCommand: LicutilCommand = {
  module: { command: 'sign', describe: 'sign (being built)', handler: () => undefined },
  run: async () => {
    throw new LicutilError('LICUTIL_E_INTERNAL', 'sign is being built');
  },
};
