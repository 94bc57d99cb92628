import ipaddr from 'ipaddr.js';

/**
 * Address classification for outbound requests. Only a public unicast address may be reached on
 * someone's behalf; everything else (loopback, private, link-local and cloud metadata, CGNAT,
 * multicast, reserved…) is refused, in every spelling: IPv4-mapped (`::ffff:7f00:1`) is unwrapped
 * by `ipaddr.process()`, and the IPv6 forms that carry an IPv4 address (NAT64, 6to4, Teredo) are
 * judged by the IPv4 address they lead to.
 */
export type AddressVerdict = { public: true; address: string } | { public: false; address: string; range: string; reason: string };

const refuse = (address: string, range: string, reason = `${range} address`): AddressVerdict => ({ public: false, address, range, reason });

function v4FromBits(hi: number, lo: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([(hi >> 8) & 0xff, hi & 0xff, (lo >> 8) & 0xff, lo & 0xff]);
}

function judgeV4(v4: ipaddr.IPv4, shown: string): AddressVerdict {
  const range = v4.range();
  return range === 'unicast' ? { public: true, address: shown } : refuse(shown, range);
}

/** Classifies one literal address (IPv4, IPv6, with or without brackets). Anything unparseable is refused. */
export function classifyAddress(raw: string): AddressVerdict {
  const literal = raw.trim().replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(literal)) return refuse(raw, 'invalid', 'not an IP address');
  // IPv4 in its four-part dotted form only: "0x7f.1" or "2130706433" are not how resolvers answer.
  if (ipaddr.IPv4.isValid(literal) && !ipaddr.IPv4.isValidFourPartDecimal(literal)) return refuse(raw, 'invalid', 'not a dotted-quad IPv4 address');
  const parsed = ipaddr.process(literal); // ::ffff:a.b.c.d becomes a.b.c.d
  const shown = parsed.toString();
  if (parsed.kind() === 'ipv4') return judgeV4(parsed as ipaddr.IPv4, shown);

  const v6 = parsed as ipaddr.IPv6;
  const p = v6.parts;
  const range = v6.range();
  switch (range) {
    case 'rfc6052': {
      // 64:ff9b::/96 (well-known NAT64 prefix): the last 32 bits are the IPv4 destination.
      // 64:ff9b:1::/48 is for local use (RFC 8215): never public.
      if (p[2] === 1) return refuse(shown, 'nat64LocalUse');
      const inner = judgeV4(v4FromBits(p[6]!, p[7]!), shown);
      return inner.public ? inner : refuse(shown, `nat64(${inner.range})`, `NAT64 address of a ${inner.range} IPv4 address`);
    }
    case '6to4': {
      // 2002:AABB:CCDD::/48 carries the IPv4 address AA.BB.CC.DD.
      const inner = judgeV4(v4FromBits(p[1]!, p[2]!), shown);
      return inner.public ? inner : refuse(shown, `6to4(${inner.range})`, `6to4 address of a ${inner.range} IPv4 address`);
    }
    case 'teredo': {
      // 2001:0:SSSS:SSSS:flags:port:CCCC:CCCC — server IPv4, then the client IPv4 with every bit inverted.
      const server = judgeV4(v4FromBits(p[2]!, p[3]!), shown);
      const client = judgeV4(v4FromBits(~p[6]! & 0xffff, ~p[7]! & 0xffff), shown);
      if (!server.public) return refuse(shown, `teredo(${server.range})`, `Teredo address with a ${server.range} server`);
      if (!client.public) return refuse(shown, `teredo(${client.range})`, `Teredo address of a ${client.range} IPv4 client`);
      return { public: true, address: shown };
    }
    case 'unicast':
      // ::/8 holds the IPv4-compatible (::a.b.c.d) and translated (::ffff:0:a.b.c.d) forms; only
      // 2000::/3 is allocated as global unicast.
      if (p[0]! >> 8 === 0)
        return refuse(shown, p[0] === 0 && p[1] === 0 && p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0 ? 'ipv4Compatible' : 'reserved');
      if (p[0]! >> 13 !== 1) return refuse(shown, 'unallocated', 'address outside the global unicast range 2000::/3');
      return { public: true, address: shown };
    default:
      return refuse(shown, range);
  }
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address).public;
}
