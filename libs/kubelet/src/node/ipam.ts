/**
 * Hands out pod IPs from the node's pod range (host-local IPAM): `127.10.3.0/24` gives
 * 127.10.3.2 … 127.10.3.254 (the network address, the first address – the "gateway" – and the
 * broadcast address are never used). On Linux every 127/8 address answers locally, so each pod
 * binds its own IP and many pods listen on the same port at once.
 */
export class PodIPAllocator {
  readonly cidr: string;
  private readonly first: number;
  private readonly last: number;
  private readonly byKey = new Map<string, number>();
  private readonly used = new Set<number>();
  private next: number;

  constructor(cidr: string) {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
    if (!m) throw new Error(`invalid pod IP range "${cidr}": want an IPv4 CIDR such as 127.10.1.0/24`);
    const octets = m.slice(1, 5).map(Number);
    const bits = Number(m[5]);
    if (octets.some((o) => o > 255) || bits > 30 || bits < 8) throw new Error(`invalid pod IP range "${cidr}": want a prefix between /8 and /30`);
    const ip = ipToInt(octets.join('.'));
    const size = 2 ** (32 - bits);
    const network = ip - (ip % size);
    this.cidr = `${intToIp(network)}/${bits}`;
    this.first = network + 2;
    this.last = network + size - 2;
    this.next = this.first;
  }

  /** Number of addresses that can be handed out. */
  get size(): number {
    return this.last - this.first + 1;
  }

  contains(ip: string): boolean {
    const n = ipToInt(ip);
    return Number.isFinite(n) && n >= this.first && n <= this.last;
  }

  /**
   * The IP of `key` (a pod UID): the one it already holds, else `preferred` when it is in range and
   * free (a restarted kubelet keeps pods on their old IPs), else the next free one.
   */
  allocate(key: string, preferred?: string): string {
    const held = this.byKey.get(key);
    if (held !== undefined) return intToIp(held);
    if (preferred && this.contains(preferred) && !this.used.has(ipToInt(preferred))) return this.take(key, ipToInt(preferred));
    for (let i = 0; i < this.size; i++) {
      const n = this.next;
      this.next = n >= this.last ? this.first : n + 1;
      if (!this.used.has(n)) return this.take(key, n);
    }
    throw new Error(`no free pod IP left in ${this.cidr}`);
  }

  release(key: string): void {
    const n = this.byKey.get(key);
    if (n === undefined) return;
    this.byKey.delete(key);
    this.used.delete(n);
  }

  private take(key: string, n: number): string {
    this.byKey.set(key, n);
    this.used.add(n);
    return intToIp(n);
  }
}

function ipToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  if (p.length !== 4 || p.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) return NaN;
  return ((p[0]! * 256 + p[1]!) * 256 + p[2]!) * 256 + p[3]!;
}

function intToIp(n: number): string {
  return [Math.floor(n / 2 ** 24) % 256, Math.floor(n / 2 ** 16) % 256, Math.floor(n / 256) % 256, n % 256].join('.');
}
