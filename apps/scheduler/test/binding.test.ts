// The Scheduler in this process against a real apiserver, with a client whose first bind of one
// pod fails: the assumption is forgotten and the pod is retried.
import { newServiceUnavailable, type Binding } from '@kubesim/api';
import { Clientset, type PodClient } from '@kubesim/client';
import { Scheduler } from '@kubesim/scheduler';
import { startApiserver, type ApiserverProcess } from '@kubesim/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNode, eventually, kubiaPod, podEvents } from './harness.js';

class FlakyBinds extends Clientset {
  failuresLeft = 1;
  override pods(namespace = ''): PodClient {
    const pc = super.pods(namespace);
    const bind = pc.bind.bind(pc);
    pc.bind = async (b: Binding) => {
      if (b.metadata.name === 'flaky' && this.failuresLeft-- > 0) throw newServiceUnavailable('injected bind failure');
      return bind(b);
    };
    return pc;
  }
}

describe('binding', () => {
  let api: ApiserverProcess;
  let client: FlakyBinds;
  let scheduler: Scheduler;
  const ac = new AbortController();
  let running: Promise<void>;

  beforeAll(async () => {
    api = await startApiserver();
    await createNode(api.client, 'node-1');
    client = new FlakyBinds({ address: api.grpcAddress, token: api.adminToken });
    scheduler = new Scheduler({ client, podInitialBackoffMs: 200, podMaxBackoffMs: 400 });
    expect(await scheduler.start(ac.signal)).toBe(true);
    running = scheduler.run(ac.signal);
  });
  afterAll(async () => {
    ac.abort();
    await running;
    client?.close();
    await api?.stop();
  });

  it('a failed bind forgets the assumed pod, reports FailedScheduling and retries', async () => {
    await api.client.pods('default').create(kubiaPod('flaky', { requests: { cpu: '1500m' } }));
    const pod = await eventually(async () => {
      const p = await api.client.pods('default').get('flaky');
      return p.spec.nodeName ? p : undefined;
    }, 'flaky bound');
    expect(pod.spec.nodeName).toBe('node-1');
    expect(client.failuresLeft).toBeLessThan(0);
    await scheduler.flushEvents();
    const events = await podEvents(api.client, 'default', 'flaky');
    const failed = events.filter((e) => e.reason === 'FailedScheduling');
    expect(failed.map((e) => e.message)).toEqual(['Binding rejected: injected bind failure']);
    expect(events.filter((e) => e.reason === 'Scheduled').map((e) => e.message)).toEqual(['Successfully assigned default/flaky to node-1']);
    // The informer confirmed the bound pod; nothing is left assumed, and 1500m is counted once.
    await eventually(() => scheduler.cache.assumedPodCount() === 0 && scheduler.cache.podCount() === 1, 'cache settled');
    expect(scheduler.cache.snapshot().get('node-1')?.requested.milliCPU).toBe(1500);
    const text = await scheduler.metrics.registry.metrics();
    expect(text).toMatch(/kubesim_scheduler_bind_failures_total\{reason="Error"\} 1/);
    expect(text).toMatch(/scheduler_schedule_attempts_total\{result="error",profile="default-scheduler"\} 1/);
    expect(text).toMatch(/scheduler_schedule_attempts_total\{result="scheduled",profile="default-scheduler"\} 1/);
  });

  it('a second pod that no longer fits after the first is counted stays pending', async () => {
    await api.client.pods('default').create(kubiaPod('second', { requests: { cpu: '1' } }));
    await eventually(async () => (await podEvents(api.client, 'default', 'second')).some((e) => e.reason === 'FailedScheduling'), 'FailedScheduling');
    const ev = (await podEvents(api.client, 'default', 'second')).find((e) => e.reason === 'FailedScheduling')!;
    expect(ev.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  });
});
