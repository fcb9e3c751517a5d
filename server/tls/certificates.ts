import type { webcrypto } from 'node:crypto';
import { hostname } from 'node:os';
import * as x509 from '@peculiar/x509';
import type { CertificateNames } from './lan-names';
import { nameConstraintsExtension } from './name-constraints';

/** ECDSA P-256 with SHA-256: accepted by Android, iOS, Chromium and Node, and quick to generate. */
const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const day = 24 * 3600_000;
/** Apple refuses server certificates valid for longer than 825 days; a year is re-issued well before. */
export const serverValidityDays = 365;
export const caValidityDays = 10 * 365;

/** A certificate and the key that goes with it, both PEM. */
export interface CertifiedKey {
  cert: string;
  key: string;
}

function serialNumber(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f; // a serial number is a positive integer
  return Buffer.from(bytes).toString('hex');
}

async function newKeys(): Promise<webcrypto.CryptoKeyPair> {
  return crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
}

async function keyPem(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** Phones' clocks may run a little behind: certificates start an hour ago. */
function validity(now: Date, days: number): { notBefore: Date; notAfter: Date } {
  return { notBefore: new Date(now.getTime() - 3600_000), notAfter: new Date(now.getTime() + days * day) };
}

/** A new root CA that may only sign for `names` (see name-constraints.ts). */
export async function createCa(names: CertificateNames, now = new Date()): Promise<CertifiedKey> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    // The date tells two CAs of one machine apart in a phone's list of installed certificates.
    name: [
      { CN: [`Crosscheck local CA (${hostname()}, ${now.toISOString().slice(0, 10)})`] },
      { O: ['Crosscheck'] },
    ],
    ...validity(now, caValidityDays),
    keys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      nameConstraintsExtension(names),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await keyPem(keys.privateKey) };
}

/** A server certificate for `names`, signed by `ca`. */
export async function issueServerCertificate(
  ca: CertifiedKey,
  names: CertificateNames,
  now = new Date(),
): Promise<CertifiedKey> {
  const caCert = new x509.X509Certificate(ca.cert);
  const caKey = await crypto.subtle.importKey(
    'pkcs8',
    x509.PemConverter.decodeFirst(ca.key),
    algorithm,
    false,
    ['sign'],
  );
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: [{ CN: [`Crosscheck on ${hostname()}`] }],
    issuer: caCert.subject,
    ...validity(now, serverValidityDays),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...names.dns.map((value) => ({ type: 'dns' as const, value })),
        ...names.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return { cert: cert.toString('pem'), key: await keyPem(keys.privateKey) };
}

/** The names a server certificate was issued for (its subjectAltName). */
export function subjectNames(cert: x509.X509Certificate): CertificateNames {
  const names = cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.items ?? [];
  const of = (type: string) =>
    names
      .filter((n) => n.type === type)
      .map((n) => n.value)
      .sort();
  return { dns: of('dns'), ips: of('ip') };
}
