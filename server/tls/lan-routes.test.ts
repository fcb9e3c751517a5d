import { describe, expect, it } from 'vitest';
import { freshServer } from '../test/store-backends';
import { lanUrls } from './lan-names';
import { lanRoutes } from './lan-routes';

const ca = { cert: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', fingerprint: 'AB:CD' };

describe('lanRoutes', () => {
  it('offers the CA certificate as a file iOS installs as a profile, and its fingerprint', async () => {
    const app = lanRoutes({ onLan: true, ca });
    const download = await app.request('https://192.168.1.20:8443/ca.crt');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/x-x509-ca-cert');
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="crosscheck-ca.crt"');
    expect(await download.text()).toBe(ca.cert);
    const info = await (await app.request('https://192.168.1.20:8443/')).json();
    expect(info).toEqual({ urls: lanUrls('https', 8443), https: true, caFingerprint: 'AB:CD' });
  });

  it('says there is no CA without --https, and no LAN URL without --host', async () => {
    const app = lanRoutes({ onLan: false });
    const download = await app.request('http://127.0.0.1:8080/ca.crt');
    expect(download.status).toBe(404);
    expect(await download.json()).toEqual({ error: 'no local CA: this server was started without --https' });
    expect(await (await app.request('http://127.0.0.1:8080/')).json()).toEqual({
      urls: [],
      https: false,
      caFingerprint: null,
    });
  });

  it('stays public when reads are private: a phone needs it before it has the lab token', async () => {
    const server = await freshServer(undefined, { privateReads: true });
    try {
      expect((await fetch(`${server.url}api/runs`)).status).toBe(401);
      expect((await fetch(`${server.url}api/lan`)).status).toBe(200);
    } finally {
      await server.close();
    }
  }, 60_000);
});
