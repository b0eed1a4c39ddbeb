// The real file system behind FsView, for the CLI and the server.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import type { FsKind, FsView } from './types.js';

export const nodeFsView: FsView = {
  kind(path: string): FsKind {
    try {
      const st = statSync(path);
      return st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'missing';
    } catch {
      return 'missing';
    }
  },
  list(dir: string): string[] {
    return readdirSync(dir);
  },
  read(path: string): string {
    return readFileSync(path, 'utf8');
  },
};
