import { describe, expect, it } from 'vitest';
import { PodIPAllocator } from './ipam.js';
import { computeNodeStatus, goArch, initialNode, nodeStatusChanged, parseLabels, parseTaints, type NodeConfig } from './nodestatus.js';
import { microTime } from './lease.js';

const cfg: NodeConfig = { nodeName: 'node-1', hostIP: '127.0.0.1', kubeletPort: 10250, cpu: '4', memory: '8Gi', maxPods: 110, labels: { disk: 'ssd' }, podCIDR: '127.10.1.0/24', bootID: 'b-1' };

describe('PodIPAllocator', () => {
  it('hands out .2 … .254 of a /24, reuses a preferred free IP, and frees on release', () => {
    const a = new PodIPAllocator('127.10.3.7/24');
    expect(a.cidr).toBe('127.10.3.0/24');
    expect(a.size).toBe(253);
    expect(a.allocate('a')).toBe('127.10.3.2');
    expect(a.allocate('a')).toBe('127.10.3.2');
    expect(a.allocate('b', '127.10.3.77')).toBe('127.10.3.77');
    expect(a.allocate('c', '127.10.3.77')).toBe('127.10.3.3');
    expect(a.allocate('d', '10.0.0.5')).toBe('127.10.3.4');
    a.release('a');
    expect(a.contains('127.10.3.254')).toBe(true);
    expect(a.contains('127.10.3.255')).toBe(false);
    expect(a.contains('127.10.3.1')).toBe(false);
  });

  it('runs out, and rejects bad ranges', () => {
    const a = new PodIPAllocator('127.0.0.0/30');
    expect(a.allocate('x')).toBe('127.0.0.2');
    expect(() => a.allocate('y')).toThrow('no free pod IP left in 127.0.0.0/30');
    a.release('x');
    expect(a.allocate('y')).toBe('127.0.0.2');
    expect(() => new PodIPAllocator('127.10.1.0')).toThrow('invalid pod IP range');
    expect(() => new PodIPAllocator('127.10.1.0/31')).toThrow('between /8 and /30');
  });
});

describe('node status', () => {
  it('initialNode: labels, podCIDR, taints, capacity, addresses, nodeInfo, daemon endpoint, conditions', () => {
    const node = initialNode({ ...cfg, taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }, Date.UTC(2024, 0, 1));
    expect(node.metadata.labels).toEqual({
      'beta.kubernetes.io/arch': goArch(),
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': goArch(),
      'kubernetes.io/hostname': 'node-1',
      'kubernetes.io/os': 'linux',
      disk: 'ssd',
    });
    expect(node.spec).toEqual({ podCIDR: '127.10.1.0/24', podCIDRs: ['127.10.1.0/24'], taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] });
    expect(node.status!.capacity).toEqual({ cpu: '4', memory: '8Gi', pods: '110' });
    expect(node.status!.addresses).toEqual([{ type: 'InternalIP', address: '127.0.0.1' }, { type: 'Hostname', address: 'node-1' }]);
    expect(node.status!.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    expect(node.status!.nodeInfo).toMatchObject({ kubeletVersion: 'v1.33.1', containerRuntimeVersion: 'kubesim://0.1.0', operatingSystem: 'linux', bootID: 'b-1' });
    expect(node.status!.conditions!.map((c) => [c.type, c.status, c.reason, c.lastTransitionTime])).toEqual([
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', '2024-01-01T00:00:00Z'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', '2024-01-01T00:00:00Z'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID', '2024-01-01T00:00:00Z'],
      ['Ready', 'True', 'KubeletReady', '2024-01-01T00:00:00Z'],
    ]);
  });

  it('keeps transition times, moves heartbeats, and reports condition changes as events', () => {
    const t0 = Date.UTC(2024, 0, 1);
    const first = computeNodeStatus({ metadata: {} }, cfg, t0);
    expect(first.events.map((e) => e.reason)).toEqual(['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID', 'NodeReady']);
    expect(first.events[3]!.message).toBe('Node node-1 status is now: NodeReady');
    const node = { metadata: {}, status: first.status };
    const later = computeNodeStatus(node, cfg, t0 + 60_000);
    expect(later.events).toEqual([]);
    expect(later.status.conditions![3]).toMatchObject({ lastTransitionTime: '2024-01-01T00:00:00Z', lastHeartbeatTime: '2024-01-01T00:01:00Z' });
    expect(nodeStatusChanged(first.status, later.status)).toBe(false);
    const withImages = computeNodeStatus(node, cfg, t0 + 60_000, [{ names: ['docker.io/library/busybox:latest'], sizeBytes: 5 }]);
    expect(nodeStatusChanged(later.status, withImages.status)).toBe(true);
    const notReady = { metadata: {}, status: { ...first.status, conditions: first.status.conditions!.map((c) => (c.type === 'Ready' ? { ...c, status: 'False' as const } : c)) } };
    expect(computeNodeStatus(notReady, cfg, t0 + 1000).events.map((e) => e.reason)).toEqual(['NodeReady']);
  });

  it('parses --labels and --taints', () => {
    expect(parseLabels('a=b, c=d=e,')).toEqual({ a: 'b', c: 'd=e' });
    expect(() => parseLabels('nokey')).toThrow('want key=value');
    expect(parseTaints('dedicated=gpu:NoSchedule,spot:PreferNoSchedule')).toEqual([
      { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
      { key: 'spot', effect: 'PreferNoSchedule' },
    ]);
    expect(() => parseTaints('a=b:Sometimes')).toThrow('invalid taint effect');
  });

  it('formats lease times as MicroTime', () => {
    expect(microTime(Date.UTC(2024, 0, 1, 0, 0, 0, 123))).toBe('2024-01-01T00:00:00.123000Z');
  });
});
