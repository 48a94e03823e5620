/**
 * Which IP addresses extract_http may connect to. The default refuses every address that is not public unicast:
 * loopback, private, link-local (cloud metadata at 169.254.169.254), CGNAT, unique-local, multicast, unspecified,
 * documentation and reserved ranges — including IPv6 forms that embed such an IPv4 address (::ffff:7f00:1).
 */
import net from "node:net";

/** Returns why `address` is refused, or null when it may be connected to. */
export type AddressPolicy = (address: string) => string | null;

// [network, prefix length, why it is refused]
const IPV4_BLOCKS: Array<[string, number, string]> = [
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "carrier-grade NAT"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"],
  ["192.0.2.0", 24, "documentation"],
  ["192.88.99.0", 24, "reserved"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "benchmarking"],
  ["198.51.100.0", 24, "documentation"],
  ["203.0.113.0", 24, "documentation"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];

/** The default policy: public unicast addresses only. */
export const publicAddressesOnly: AddressPolicy = (address) => {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (net.isIPv4(bare)) return classifyIpv4(ipv4ToInt(bare));
  if (net.isIPv6(bare)) return classifyIpv6(ipv6ToBytes(bare));
  return "not an IP address";
};

function classifyIpv4(ip: number): string | null {
  for (const [base, bits, reason] of IPV4_BLOCKS) {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    if ((ip & mask) >>> 0 === (ipv4ToInt(base) & mask) >>> 0) return reason;
  }
  return null;
}

function classifyIpv6(b: Uint8Array): string | null {
  const zeroUpTo = (n: number) => b.subarray(0, n).every((x) => x === 0);
  const embedded = (at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
  if (zeroUpTo(16)) return "unspecified";
  if (zeroUpTo(15) && b[15] === 1) return "loopback";
  // ::ffff:a.b.c.d (IPv4-mapped) and ::a.b.c.d (IPv4-compatible, deprecated) reach the IPv4 address.
  if (zeroUpTo(10) && b[10] === 0xff && b[11] === 0xff) return prefixed("IPv4-mapped", classifyIpv4(embedded(12)));
  if (zeroUpTo(12)) return "IPv4-compatible (deprecated)";
  // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address too.
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b.subarray(4, 12).every((x) => x === 0)) {
    return prefixed("NAT64", classifyIpv4(embedded(12)));
  }
  if (b[0] === 0x20 && b[1] === 0x02) return prefixed("6to4", classifyIpv4(embedded(2)));
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x00 && b[3] === 0x00) return "Teredo";
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x0d && b[3] === 0xb8) return "documentation";
  if (b[0] === 0x01 && b[1] === 0x00 && b.subarray(2, 8).every((x) => x === 0)) return "discard-only";
  if ((b[0]! & 0xfe) === 0xfc) return "unique-local";
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return "link-local";
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0xc0) return "site-local (deprecated)";
  if (b[0] === 0xff) return "multicast";
  // Global unicast is 2000::/3; everything else is reserved.
  if ((b[0]! & 0xe0) !== 0x20) return "reserved";
  return null;
}

function prefixed(kind: string, inner: string | null): string | null {
  return inner === null ? null : `${kind} ${inner}`;
}

function ipv4ToInt(address: string): number {
  return address.split(".").reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
}

/** 16 bytes of an IPv6 address (already validated by net.isIPv6), with "::" and a dotted IPv4 tail expanded. */
function ipv6ToBytes(address: string): Uint8Array {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const v4 = ipv4ToInt(dotted[1]);
    text = `${text.slice(0, dotted.index)}${((v4 >>> 16) & 0xffff).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill("0"), ...tailGroups];
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    const value = parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  });
  return bytes;
}
