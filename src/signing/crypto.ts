// node:crypto is loaded the first time a key or a signature is used, not when
// the signing modules are imported: loading it is one of the largest parts of
// a short command's start-up (bench: startup), and most runs of `env` and
// `stat -i` meet no signature at all.
import type * as NodeCrypto from 'node:crypto';

export type KeyObject = NodeCrypto.KeyObject;

export function nodeCrypto(): typeof NodeCrypto {
  return process.getBuiltinModule('node:crypto');
}
