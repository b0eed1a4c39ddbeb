// Signing and verification of license files: what other layers import.
export { canonicalPayload, isCoveredAttribute, isCounted, normalizeCount, normalizeExpiry, PAYLOAD_VERSION, SIGNATURE_ATTRIBUTES } from './canonical.js';
export { statementHunks, unifiedDiff } from './diff.js';
export type { Hunk } from './diff.js';
export { decodeSignature, encodeSignature, isLicutilSignature, SIGNATURE_SCHEME } from './encoding.js';
export { findPublicKey, generateKeyPair, isvFromKeyFile, parsePrivateKey, parsePublicKey } from './keys.js';
export type { FoundKey, KeyFs, KeyPairPem, KeySearch } from './keys.js';
export { signatureFor, signDocument } from './sign.js';
export type { SignedLine, SignOptions, SignResult, SkippedLine } from './sign.js';
export { DETAIL_INVALID, keyLookup, signatureOf, verifyDocument, verifyGrant } from './verify.js';
export type { GrantVerification, KeyLookup, SignatureKind, SignatureStatus, VerifiedGrant } from './verify.js';
