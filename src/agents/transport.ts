/**
 * Where a queue sends mail next, as Postfix's transport_maps and relayhost decide it: a fixed next hop
 * for some domains (the MX hands its own domains to the MDA over LMTP), then a default that is either
 * a fixed relay (the MSA hands everything to its MTA) or a DNS MX lookup (the MTA).
 */
export interface Nexthop {
  readonly host: string;
  readonly port: number;
  readonly lmtp: boolean;
}

export interface Transport {
  readonly routes: Readonly<Record<string, Nexthop>>;
  readonly fallback: Nexthop | 'dns';
}

export type Route = { readonly kind: 'fixed'; readonly nexthop: Nexthop } | { readonly kind: 'dns'; readonly domain: string };

export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return (at < 0 ? '' : address.slice(at + 1)).toLowerCase();
}

export function routeFor(transport: Transport, address: string): Route {
  const domain = domainOf(address);
  const fixed = Object.entries(transport.routes).find(([d]) => d.toLowerCase() === domain)?.[1];
  if (fixed) return { kind: 'fixed', nexthop: fixed };
  return transport.fallback === 'dns' ? { kind: 'dns', domain } : { kind: 'fixed', nexthop: transport.fallback };
}

/** A key that groups recipients that travel together in one SMTP transaction. */
export function routeKey(route: Route): string {
  return route.kind === 'dns' ? `dns:${route.domain}` : `${route.nexthop.lmtp ? 'lmtp' : 'smtp'}:${route.nexthop.host}:${route.nexthop.port}`;
}
