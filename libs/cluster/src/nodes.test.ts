import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeList, parseNodeSpec, writeKubeletToken } from './nodes.js';

describe('kubesim up --node / --nodes', () => {
  it('parses node specs', () => {
    expect(parseNodeSpec('node-2')).toEqual({ name: 'node-2' });
    expect(parseNodeSpec('node-2:cpu=4,memory=8Gi,labels=k=v')).toEqual({ name: 'node-2', cpu: '4', memory: '8Gi', labels: { k: 'v' } });
    expect(parseNodeSpec('m02:labels=server=webap,zone=a,pods=50,taints=gpu=true:NoSchedule;spot:PreferNoSchedule')).toEqual({
      name: 'm02',
      labels: { server: 'webap', zone: 'a' },
      maxPods: 50,
      taints: ['gpu=true:NoSchedule', 'spot:PreferNoSchedule'],
    });
    expect(parseNodeSpec('n:labels=a=b;c=d')).toEqual({ name: 'n', labels: { a: 'b', c: 'd' } });
    expect(() => parseNodeSpec('Node_1:cpu=1')).toThrow('invalid node name');
    expect(() => parseNodeSpec('n:gpus=2')).toThrow('unknown setting "gpus=2"');
    expect(() => parseNodeSpec('n:taints=x')).toThrow('invalid taint');
    expect(() => parseNodeSpec('n:pods=0')).toThrow('invalid pods');
  });

  it('builds node-1 … node-N, shaped or extended by --node', () => {
    expect(nodeList(3, [])).toEqual([{ name: 'node-1' }, { name: 'node-2' }, { name: 'node-3' }]);
    expect(nodeList(2, [{ name: 'node-2', cpu: '4' }, { name: 'gpu-1', labels: { gpu: 'yes' } }])).toEqual([
      { name: 'node-1' },
      { name: 'node-2', cpu: '4' },
      { name: 'gpu-1', labels: { gpu: 'yes' } },
    ]);
    expect(nodeList(undefined, [{ name: 'm01' }])).toEqual([{ name: 'm01' }]);
  });

  it('writes the system:node token alone for the kubelets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-nodes-'));
    try {
      writeFileSync(join(dir, 'tokens.csv'), 'a,kubesim-admin,kubesim-admin,"system:masters"\nn,system:node,system:node,"system:nodes"\n');
      writeKubeletToken(join(dir, 'tokens.csv'), join(dir, 'kubelet.token'));
      expect(readFileSync(join(dir, 'kubelet.token'), 'utf8')).toBe('n\n');
      expect(statSync(join(dir, 'kubelet.token')).mode & 0o777).toBe(0o600);
      writeFileSync(join(dir, 'tokens.csv'), 'a,kubesim-admin,kubesim-admin,"system:masters"\n');
      expect(() => writeKubeletToken(join(dir, 'tokens.csv'), join(dir, 'x'))).toThrow('has no system:node token');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
