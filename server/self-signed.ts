import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { networkInterfaces } from 'node:os';
import { generate } from 'selfsigned';

/** This machine's IPv4 addresses on the LAN (not loopback). */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && i.family === 'IPv4' && !i.internal)
    .map((i) => i!.address);
}

/**
 * A self-signed certificate for this machine's names and LAN addresses (phones need a secure context
 * for workers with wasm threads and WebGPU), kept in `dataDir` so a browser's exception stays valid.
 */
export async function selfSignedCertificate(dataDir: string | null, host: string): Promise<{ key: string; cert: string }> {
  const dir = dataDir ? join(dataDir, 'tls') : null;
  if (dir) {
    const [key, cert] = await Promise.all([readFile(join(dir, 'key.pem'), 'utf8'), readFile(join(dir, 'cert.pem'), 'utf8')]).catch(() => []);
    if (key && cert) return { key, cert };
  }
  const ips = ['127.0.0.1', ...lanAddresses(), ...(host.match(/^\d+\.\d+\.\d+\.\d+$/) ? [host] : [])];
  const pems = await generate([{ name: 'commonName', value: 'crosscheck.local' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 365 * 24 * 3600_000),
    extensions: [
      { name: 'subjectAltName', altNames: [{ type: 2 as const, value: 'localhost' }, ...ips.map((ip) => ({ type: 7 as const, ip }))] },
    ],
  });
  if (dir) {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'key.pem'), pems.private, { mode: 0o600 });
    await writeFile(join(dir, 'cert.pem'), pems.cert);
  }
  return { key: pems.private, cert: pems.cert };
}
