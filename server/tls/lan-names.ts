import { hostname, networkInterfaces } from 'node:os';

/** The names and addresses a server certificate is issued for, and its CA is constrained to. */
export interface CertificateNames {
  dns: string[];
  ips: string[];
}

/** This machine's IPv4 addresses on the LAN (not loopback). */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((i) => i !== undefined && i.family === 'IPv4' && !i.internal)
    .map((i) => i!.address);
}

/** The URLs other devices on the LAN reach this server by. */
export function lanUrls(scheme: 'http' | 'https', port: number): string[] {
  return lanAddresses().map((ip) => `${scheme}://${ip}:${port}/`);
}

const dnsName = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const ipv4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/**
 * Every name a browser may reach this server by: localhost, this machine's mDNS name (`<hostname>.local`),
 * `extraDnsNames` (a local DNS name; tests use one mapped to loopback), 127.0.0.1, the LAN addresses and
 * `host` when it is one address. Sorted, so an unchanged set compares equal across restarts.
 */
export function certificateNames(options: {
  host: string;
  extraDnsNames?: string[];
  lanIps?: string[];
}): CertificateNames {
  const extra = (options.extraDnsNames ?? []).map((name) => name.toLowerCase());
  for (const name of extra) {
    if (!dnsName.test(name))
      throw new Error(`--tls-name: "${name}" is not a DNS name (letters, digits, hyphens and dots)`);
  }
  const machine = hostname().toLowerCase().split('.')[0];
  const dns = ['localhost', ...(dnsName.test(machine) ? [`${machine}.local`] : []), ...extra];
  const host = ipv4.test(options.host) && options.host !== '0.0.0.0' ? [options.host] : [];
  const ips = ['127.0.0.1', ...(options.lanIps ?? lanAddresses()), ...host];
  return { dns: [...new Set(dns)].sort(), ips: [...new Set(ips)].sort() };
}

/** Whether every name in `wanted` is in `have`. */
export function namesCovered(have: CertificateNames, wanted: CertificateNames): boolean {
  return wanted.dns.every((d) => have.dns.includes(d)) && wanted.ips.every((ip) => have.ips.includes(ip));
}

export function sameNames(a: CertificateNames, b: CertificateNames): boolean {
  return namesCovered(a, b) && namesCovered(b, a);
}
