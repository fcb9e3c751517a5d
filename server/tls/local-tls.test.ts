import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer } from 'node:tls';
import { X509Certificate } from '@peculiar/x509';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueServerCertificate, subjectNames, type CertifiedKey } from './certificates';
import { certificateNames, type CertificateNames } from './lan-names';
import { localTls } from './local-tls';
import { permittedNames } from './name-constraints';

const names: CertificateNames = { dns: ['crosscheck.test', 'localhost'], ips: ['127.0.0.1', '192.168.1.20'] };

/**
 * A real TLS handshake, verified by Node's OpenSSL: the chain, the CA's name constraints, the host name.
 * 'trusted', or OpenSSL's reason (Node gives name-constraint failures the code UNSPECIFIED, so the message).
 */
async function handshake(server: CertifiedKey, ca: string, servername?: string): Promise<string> {
  const listener = createServer(server, (socket) => socket.end());
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as AddressInfo;
  try {
    return await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port, ca, servername }, () => {
        socket.destroy();
        resolve('trusted');
      });
      socket.once('error', (error: Error) => resolve(error.message));
    });
  } finally {
    listener.close();
  }
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crosscheck-tls-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('localTls', () => {
  it('issues a server certificate that chains to the CA, for each of its names', async () => {
    const tls = await localTls(dir, names);
    expect(subjectNames(new X509Certificate(tls.server.cert))).toEqual(names);
    expect(await handshake(tls.server, tls.caCert, 'crosscheck.test')).toBe('trusted');
    expect(await handshake(tls.server, tls.caCert, 'localhost')).toBe('trusted');
    expect(await handshake(tls.server, tls.caCert)).toBe('trusted'); // by address: 127.0.0.1
    expect(await handshake(tls.server, tls.caCert, 'elsewhere.test')).toMatch(
      /does not match certificate's altnames/,
    );
    const otherCa = await localTls(null, names);
    expect(await handshake(tls.server, otherCa.caCert, 'crosscheck.test')).toBe(
      'unable to verify the first certificate',
    );
  });

  it('constrains the CA (critically) to exactly the names it signs for, so it cannot vouch for any other', async () => {
    const tls = await localTls(dir, names);
    const ca = new X509Certificate(tls.caCert);
    expect(permittedNames(ca)).toEqual(names);
    expect(ca.getExtension('2.5.29.30')?.critical).toBe(true);
    const ca0 = { cert: tls.caCert, key: await readFile(join(dir, 'ca-key.pem'), 'utf8') };
    const rogue = await issueServerCertificate(ca0, { dns: ['bank.example'], ips: [] });
    expect(await handshake(rogue, tls.caCert, 'bank.example')).toBe('permitted subtree violation');
    const rogueAddress = await issueServerCertificate(ca0, { dns: [], ips: ['127.0.0.2'] });
    expect(await handshake(rogueAddress, tls.caCert)).toBe('permitted subtree violation');
  });

  it('reuses the CA and the server certificate across restarts', async () => {
    const first = await localTls(dir, names);
    const second = await localTls(dir, names);
    expect(first.caCreated).toBe(true);
    expect(second.caCreated).toBe(false);
    expect(second.caCert).toBe(first.caCert);
    expect(second.caFingerprint).toBe(first.caFingerprint);
    expect(second.server).toEqual(first.server);
    expect(first.caFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('re-issues the server certificate when the names change, keeping the CA while it covers them', async () => {
    const first = await localTls(dir, names);
    const fewer = { dns: names.dns, ips: ['127.0.0.1'] };
    const second = await localTls(dir, fewer);
    expect(second.caCreated).toBe(false);
    expect(second.caCert).toBe(first.caCert);
    expect(subjectNames(new X509Certificate(second.server.cert))).toEqual(fewer);
    expect(await handshake(second.server, first.caCert)).toBe('trusted');

    const moved = { dns: names.dns, ips: ['10.0.0.7', '127.0.0.1'] };
    const third = await localTls(dir, moved);
    expect(third.caCreated).toBe(true);
    expect(permittedNames(new X509Certificate(third.caCert))).toEqual(moved);
    expect(await handshake(third.server, third.caCert, 'crosscheck.test')).toBe('trusted');
  });

  it('re-issues the server certificate before it expires', async () => {
    const first = await localTls(dir, names);
    const later = await localTls(dir, names, new Date(Date.now() + 340 * 24 * 3600_000));
    expect(later.caCreated).toBe(false);
    expect(later.server.cert).not.toBe(first.server.cert);
  });

  it('creates the key files mode 0600, even over older files', async () => {
    await writeFile(join(dir, 'server-key.pem'), 'stale', { mode: 0o644 });
    await localTls(dir, names);
    for (const file of ['ca-key.pem', 'server-key.pem'])
      expect((await stat(join(dir, file))).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o077).toBe(0);
  });

  it('makes a CA in memory, writing nothing, without a data directory', async () => {
    const tls = await localTls(null, names);
    expect(tls.caPath).toBeNull();
    expect(await handshake(tls.server, tls.caCert, 'crosscheck.test')).toBe('trusted');
  });
});

describe('certificateNames', () => {
  it('names localhost, this machine, the extra names, loopback, the LAN addresses and the host address', () => {
    const got = certificateNames({
      host: '192.168.1.20',
      extraDnsNames: ['crosscheck.test'],
      lanIps: ['192.168.1.20', '10.0.0.3'],
    });
    expect(got.dns).toEqual(expect.arrayContaining(['crosscheck.test', 'localhost']));
    expect(got.ips).toEqual(['10.0.0.3', '127.0.0.1', '192.168.1.20']);
    expect(certificateNames({ host: '0.0.0.0', lanIps: [] }).ips).toEqual(['127.0.0.1']);
  });

  it('refuses an extra name that is not a DNS name, naming the option', () => {
    expect(() => certificateNames({ host: '127.0.0.1', extraDnsNames: ['bad name'] })).toThrow(
      /--tls-name: "bad name" is not a DNS name/,
    );
  });
});
