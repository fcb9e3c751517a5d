import { AsnConvert } from '@peculiar/asn1-schema';
import {
  GeneralName,
  GeneralSubtree,
  GeneralSubtrees,
  id_ce_nameConstraints,
  NameConstraints,
} from '@peculiar/asn1-x509';
import { Extension, type X509Certificate } from '@peculiar/x509';
import type { CertificateNames } from './lan-names';

/**
 * The CA's key sits on disk, so the CA may only vouch for this machine's names: every browser that
 * trusts it rejects a certificate it signed for any other name (RFC 5280 4.2.1.10; critical, as required).
 * Each address is permitted alone (a /32), not its whole subnet.
 */
export function nameConstraintsExtension(names: CertificateNames): Extension {
  const subtrees = [
    ...names.dns.map((dNSName) => new GeneralSubtree({ base: new GeneralName({ dNSName }) })),
    ...names.ips.map((ip) => new GeneralSubtree({ base: new GeneralName({ iPAddress: `${ip}/32` }) })),
  ];
  const value = AsnConvert.serialize(
    new NameConstraints({ permittedSubtrees: new GeneralSubtrees(subtrees) }),
  );
  return new Extension(id_ce_nameConstraints, true, value);
}

/** The names a CA certificate permits, or null when it has no name constraints (then it is not ours to reuse). */
export function permittedNames(ca: X509Certificate): CertificateNames | null {
  const extension = ca.getExtension(id_ce_nameConstraints);
  if (!extension) return null;
  const constraints = AsnConvert.parse(extension.value, NameConstraints);
  const bases = (constraints.permittedSubtrees ?? []).map((subtree) => subtree.base);
  return {
    dns: bases.flatMap((base) => (base.dNSName === undefined ? [] : [base.dNSName])).sort(),
    ips: bases
      .flatMap((base) => (base.iPAddress?.endsWith('/32') ? [base.iPAddress.slice(0, -3)] : []))
      .sort(),
  };
}
