// JournalFs on node:fs/promises.
import { constants } from 'node:fs';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
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

// A link planted where the journal goes must not be written through: the
// torn-tail repair truncated the file it pointed at (issue 14). 0 where the
// platform has no O_NOFOLLOW (Windows).
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const CHUNK = 64 * 1024;

async function* chunksOf(h: FileHandle): AsyncGenerator<Buffer> {
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await h.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await h.close();
  }
}

export const nodeJournalFs: JournalFs = {
  async mkdirp(dir) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  },
  async readChunks(path) {
    let h: FileHandle;
    try {
      h = await open(path, constants.O_RDONLY | NOFOLLOW);
    } catch (e) {
      if (isCode(e, 'ENOENT')) return null;
      throw e;
    }
    return chunksOf(h);
  },
  async openAppend(path): Promise<JournalFile> {
    // O_DSYNC makes every write(2) return only once its data (and the size
    // needed to read it back) is on disk, as write + fdatasync would; where
    // the platform has no O_DSYNC (Windows) the journal syncs after writing
    const dsync = constants.O_DSYNC;
    const flags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | NOFOLLOW;
    const h = await open(path, dsync ? flags | dsync : flags, 0o600);
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
    // a new file of our own: whatever was left at its name (a link included) goes first
    await unlink(tmp).catch((e: unknown) => {
      if (!isCode(e, 'ENOENT')) throw e;
    });
    const h = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
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
