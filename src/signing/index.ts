// Signing and verification of license files: what other layers import.
export { canonicalPayload } from './canonical.js';
export { generateKeyPair, parsePrivateKey, parsePublicKey } from './keys.js';
export { signDocument } from './sign.js';
export { verifyDocument, verifyGrant } from './verify.js';

