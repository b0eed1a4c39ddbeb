// The TLS key the server is given: an RSA key under 2048 bits can be factored
// by a well-funded attacker and is refused by current clients, so it is a
// configuration error (exit 78) named with its file and size, not a TLS
// failure at the first connection (issue 14).
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { LicutilError } from '../../protocol/errors.js';

const MIN_RSA_BITS = 2048;


function tooSmall(bits: number | undefined): boolean {
  return bits !== undefined && bits < MIN_RSA_BITS;
}

/** Throws LICUTIL_E_CONFIG for a key (or certificate) that is not one, or an RSA one under 2048 bits. */
export function checkTlsKeyPair(key: Buffer, keyFile: string, cert: Buffer, certFile: string): void {
  let bits: number | undefined;
  try {
    const k = createPrivateKey(key);
    if (k.asymmetricKeyType === 'rsa' || k.asymmetricKeyType === 'rsa-pss') bits = k.asymmetricKeyDetails?.modulusLength;
  } catch (e) {
    throw new LicutilError('LICUTIL_E_CONFIG', `${keyFile} is not a private key licutil can read: ${(e as Error).message}`, 'give --tls-key a PEM private key');
  }
  if (tooSmall(bits)) {
    throw new LicutilError('LICUTIL_E_CONFIG', `${keyFile} is an RSA key of ${bits} bits; the server needs 2048 bits or more`, 'make a new key and certificate, e.g. `openssl req -x509 -newkey rsa:3072 ...` or an EC key (`-newkey ec -pkeyopt ec_paramgen_curve:P-256`)');
  }
  let certBits: number | undefined;
  try {
    const pub = new X509Certificate(cert).publicKey;
    if (pub.asymmetricKeyType === 'rsa' || pub.asymmetricKeyType === 'rsa-pss') certBits = pub.asymmetricKeyDetails?.modulusLength;
  } catch (e) {
    throw new LicutilError('LICUTIL_E_CONFIG', `${certFile} is not a certificate licutil can read: ${(e as Error).message}`, 'give --tls-cert a PEM certificate');
  }
  if (tooSmall(certBits)) {
    throw new LicutilError('LICUTIL_E_CONFIG', `${certFile} holds an RSA key of ${certBits} bits; the server needs 2048 bits or more`, 'issue a certificate for a key of 2048 bits or more');
  }
}
