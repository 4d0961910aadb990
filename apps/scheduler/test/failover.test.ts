// Two scheduler processes behind the Lease kube-system/kube-scheduler: the leader is SIGKILLed in the
// middle of a burst of 100 pods; the standby takes over within the lease duration and finishes the
// burst; no pod is bound twice.
import type { Lease } from '@kubesim/api';
import { startApiserver, type ApiserverProcess } from '@kubesim/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNode, eventually, kubiaPod, startScheduler, type SchedulerProcess } from './harness.js';

const LEASE = ['--leader-elect-lease-duration', '3s', '--leader-elect-renew-deadline', '2s', '--leader-elect-retry-period', '500ms'];
const NS = 'default';

async function holder(api: ApiserverProcess): Promise<string> {
  try {
    const l: Lease = await api.client.leases('kube-system').get('kube-scheduler');
    return l.spec?.holderIdentity ?? '';
  } catch {
    return '';
  }
}

describe('leader killed mid-burst', () => {
  let api: ApiserverProcess;
  let a: SchedulerProcess;
  let b: SchedulerProcess;

  beforeAll(async () => {
    api = await startApiserver();
    for (const n of ['node-1', 'node-2', 'node-3']) await createNode(api.client, n, { cpu: '32', memory: '64Gi' });
    a = await startScheduler(api, LEASE, 'sched-a');
    await eventually(async () => (await holder(api)) === 'sched-a', 'sched-a leads');
    b = await startScheduler(api, LEASE, 'sched-b');
  });
  afterAll(async () => {
    await a?.kill().catch(() => {});
    await b?.stop();
    await api?.stop();
  });

  it('only the leader schedules; the standby finishes the burst after SIGKILL; each pod bound exactly once', async () => {
    expect(await a.metric('leader_election_master_status', { name: 'kube-scheduler' })).toBe(1);
    expect(await b.metric('leader_election_master_status', { name: 'kube-scheduler' })).toBe(0);

    const N = 100;
    const names = Array.from({ length: N }, (_, i) => `burst-${String(i).padStart(3, '0')}`);
    let killedAt = 0;
    let createdBeforeKill = 0;
    const bound = async () => (await api.client.pods(NS).list()).items.filter((p) => p.spec.nodeName).length;
    // Create the pods at a steady pace; kill the leader once a third of them are bound.
    const creating = (async () => {
      for (let i = 0; i < N; i++) {
        await api.client.pods(NS).create(kubiaPod(names[i]!));
        if (!killedAt) createdBeforeKill = i + 1;
        await new Promise((r) => setTimeout(r, 15));
      }
    })();
    await eventually(async () => (await bound()) >= 30, '30 pods bound by the leader');
    await a.kill();
    killedAt = performance.now();
    const boundAtKill = await bound();
    expect(boundAtKill).toBeLessThan(N);

    await eventually(async () => (await holder(api)) === 'sched-b', 'sched-b takes the lease', 15_000);
    const takeoverMs = performance.now() - killedAt;
    // The lease duration (3 s) counted from when the standby last saw a renewal, which is at most
    // one jittered retry period (0.6 s) before the kill, plus the standby's next retry; slack for load.
    expect(takeoverMs).toBeLessThan(3000 + 2 * 600 + 1500);
    await creating;
    const pods = await eventually(async () => {
      const items = (await api.client.pods(NS).list()).items;
      return items.length === N && items.every((p) => p.spec.nodeName) ? items : undefined;
    }, 'all 100 pods bound', 30_000);
    expect(await b.metric('leader_election_master_status', { name: 'kube-scheduler' })).toBe(1);

    // Exactly-once binding: the apiserver never rejected a bind, and no pod got two Scheduled events.
    await eventually(async () => (await api.client.events(NS).list()).items.filter((e) => e.reason === 'Scheduled').length >= N - 5, 'events');
    await new Promise((r) => setTimeout(r, 500));
    const events = (await api.client.events(NS).list()).items;
    const scheduled = new Map<string, number>();
    for (const e of events.filter((x) => x.reason === 'Scheduled')) {
      scheduled.set(e.involvedObject.name!, (scheduled.get(e.involvedObject.name!) ?? 0) + (e.count ?? 1));
    }
    const twice = [...scheduled].filter(([, n]) => n > 1);
    expect(twice).toEqual([]);
    const rejected = events.filter((e) => e.reason === 'FailedScheduling');
    expect(rejected.map((e) => e.message)).toEqual([]);
    expect(await b.metric('kubesim_scheduler_bind_failures_total', { reason: 'Conflict' })).toBe(0);
    expect(await b.metric('kubesim_scheduler_bind_failures_total', { reason: 'Error' })).toBe(0);
    // Every pod created after the kill was bound by the standby and has its event; a pod the leader
    // bound in its last milliseconds may have lost its (best-effort) event with the process.
    for (const name of names.slice(createdBeforeKill)) expect(scheduled.get(name), name).toBe(1);
    const missing = names.filter((n) => !scheduled.has(n));
    expect(missing.length).toBeLessThanOrEqual(3);
    const byB = await b.metric('scheduler_schedule_attempts_total', { result: 'scheduled' });
    expect(byB).toBeGreaterThanOrEqual(N - boundAtKill);
    expect(byB).toBeLessThanOrEqual(N - 30);
    expect(pods.length).toBe(N);
    console.log(
      JSON.stringify({ boundAtKill, createdBeforeKill, takeoverMs: Math.round(takeoverMs), boundByStandby: byB, eventsLostWithLeader: missing.length }),
    );
  });
});
