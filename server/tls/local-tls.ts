import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { X509Certificate } from '@peculiar/x509';
import { createCa, issueServerCertificate, subjectNames, type CertifiedKey } from './certificates';
import { namesCovered, sameNames, type CertificateNames } from './lan-names';
import { permittedNames } from './name-constraints';

/** What the HTTPS server needs, and what a phone needs to trust it. */
export interface LocalTls {
  /** The server certificate and its key (PEM), for `https.createServer`. */
  server: CertifiedKey;
  /** The CA certificate (PEM), offered for download; its key never leaves the data directory. */
  caCert: string;
  /** SHA-256 of the CA certificate (DER), as phones show it: "AB:CD:…". */
  caFingerprint: string;
  /** The CA was made on this start: every phone must install it (again). */
  caCreated: boolean;
  /** Where the CA certificate is kept, or null when nothing is kept (in memory). */
  caPath: string | null;
}

/** Re-issue a certificate this long before it expires. */
const renewMs = 30 * 24 * 3600_000;

async function readPair(
  dir: string,
  name: string,
): Promise<{ pair: CertifiedKey; cert: X509Certificate } | null> {
  try {
    const [cert, key] = await Promise.all([
      readFile(join(dir, `${name}.pem`), 'utf8'),
      readFile(join(dir, `${name}-key.pem`), 'utf8'),
    ]);
    return { pair: { cert, key }, cert: new X509Certificate(cert) };
  } catch {
    return null; // missing or unreadable: made anew
  }
}

/** Key first, each written whole (rename) with mode 0600 from the start, so no one else ever reads it. */
async function writePair(dir: string, name: string, pair: CertifiedKey): Promise<void> {
  for (const [file, text, mode] of [
    [`${name}-key.pem`, pair.key, 0o600],
    [`${name}.pem`, pair.cert, 0o644],
  ] as const) {
    const temporary = join(dir, `.${file}.${process.pid}`);
    await writeFile(temporary, text, { mode });
    await rename(temporary, join(dir, file));
  }
}

async function made(
  dir: string | null,
  name: string,
  pair: CertifiedKey,
): Promise<{ pair: CertifiedKey; cert: X509Certificate }> {
  if (dir) await writePair(dir, name, pair);
  return { pair, cert: new X509Certificate(pair.cert) };
}

function fresh(cert: X509Certificate, now: Date): boolean {
  return cert.notAfter.getTime() - now.getTime() > renewMs;
}

async function fingerprint(cert: X509Certificate): Promise<string> {
  const hex = Buffer.from(await cert.getThumbprint('SHA-256'))
    .toString('hex')
    .toUpperCase();
  return hex.match(/../g)!.join(':');
}

/**
 * The local CA and a server certificate for `names`, kept in `dir` (null: in memory, made anew). The CA is
 * made once and reused while its name constraints cover `names` — so a phone installs it once; a new LAN
 * address it does not cover means a new CA. The server certificate is re-issued whenever the names change.
 */
export async function localTls(
  dir: string | null,
  names: CertificateNames,
  now = new Date(),
): Promise<LocalTls> {
  if (dir) await mkdir(dir, { recursive: true, mode: 0o700 });
  const storedCa = dir ? await readPair(dir, 'ca') : null;
  const caUsable =
    storedCa !== null &&
    fresh(storedCa.cert, now) &&
    namesCovered(permittedNames(storedCa.cert) ?? { dns: [], ips: [] }, names);
  const ca = caUsable ? storedCa : await made(dir, 'ca', await createCa(names, now));
  const storedServer = dir && caUsable ? await readPair(dir, 'server') : null;
  const serverUsable =
    storedServer !== null &&
    fresh(storedServer.cert, now) &&
    sameNames(subjectNames(storedServer.cert), names) &&
    (await storedServer.cert.verify({ publicKey: ca.cert.publicKey, signatureOnly: true }));
  const server = serverUsable
    ? storedServer
    : await made(dir, 'server', await issueServerCertificate(ca.pair, names, now));
  return {
    server: server.pair,
    caCert: ca.pair.cert,
    caFingerprint: await fingerprint(ca.cert),
    caCreated: !caUsable,
    caPath: dir ? join(dir, 'ca.pem') : null,
  };
}
