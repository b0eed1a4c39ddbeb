// JournalFs on node:fs/promises.
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { JournalFile, JournalFs } from './fs.js';

function isCode(e: unknown, ...codes: string[]): boolean {
  return typeof e === 'object' && e !== null && codes.includes((e as { code?: string }).code ?? '');
}

async function syncDir(dir: string): Promise<void> {
  try {
    const h = await open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch (e) {
    // some platforms cannot fsync a directory; the rename is still atomic there
    if (!isCode(e, 'EISDIR', 'EPERM', 'EINVAL', 'EBADF')) throw e;
  }
}

export const nodeJournalFs: JournalFs = {
  async mkdirp(dir) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  },
  async readFile(path) {
    try {
      return await readFile(path);
    } catch (e) {
      if (isCode(e, 'ENOENT')) return null;
      throw e;
    }
  },
  async openAppend(path): Promise<JournalFile> {
    // O_DSYNC makes every write(2) return only once its data (and the size
    // needed to read it back) is on disk, as write + fdatasync would; where
    // the platform has no O_DSYNC (Windows) the journal syncs after writing
    const dsync = constants.O_DSYNC;
    const h = dsync ? await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | dsync, 0o600) : await open(path, 'a', 0o600);
    return {
      syncsOnWrite: Boolean(dsync),
      async write(data) {
        let off = 0;
        while (off < data.length) {
          const { bytesWritten } = await h.write(data, off, data.length - off);
          if (bytesWritten <= 0) throw new Error('write made no progress');
          off += bytesWritten;
        }
      },
      sync: () => h.datasync(),
      truncate: (length) => h.truncate(length),
      size: async () => (await h.stat()).size,
      close: () => h.close(),
    };
  },
  async replaceDurably(path, data) {
    const tmp = `${path}.tmp`;
    const h = await open(tmp, 'w', 0o600);
    try {
      await h.writeFile(data);
      await h.datasync();
    } finally {
      await h.close();
    }
    await rename(tmp, path);
    await syncDir(dirname(path));
  },
};
