// Who is calling: the source address of a request, for login throttling and the audit trail.
// X-Forwarded-For is a claim anyone can send, so it is honoured only from a configured trusted
// proxy (IPLEDGER_TRUSTED_PROXIES: addresses and CIDRs, default `loopback`, where the gateway runs
// locally). The address is then the right-most entry that is not itself a trusted proxy: every
// hop to its right was appended by a proxy we trust, every entry to its left was written by the
// client and proves nothing.
import { BlockList, isIP } from 'node:net';
import type { Request } from 'express';

/** What `IPLEDGER_TRUSTED_PROXIES` means when it is not set. */
export const DEFAULT_TRUSTED_PROXIES = 'loopback';

/** Keywords a list may hold besides addresses and CIDRs. */
const KEYWORDS: Record<string, readonly string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

export class InvalidTrustedProxiesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTrustedProxiesError';
  }
}

/** `::ffff:127.0.0.1` is 127.0.0.1: one spelling per address in throttling rows and audit entries. */
export function normaliseAddress(address: string): string {
  const trimmed = address.trim();
  const unmapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed)?.[1];
  return (unmapped ?? trimmed).toLowerCase();
}

/** The list of proxies whose X-Forwarded-For is believed. */
export class TrustedProxies {
  private constructor(
    private readonly list: BlockList,
    /** The list as configured, for logs and error messages. */
    readonly description: string,
  ) {}

  /**
   * Parses a comma-separated list of addresses (`10.0.0.5`, `::1`), CIDRs (`10.0.0.0/8`) and the
   * keywords `loopback` and `private`; `none` (or an empty list) trusts nobody.
   */
  static parse(spec: string): TrustedProxies {
    const list = new BlockList();
    const items = spec
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter((item) => item.length > 0 && item !== 'none');
    for (const item of items.flatMap((item) => KEYWORDS[item] ?? [item])) {
      const [address = '', bits, ...rest] = item.split('/');
      const family = isIP(address);
      if (family === 0 || rest.length > 0) {
        throw new InvalidTrustedProxiesError(`"${item}" is not an IP address, a CIDR (10.0.0.0/8) or one of loopback, private, none`);
      }
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (bits === undefined) {
        list.addAddress(address, type);
        continue;
      }
      const prefix = Number(bits);
      if (!/^\d{1,3}$/.test(bits) || prefix > (family === 4 ? 32 : 128))
        throw new InvalidTrustedProxiesError(`"${item}" has an invalid prefix length`);
      list.addSubnet(address, prefix, type);
    }
    return new TrustedProxies(list, items.length === 0 ? 'none' : items.join(','));
  }

  /** Is `address` one of the trusted proxies? Anything that is not an IP address is not. */
  trusts(address: string): boolean {
    const normalised = normaliseAddress(address);
    const family = isIP(normalised);
    if (family === 0) return false;
    return this.list.check(normalised, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/** The entries of one or more X-Forwarded-For headers, left to right. */
function forwardedEntries(forwardedFor: string | readonly string[] | undefined): string[] {
  if (forwardedFor === undefined) return [];
  const headers = typeof forwardedFor === 'string' ? [forwardedFor] : forwardedFor;
  return headers
    .flatMap((header) => header.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

/**
 * The request's source address: the immediate peer unless it is a trusted proxy; then, walking
 * X-Forwarded-For from the right, the first entry that is not a trusted proxy. An entry that is
 * not an IP address stops the walk at the trusted hop that passed it on (a proxy we trust never
 * writes one); if every entry is trusted, the left-most one.
 */
export function resolveClientAddress(
  peer: string | undefined,
  forwardedFor: string | readonly string[] | undefined,
  trusted: TrustedProxies,
): string {
  if (peer === undefined || peer.length === 0) return 'unknown';
  let address = normaliseAddress(peer);
  if (!trusted.trusts(address)) return address;
  const entries = forwardedEntries(forwardedFor);
  for (let index = entries.length - 1; index >= 0; index -= 1) {
    const entry = normaliseAddress(entries[index] ?? '');
    if (isIP(entry) === 0) return address;
    address = entry;
    if (!trusted.trusts(entry)) return entry;
  }
  return address;
}

const SOURCE = Symbol('ipledger.source-address');
type RequestWithSource = Request & { [SOURCE]?: string };

/**
 * Express middleware: decides each request's source address once, from the socket's peer and
 * X-Forwarded-For, so throttling and the audit trail read the same value.
 */
export function sourceAddressResolver(trusted: TrustedProxies) {
  return (request: Request, _response: unknown, next: () => void): void => {
    (request as RequestWithSource)[SOURCE] = resolveClientAddress(
      request.socket.remoteAddress,
      request.headers['x-forwarded-for'],
      trusted,
    );
    next();
  };
}

/** The source address decided for this request (sourceAddressResolver); the peer's when none was. */
export function sourceAddressOf(request: Request): string {
  return (request as RequestWithSource)[SOURCE] ?? normaliseAddress(request.socket?.remoteAddress ?? 'unknown');
}
