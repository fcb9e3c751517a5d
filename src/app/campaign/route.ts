/** Which view a URL opens: the lab (/), the fleet (/fleet), a campaign link (/c/<id>) or the LAN set-up (/lan). */
export type Route = { kind: 'lab' } | { kind: 'fleet' } | { kind: 'lan' } | { kind: 'campaign'; id: string };

export function parseRoute(pathname: string): Route {
  const campaign = /^\/c\/([0-9a-f-]{36})\/?$/i.exec(pathname);
  if (campaign) return { kind: 'campaign', id: campaign[1].toLowerCase() };
  if (/^\/fleet\/?$/.test(pathname)) return { kind: 'fleet' };
  if (/^\/lan\/?$/.test(pathname)) return { kind: 'lan' };
  return { kind: 'lab' };
}
