/** Which view a URL opens: the lab (/), the fleet (/fleet) or a campaign link (/c/<id>). */
export type Route = { kind: 'lab' } | { kind: 'fleet' } | { kind: 'campaign'; id: string };

export function parseRoute(pathname: string): Route {
  const campaign = /^\/c\/([0-9a-f-]{36})\/?$/i.exec(pathname);
  if (campaign) return { kind: 'campaign', id: campaign[1].toLowerCase() };
  if (/^\/fleet\/?$/.test(pathname)) return { kind: 'fleet' };
  return { kind: 'lab' };
}
