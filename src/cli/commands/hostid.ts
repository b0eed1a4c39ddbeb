// Placeholder until the hostid command lands; replaced by its real module.
import type { LicutilCommand } from '../command.js';
import { LicutilError } from '../../protocol/errors.js';

export const hostidCommand: LicutilCommand = {
  module: { command: 'hostid', describe: 'hostid (being built)', handler: () => undefined },
  run: async () => {
    throw new LicutilError('LICUTIL_E_INTERNAL', 'hostid is being built');
  },
};
