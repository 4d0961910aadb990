import { describe, expect, it } from 'vitest';
import { containerMilliCPU, containerNice, milliCPUToShares, sharesToNice } from './cpuweight.js';

describe('CPU weight from CPU requests (cgroup cpu.shares as nice values)', () => {
  it.each([
    // [milliCPU, shares]: shares = milliCPU * 1024 / 1000, never below MinShares (2)
    [0, 2],
    [1, 2],
    [100, 102],
    [250, 256],
    [1000, 1024],
    [4000, 4096],
  ])('MilliCPUToShares(%i) = %i', (milli, shares) => {
    expect(milliCPUToShares(milli)).toBe(shares);
  });

  it.each([
    // [shares, nice]: nice = round(log1.25(1024 / shares)), clamped to 0..19
    [2, 19], // BestEffort: log1.25(512) = 27.96 → 19
    [102, 10], // 100m: log1.25(10.04) = 10.34
    [256, 6], // 250m: log1.25(4) = 6.21
    [512, 3], // 500m: log1.25(2) = 3.11
    [1024, 0],
    [4096, 0], // above the kubelet's own weight: not more than nice 0
  ])('shares %i → nice %i', (shares, nice) => {
    expect(sharesToNice(shares)).toBe(nice);
  });

  it('reads requests.cpu, falls back to limits.cpu, and treats no request as BestEffort', () => {
    expect(containerMilliCPU({ name: 'a', resources: { requests: { cpu: '100m' } } })).toBe(100);
    expect(containerMilliCPU({ name: 'a', resources: { requests: { cpu: '1.5' } } })).toBe(1500);
    expect(containerMilliCPU({ name: 'a', resources: { limits: { cpu: '2' } } })).toBe(2000);
    expect(containerMilliCPU({ name: 'a' })).toBe(0);
    expect(containerNice({ name: 'a' })).toBe(19);
    expect(containerNice({ name: 'a', resources: { requests: { cpu: '100m' } } })).toBe(10);
    expect(containerNice({ name: 'a', resources: { requests: { cpu: '1' } } })).toBe(0);
  });
});
