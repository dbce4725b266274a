import { InvalidTrustedProxiesError, normaliseAddress, resolveClientAddress, TrustedProxies } from './client-address';

describe('the source address of a request', () => {
  const loopback = TrustedProxies.parse('loopback');

  it('is the peer when the peer is not a trusted proxy, whatever X-Forwarded-For claims', () => {
    expect(resolveClientAddress('203.0.113.9', '198.51.100.1', loopback)).toBe('203.0.113.9');
    expect(resolveClientAddress('203.0.113.9', '127.0.0.1', loopback)).toBe('203.0.113.9');
  });

  it('is the right-most untrusted entry of X-Forwarded-For when the peer is trusted', () => {
    expect(resolveClientAddress('127.0.0.1', '198.51.100.7', loopback)).toBe('198.51.100.7');
    // The client wrote 6.6.6.6 itself; the trusted proxy appended the address it saw.
    expect(resolveClientAddress('127.0.0.1', '6.6.6.6, 198.51.100.7', loopback)).toBe('198.51.100.7');
    expect(resolveClientAddress('127.0.0.1', ['6.6.6.6', '198.51.100.7'], loopback)).toBe('198.51.100.7');
  });

  it('walks through a chain of trusted proxies', () => {
    const trusted = TrustedProxies.parse('loopback, 10.0.0.0/8');
    expect(resolveClientAddress('::1', '6.6.6.6, 198.51.100.7, 10.1.2.3', trusted)).toBe('198.51.100.7');
    expect(resolveClientAddress('::ffff:127.0.0.1', '10.1.2.3, 10.0.0.9', trusted)).toBe('10.1.2.3');
  });

  it('is the peer itself when a trusted peer sends no header, and stops at an entry that is not an address', () => {
    expect(resolveClientAddress('127.0.0.1', undefined, loopback)).toBe('127.0.0.1');
    expect(resolveClientAddress('127.0.0.1', 'unknown', loopback)).toBe('127.0.0.1');
    expect(resolveClientAddress('127.0.0.1', '198.51.100.7, nonsense', loopback)).toBe('127.0.0.1');
  });

  it('trusts nobody with none, and writes IPv4-mapped addresses as IPv4', () => {
    expect(resolveClientAddress('::ffff:127.0.0.1', '198.51.100.7', TrustedProxies.parse('none'))).toBe('127.0.0.1');
    expect(resolveClientAddress('127.0.0.1', '198.51.100.7', TrustedProxies.parse(''))).toBe('127.0.0.1');
    expect(normaliseAddress('::FFFF:10.0.0.1')).toBe('10.0.0.1');
    expect(normaliseAddress('2001:DB8::1')).toBe('2001:db8::1');
  });

  it('parses addresses, CIDRs and keywords, and refuses anything else naming it', () => {
    const trusted = TrustedProxies.parse('192.0.2.10,2001:db8::/32,private');
    expect(trusted.trusts('192.0.2.10')).toBe(true);
    expect(trusted.trusts('192.0.2.11')).toBe(false);
    expect(trusted.trusts('2001:db8:1::5')).toBe(true);
    expect(trusted.trusts('172.20.0.1')).toBe(true);
    expect(trusted.trusts('127.0.0.1')).toBe(false);
    expect(trusted.trusts('not-an-address')).toBe(false);
    expect(() => TrustedProxies.parse('loopback,proxy.example')).toThrow(InvalidTrustedProxiesError);
    expect(() => TrustedProxies.parse('10.0.0.0/33')).toThrow(/prefix length/);
  });
});
