import { classifyAddress, isPublicAddress } from './address.js';

describe('address classification', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['0.0.0.0', 'unspecified'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'linkLocal'],
    ['fd00::1', 'uniqueLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['fec0::1', 'deprecatedSiteLocal'],
    ['100::1', 'discard'],
    ['2001:db8::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
  ])('refuses %s (%s)', (ip, range) => {
    expect(classifyAddress(ip)).toMatchObject({ public: false, range });
  });

  // The forms the old regex guard let through: IPv4 inside IPv6, as URL parsers and resolvers write them.
  it.each([
    ['::ffff:7f00:1', 'loopback'], // ::ffff:127.0.0.1 as new URL() writes it
    ['::ffff:a9fe:a9fe', 'linkLocal'], // ::ffff:169.254.169.254 (cloud metadata)
    ['::ffff:a00:1', 'private'], // ::ffff:10.0.0.1
    ['::7f00:1', 'ipv4Compatible'], // ::127.0.0.1, IPv4-compatible (deprecated)
    ['::a9fe:a9fe', 'ipv4Compatible'],
    ['::ffff:0:7f00:1', 'rfc6145'], // IPv4-translated
    ['64:ff9b::7f00:1', 'nat64(loopback)'], // NAT64 of 127.0.0.1
    ['64:ff9b::a9fe:a9fe', 'nat64(linkLocal)'],
    ['64:ff9b::c0a8:101', 'nat64(private)'],
    ['64:ff9b:1::a00:1', 'nat64LocalUse'], // RFC 8215 local-use prefix
    ['2002:7f00:1::1', '6to4(loopback)'], // 6to4 of 127.0.0.1
    ['2002:a9fe:a9fe::1', '6to4(linkLocal)'],
    ['2002:a00:1::', '6to4(private)'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'teredo(loopback)'], // Teredo, client 127.0.0.1 (bits inverted)
    ['2001:0:a00:1:8000:63bf:f7f7:f7f7', 'teredo(private)'], // Teredo via a 10.0.0.1 server
    ['5f00::1', 'segmentRouting'],
    ['4000::1', 'unallocated'],
  ])('refuses the embedded or unusual form %s (%s)', (ip, range) => {
    expect(classifyAddress(ip)).toMatchObject({ public: false, range });
    expect(isPublicAddress(`[${ip}]`)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '93.184.215.14',
    '2606:4700:4700::1111',
    '2a00:1450:4007:80e::200e',
    '::ffff:8.8.8.8',
    '::ffff:808:808',
    '64:ff9b::808:808',
    '2002:808:808::1',
    '2001:0:4136:e378:8000:63bf:f7f7:f7f7',
  ])('allows the public address %s', (ip) => {
    expect(classifyAddress(ip)).toMatchObject({ public: true });
  });

  it.each(['localhost', '', '127.1', '0x7f.0.0.1', '2130706433', '1.2.3.4.5', 'fe80::1%eth0x'])('refuses %j, which is not a plain address', (raw) => {
    expect(isPublicAddress(raw)).toBe(false);
  });
});
