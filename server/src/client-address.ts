import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/**
 * Which peers may say who the client is (`X-Forwarded-For`), in the convention of Express' `trust
 * proxy` and the `proxy-addr` package: a hop count (that many proxies in front, whatever their
 * addresses), or a list of addresses and CIDR ranges, with the names `loopback`, `linklocal` and
 * `uniquelocal` for their ranges. Nothing trusted: the socket's peer is the client.
 */
export type TrustedProxies = { hops: number } | { ranges: BlockList } | null;

/** The ranges `proxy-addr` names. */
const NAMED_RANGES: Record<string, string[]> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/**
 * Reads `VETLINE_TRUSTED_PROXIES`: unset or empty trusts nobody; a whole number is a hop count;
 * anything else a comma-separated list of addresses, CIDR ranges and range names.
 * @throws Error naming the first entry that is none of these.
 */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const text = value?.trim() ?? '';
  if (!text) return null;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops > 0 ? { hops } : null;
  }
  const ranges = new BlockList();
  for (const entry of text.split(',').map((item) => item.trim()).filter(Boolean)) {
    for (const range of NAMED_RANGES[entry.toLowerCase()] ?? [entry]) {
      const [address = '', prefix, extra] = range.split('/');
      const family = isIP(address);
      const bits = prefix === undefined ? (family === 6 ? 128 : 32) : /^\d+$/.test(prefix) ? Number(prefix) : NaN;
      if (!family || extra !== undefined || !(bits >= 0 && bits <= (family === 6 ? 128 : 32))) {
        throw new Error(`${entry} is not an IP address, a CIDR range (10.0.0.0/8), a hop count, or loopback, linklocal or uniquelocal`);
      }
      ranges.addSubnet(address, bits, family === 6 ? 'ipv6' : 'ipv4');
    }
  }
  return { ranges };
}

/**
 * The client's address of a request (HTTP, or a WebSocket's upgrade): the socket's peer, unless
 * that peer is a trusted proxy, in which case `X-Forwarded-For` is walked from its right end (the
 * entry the nearest proxy wrote) past every trusted hop; the first untrusted entry is the client.
 * A peer nobody trusts cannot spoof its address with the header.
 */
export function clientAddressOf(request: IncomingMessage, trusted: TrustedProxies): string | undefined {
  const peer = request.socket.remoteAddress;
  if (!trusted || !peer) return peer;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((item) => item.trim()).filter(Boolean);
  // Nearest first: the peer, then what each proxy in turn says it was talking to.
  const chain = [peer, ...forwarded.reverse()];
  for (let hop = 0; hop < chain.length - 1; hop++) {
    if (!isTrusted(chain[hop]!, hop, trusted)) return chain[hop];
  }
  return chain[chain.length - 1];
}

function isTrusted(address: string, hop: number, trusted: NonNullable<TrustedProxies>): boolean {
  if ('hops' in trusted) return hop < trusted.hops;
  // An IPv4-mapped IPv6 peer (::ffff:10.0.0.1) is its IPv4 address.
  const plain = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)?.[1] ?? address;
  const family = isIP(plain);
  return family !== 0 && trusted.ranges.check(plain, family === 6 ? 'ipv6' : 'ipv4');
}
