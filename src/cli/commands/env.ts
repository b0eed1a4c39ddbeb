// Placeholder until the env command lands; replaced by its real module.
import type { LicutilCommand } from '../command.js';
import { LicutilError } from '../../protocol/errors.js';

export const envCommand: LicutilCommand = {
  module: { command: 'env', describe: 'env (being built)', handler: () => undefined },
  run: async () => {
    throw new LicutilError('LICUTIL_E_INTERNAL', 'env is being built');
  },
};
