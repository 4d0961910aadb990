// The seeds' kubectl sessions, replayed with the real kubectl 1.27 and 1.33 against the apiserver
// process over HTTPS. There is no kubelet, scheduler or controller here: pods stay Pending (or are
// bound by the test), RS/RC status stays 0, and the test writes what those components would write
// (owned pods, Events, a Node and its Lease) through the gRPC clientset.
import type { Event, Lease, Node, ObjectReference, OwnerReference, Pod, ReplicaSet, ReplicationController } from '@kubesim/api';
import type { Clientset } from '@kubesim/client';
import { startApiserver, type ApiserverProcess } from '@kubesim/testing';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYAML } from 'yaml';
import { FIXTURES, KUBECTL_VERSIONS, Kubectl, httpsRequest, nowRFC3339, parseTable, parseTables, tempDir, type RunResult } from './kubectl-helpers.js';

let api: ApiserverProcess;
let cs: Clientset;

beforeAll(async () => {
  api = await startApiserver();
  cs = api.client;
});
afterAll(async () => {
  await api?.stop();
});

/** A fixture manifest as an object. */
function fixture<T>(name: string): T {
  return parseYAML(readFileSync(join(FIXTURES, name), 'utf8')) as T;
}

/** The lines kubectl wrote, without blank ones. */
const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');

/** Names in the NAME column of a `kubectl get` table. */
const names = (out: string) => parseTable(out).map((r) => r['NAME']!);

/** Asserts a failed kubectl run: exit code 1, nothing on stdout, and `line` as a line of stderr. */
function expectFailure(r: RunResult, line: string): void {
  expect({ code: r.code, stdout: r.stdout, stderr: lines(r.stderr) }).toEqual({ code: 1, stdout: '', stderr: expect.arrayContaining([line]) });
}

/** Records an Event about `obj` the way kubelet and the controllers do (core/v1, with source). */
async function recordEvent(
  namespace: string,
  involved: ObjectReference,
  ev: { type: 'Normal' | 'Warning'; reason: string; message: string; component: string; count?: number; host?: string },
): Promise<Event> {
  const now = nowRFC3339();
  return cs.events(namespace).create({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${involved.name}.${randomBytes(8).toString('hex')}` },
    involvedObject: involved,
    reason: ev.reason,
    message: ev.message,
    type: ev.type,
    source: { component: ev.component, ...(ev.host ? { host: ev.host } : {}) },
    firstTimestamp: now,
    lastTimestamp: now,
    count: ev.count ?? 1,
  });
}

describe.each(KUBECTL_VERSIONS)('kubectl %s against the REST API', (version) => {
  const tag = version.replace('.', '-');
  const ns = `seeds-${tag}`;
  const nsApply = `seeds-${tag}-apply`;
  const nodeName = `minikube-m02-${tag}`;
  let k: Kubectl;
  let tmp: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    for (const name of [ns, nsApply]) await cs.namespaces().create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    k = new Kubectl(version, api.kubeconfig, ns);
    tmp = tempDir(`kubectl-${tag}-`);
  });
  afterAll(async () => {
    await k?.dispose();
    tmp?.cleanup();
  });

  it('version prints the client and the server version', async () => {
    const out = await k.ok(['version'], { noNamespace: true });
    if (version === '1.27') {
      expect(out).toMatch(/^Client Version: version\.Info\{Major:"1", Minor:"27", GitVersion:"v1\.27\.\d+"/m);
      expect(out).toMatch(/^Server Version: version\.Info\{Major:"1", Minor:"\d+", GitVersion:"v1\.\d+\.\d+"/m);
    } else {
      expect(out).toMatch(/^Client Version: v1\.33\.\d+$/m);
      expect(out).toMatch(/^Server Version: v1\.\d+\.\d+$/m);
    }
    const v = JSON.parse(await k.ok(['version', '-o', 'json'], { noNamespace: true })) as { serverVersion: { major: string; minor: string; gitVersion: string } };
    expect(v.serverVersion.major).toBe('1');
    // The gcloud dispatcher picks kubectl.1.<minor> from this field: it must name a shipped binary.
    expect(Number(v.serverVersion.minor)).toBeGreaterThanOrEqual(27);
    expect(Number(v.serverVersion.minor)).toBeLessThanOrEqual(33);
    expect(v.serverVersion.gitVersion).toMatch(new RegExp(`^v1\\.${v.serverVersion.minor}\\.\\d+$`));
  });

  it('api-resources lists the kinds of the seeds with short names, groups and scope', async () => {
    const rows = parseTable(await k.ok(['api-resources'], { noNamespace: true }));
    const row = (name: string, apiVersion: string) => rows.find((r) => r['NAME'] === name && r['APIVERSION'] === apiVersion);
    expect(row('pods', 'v1')).toEqual({ NAME: 'pods', SHORTNAMES: 'po', APIVERSION: 'v1', NAMESPACED: 'true', KIND: 'Pod' });
    expect(row('replicationcontrollers', 'v1')).toEqual({ NAME: 'replicationcontrollers', SHORTNAMES: 'rc', APIVERSION: 'v1', NAMESPACED: 'true', KIND: 'ReplicationController' });
    expect(row('replicasets', 'apps/v1')).toEqual({ NAME: 'replicasets', SHORTNAMES: 'rs', APIVERSION: 'apps/v1', NAMESPACED: 'true', KIND: 'ReplicaSet' });
    expect(row('nodes', 'v1')).toEqual({ NAME: 'nodes', SHORTNAMES: 'no', APIVERSION: 'v1', NAMESPACED: 'false', KIND: 'Node' });
    expect(row('events', 'v1')).toEqual({ NAME: 'events', SHORTNAMES: 'ev', APIVERSION: 'v1', NAMESPACED: 'true', KIND: 'Event' });
    expect(row('namespaces', 'v1')).toEqual({ NAME: 'namespaces', SHORTNAMES: 'ns', APIVERSION: 'v1', NAMESPACED: 'false', KIND: 'Namespace' });
    expect(row('leases', 'coordination.k8s.io/v1')).toEqual({ NAME: 'leases', SHORTNAMES: '', APIVERSION: 'coordination.k8s.io/v1', NAMESPACED: 'true', KIND: 'Lease' });
  });

  it('api-versions lists the served group versions', async () => {
    const out = lines(await k.ok(['api-versions'], { noNamespace: true }));
    expect(out).toEqual(expect.arrayContaining(['v1', 'apps/v1', 'coordination.k8s.io/v1']));
    expect(out).toEqual([...out].sort());
  });

  it('create namespace', async () => {
    const name = `${ns}-created`;
    expect(await k.ok(['create', 'namespace', name], { noNamespace: true })).toBe(`namespace/${name} created\n`);
    expect(parseTable(await k.ok(['get', 'ns', name], { noNamespace: true }))).toEqual([{ NAME: name, STATUS: 'Active', AGE: expect.any(String) }]);
  });

  it('create -f: the seeds\' liveness pods, ReplicaSets (matchLabels, matchExpressions) and ReplicationController', async () => {
    const out = await k.ok([
      'create',
      ...['kubia-liveness-probe.yaml', 'testapp-pod-liveness.yaml', 'testapp-pod1.yml', 'testapp-pod2.yml', 'testapp-replica.yml', 'testapp-rs-exp.yml', 'kubia-rc.yaml'].flatMap((f) => ['-f', f]),
    ]);
    expect(lines(out)).toEqual([
      'pod/kubia-liveness created',
      'pod/testapp-pod-liveness created',
      'pod/testapp-pod1 created',
      'pod/testapp-pod2 created',
      'replicaset.apps/testapp-replica created',
      'replicaset.apps/testapp-rs-exp created',
      'replicationcontroller/kubia created',
    ]);
    const pod = await cs.pods(ns).get('kubia-liveness');
    expect(pod.spec.containers[0]!.livenessProbe).toEqual({
      httpGet: { path: '/', port: 8080, scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    const rsExp = await cs.replicaSets(ns).get('testapp-rs-exp');
    expect(rsExp.spec.selector).toEqual(fixture<ReplicaSet>('testapp-rs-exp.yml').spec.selector);
    expect(rsExp.spec.replicas).toBe(4);
    const rc = await cs.replicationControllers(ns).get('kubia');
    expect(rc.spec?.selector).toEqual({ app: 'kubia' });
    // An RC's labels default to its template's labels.
    expect(rc.metadata.labels).toEqual({ app: 'kubia' });
    expect(rc.spec?.template?.spec.containers[0]!.ports).toEqual([{ containerPort: 8080, protocol: 'TCP' }]);
  });

  it('apply -f twice: created, then configured with a new image or replica count, then unchanged', async () => {
    const files = ['kubia-liveness-probe.yaml', 'testapp-pod-liveness.yaml', 'testapp-replica.yml', 'kubia-rc.yaml'];
    const first = await k.ok(['apply', '-n', nsApply, ...files.flatMap((f) => ['-f', f])]);
    expect(lines(first)).toEqual(['pod/kubia-liveness created', 'pod/testapp-pod-liveness created', 'replicaset.apps/testapp-replica created', 'replicationcontroller/kubia created']);

    // The second version of each manifest: new images for the pods, 5 replicas, a new RC template image.
    const edited = files.map((f) => {
      const text = readFileSync(join(FIXTURES, f), 'utf8')
        .replace('image: luksa/kubia-unhealthy', 'image: luksa/kubia-unhealthy:v2')
        .replace('image: ghcr.io/c1t1d0s7/go-myweb', 'image: ghcr.io/c1t1d0s7/go-myweb:v2')
        .replace('replicas: 3\n  # 셀렉터 정의', 'replicas: 5\n  # 셀렉터 정의')
        .replace('image: luksa/kubia\n', 'image: luksa/kubia:v2\n');
      return tmp.write(`apply-${f}`, text);
    });
    const second = await k.ok(['apply', '-n', nsApply, ...edited.flatMap((f) => ['-f', f])]);
    expect(lines(second)).toEqual([
      'pod/kubia-liveness configured',
      'pod/testapp-pod-liveness configured',
      'replicaset.apps/testapp-replica configured',
      'replicationcontroller/kubia configured',
    ]);
    expect((await cs.pods(nsApply).get('kubia-liveness')).spec.containers[0]!.image).toBe('luksa/kubia-unhealthy:v2');
    expect((await cs.pods(nsApply).get('testapp-pod-liveness')).spec.containers[0]!.image).toBe('ghcr.io/c1t1d0s7/go-myweb:v2');
    const rs = await cs.replicaSets(nsApply).get('testapp-replica');
    expect(rs.spec.replicas).toBe(5);
    const lastApplied = JSON.parse(rs.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] ?? '{}') as ReplicaSet;
    expect(lastApplied.spec.replicas).toBe(5);
    const rc = await cs.replicationControllers(nsApply).get('kubia');
    expect(rc.spec?.template?.spec.containers[0]!.image).toBe('luksa/kubia:v2');
    expect(rc.spec?.replicas).toBe(3);

    const third = await k.ok(['apply', '-n', nsApply, ...edited.flatMap((f) => ['-f', f])]);
    expect(lines(third)).toEqual([
      'pod/kubia-liveness unchanged',
      'pod/testapp-pod-liveness unchanged',
      'replicaset.apps/testapp-replica unchanged',
      'replicationcontroller/kubia unchanged',
    ]);
  });

  it('get -o wide, --show-labels, -L app and -o yaml', async () => {
    const wide = await k.ok(['get', 'po', '-o', 'wide']);
    expect(lines(wide)[0]!.split(/\s{2,}/)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    expect(parseTable(wide).find((r) => r['NAME'] === 'kubia-liveness')).toEqual({
      NAME: 'kubia-liveness',
      READY: '0/1',
      STATUS: 'Pending',
      RESTARTS: '0',
      AGE: expect.stringMatching(/^\d+s$/),
      IP: '<none>',
      NODE: '<none>',
      'NOMINATED NODE': '<none>',
      'READINESS GATES': '<none>',
    });

    // Seed 000: one pod by name; seed 004: `--output wide`.
    expect(parseTable(await k.ok(['get', 'po', 'kubia-liveness']))).toEqual([{ NAME: 'kubia-liveness', READY: '0/1', STATUS: 'Pending', RESTARTS: '0', AGE: expect.stringMatching(/^\d+s$/) }]);
    expect(parseTable(await k.ok(['get', 'pods', '--output', 'wide'])).map((r) => r['NAME'])).toEqual(['kubia-liveness', 'testapp-pod-liveness', 'testapp-pod1', 'testapp-pod2']);

    const labels = parseTable(await k.ok(['get', 'pods', '--show-labels']));
    expect(labels.find((r) => r['NAME'] === 'testapp-pod1')?.['LABELS']).toBe('app=testapp-rs,env=dev');
    expect(labels.find((r) => r['NAME'] === 'kubia-liveness')?.['LABELS']).toBe('<none>');

    const byApp = parseTable(await k.ok(['get', 'pods', '-L', 'app']));
    expect(Object.keys(byApp[0]!)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'APP']);
    expect(byApp.find((r) => r['NAME'] === 'testapp-pod2')?.['APP']).toBe('testapp-rs');
    expect(byApp.find((r) => r['NAME'] === 'kubia-liveness')?.['APP']).toBe('');

    const pod = parseYAML(await k.ok(['get', 'po', 'kubia-liveness', '-o', 'yaml'])) as Pod;
    expect(pod).toMatchObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'kubia-liveness', namespace: ns }, status: { phase: 'Pending' } });
    expect(pod.spec.containers[0]).toMatchObject({ name: 'kubia', image: 'luksa/kubia-unhealthy', livenessProbe: { httpGet: { path: '/', port: 8080 } } });
    const list = parseYAML(await k.ok(['get', 'pods', '-o', 'yaml'])) as { kind: string; items: Pod[] };
    expect(list.kind).toBe('List');
    expect(list.items.map((p) => p.metadata.name).sort()).toEqual(['kubia-liveness', 'testapp-pod-liveness', 'testapp-pod1', 'testapp-pod2']);
    expect(list.items.every((p) => p.kind === 'Pod' && p.apiVersion === 'v1')).toBe(true);

    expect(parseTable(await k.ok(['get', 'rc', 'kubia']))).toEqual([{ NAME: 'kubia', DESIRED: '3', CURRENT: '0', READY: '0', AGE: expect.any(String) }]);
    const rs = parseTable(await k.ok(['get', 'rs', '-o', 'wide']));
    expect(rs.map((r) => ({ ...r, AGE: '' }))).toEqual([
      { NAME: 'testapp-replica', DESIRED: '3', CURRENT: '0', READY: '0', AGE: '', CONTAINERS: 'testapp', IMAGES: 'c1t1d0s7/myweb', SELECTOR: 'app=testapp-replica' },
      { NAME: 'testapp-rs-exp', DESIRED: '4', CURRENT: '0', READY: '0', AGE: '', CONTAINERS: 'testapp', IMAGES: 'c1t1d0s7/myweb', SELECTOR: 'app in (testapp-rs),env' },
    ]);
    const [rcTable, rsTable] = parseTables(await k.ok(['get', 'rc,rs']));
    expect(rcTable!.map((r) => r['NAME'])).toEqual(['replicationcontroller/kubia']);
    expect(rsTable!.map((r) => r['NAME'])).toEqual(['replicaset.apps/testapp-replica', 'replicaset.apps/testapp-rs-exp']);
  });

  it('get pods --watch prints the rows of changes made by another client', async () => {
    const w = k.watch(['get', 'pods', '--watch']);
    await w.waitFor(/^kubia-liveness\s/m, 'the initial list');
    // The scheduler and kubelet are not running: the test writes what they would.
    const created = await cs.pods(ns).create(fixture<Pod>('testapp-pod.yaml'));
    await w.waitFor(/^testapp-pod\s+0\/1\s+Pending\s+0\s+\d+s$/m, 'the ADDED row of testapp-pod');
    // One object by name: its first row is the watch's synthetic ADDED event.
    const one = k.watch(['get', 'pod', 'testapp-pod', '--watch']);
    await one.waitFor(/^testapp-pod\s+0\/1\s+Pending\s+0\s+\d+s$/m, 'the first row of get pod testapp-pod --watch');
    const now = nowRFC3339();
    await cs.pods(ns).updateStatus({
      ...created,
      status: {
        ...created.status,
        phase: 'Running',
        startTime: now,
        conditions: [
          { type: 'Initialized', status: 'True', lastTransitionTime: now },
          { type: 'Ready', status: 'True', lastTransitionTime: now },
          { type: 'ContainersReady', status: 'True', lastTransitionTime: now },
          { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
        ],
        containerStatuses: [{ name: 'testapp', ready: true, started: true, restartCount: 0, image: 'ghcr.io/c1t1d0s7/go-myweb:latest', imageID: '', state: { running: { startedAt: now } } }],
      },
    });
    const out = await w.waitFor(/^testapp-pod\s+1\/1\s+Running\s+0\s+\d+s$/m, 'the MODIFIED row of testapp-pod');
    const oneOut = await one.waitFor(/^testapp-pod\s+1\/1\s+Running\s+0\s+\d+s$/m, 'the MODIFIED row of get pod testapp-pod --watch');
    await Promise.all([w.stop(), one.stop()]);
    expect(lines(oneOut).filter((l) => !l.startsWith('NAME '))).toHaveLength(2);
    expect(lines(out)[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
    // The watch starts at the list's resourceVersion: existing pods are printed once, not again.
    expect(lines(out).filter((l) => l.startsWith('kubia-liveness '))).toHaveLength(1);
  });

  it('describe pod shows the liveness probe and the kubelet\'s Events', async () => {
    const pod = await cs.pods(ns).get('kubia-liveness');
    const ref: ObjectReference = { apiVersion: 'v1', kind: 'Pod', namespace: ns, name: 'kubia-liveness', uid: pod.metadata.uid!, fieldPath: 'spec.containers{kubia}' };
    await recordEvent(ns, ref, { type: 'Warning', reason: 'Unhealthy', message: 'Liveness probe failed: HTTP probe failed with statuscode: 500', component: 'kubelet', count: 3 });
    await recordEvent(ns, ref, { type: 'Normal', reason: 'Killing', message: 'Container kubia failed liveness probe, will be restarted', component: 'kubelet' });
    const out = await k.ok(['describe', 'po', 'kubia-liveness']);
    expect(out).toMatch(/^Name:\s+kubia-liveness$/m);
    expect(out).toMatch(new RegExp(`^Namespace:\\s+${ns}$`, 'm'));
    expect(out).toMatch(/^Status:\s+Pending$/m);
    expect(out).toMatch(/^ {4}Image:\s+luksa\/kubia-unhealthy$/m);
    expect(out).toMatch(/^ {4}Liveness:\s+http-get http:\/\/:8080\/ delay=0s timeout=1s period=10s #success=1 #failure=3$/m);
    expect(out).toMatch(/^Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message\n\s+----/m);
    expect(out).toMatch(/^\s+Warning\s+Unhealthy\s+\d+s \(x3 over \d+s\)\s+kubelet\s+Liveness probe failed: HTTP probe failed with statuscode: 500$/m);
    expect(out).toMatch(/^\s+Normal\s+Killing\s+\d+s\s+kubelet\s+Container kubia failed liveness probe, will be restarted$/m);

    const events = parseTable(await k.ok(['get', 'ev', '--field-selector', 'involvedObject.name=kubia-liveness']));
    expect(events.map((e) => [e['TYPE'], e['REASON'], e['OBJECT'], e['MESSAGE']]).sort()).toEqual([
      ['Normal', 'Killing', 'pod/kubia-liveness', 'Container kubia failed liveness probe, will be restarted'],
      ['Warning', 'Unhealthy', 'pod/kubia-liveness', 'Liveness probe failed: HTTP probe failed with statuscode: 500'],
    ]);
  });

  it('describe rc and rs show selector, replicas, the pods they own and SuccessfulCreate Events', async () => {
    // What the replication controller would have done: owned pods and an event per pod.
    const rc = await cs.replicationControllers(ns).get('kubia');
    const rcOwner: OwnerReference = { apiVersion: 'v1', kind: 'ReplicationController', name: 'kubia', uid: rc.metadata.uid!, controller: true, blockOwnerDeletion: true };
    for (const name of ['kubia-53thy', 'kubia-k0xz6', 'kubia-q3vkg', 'kubia-dmdck']) {
      await cs.pods(ns).create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'kubia' }, ownerReferences: [rcOwner] }, spec: rc.spec!.template!.spec });
      await recordEvent(ns, { apiVersion: 'v1', kind: 'ReplicationController', namespace: ns, name: 'kubia', uid: rc.metadata.uid! }, {
        type: 'Normal',
        reason: 'SuccessfulCreate',
        message: `Created pod: ${name}`,
        component: 'replication-controller',
      });
    }
    const rs = await cs.replicaSets(ns).get('testapp-rs-exp');
    const rsOwner: OwnerReference = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'testapp-rs-exp', uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true };
    for (const name of ['testapp-rs-exp-6nmwn', 'testapp-rs-exp-hlq4r']) {
      await cs.pods(ns).create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'testapp-rs', env: 'op' }, ownerReferences: [rsOwner] }, spec: rs.spec.template!.spec });
      await recordEvent(ns, { apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: ns, name: 'testapp-rs-exp', uid: rs.metadata.uid! }, {
        type: 'Normal',
        reason: 'SuccessfulCreate',
        message: `Created pod: ${name}`,
        component: 'replicaset-controller',
      });
    }

    const rcOut = await k.ok(['describe', 'rc', 'kubia']);
    expect(rcOut).toMatch(/^Name:\s+kubia$/m);
    expect(rcOut).toMatch(/^Selector:\s+app=kubia$/m);
    expect(rcOut).toMatch(/^Labels:\s+app=kubia$/m);
    expect(rcOut).toMatch(/^Replicas:\s+0 current \/ 3 desired$/m);
    expect(rcOut).toMatch(/^Pods Status:\s+0 Running \/ 4 Waiting \/ 0 Succeeded \/ 0 Failed$/m);
    expect(rcOut).toMatch(/^ {4}Port:\s+8080\/TCP$/m);
    for (const name of ['kubia-53thy', 'kubia-k0xz6', 'kubia-q3vkg', 'kubia-dmdck']) {
      expect(rcOut).toMatch(new RegExp(`^\\s+Normal\\s+SuccessfulCreate\\s+\\d+s\\s+replication-controller\\s+Created pod: ${name}$`, 'm'));
    }

    const rsOut = await k.ok(['describe', 'replicasets.apps', 'testapp-rs-exp']);
    expect(rsOut).toMatch(/^Name:\s+testapp-rs-exp$/m);
    expect(rsOut).toMatch(/^Selector:\s+app in \(testapp-rs\),env$/m);
    expect(rsOut).toMatch(/^Replicas:\s+0 current \/ 4 desired$/m);
    // Only pods the ReplicaSet controls count; testapp-pod1/2 match but were not adopted (no controller).
    expect(rsOut).toMatch(/^Pods Status:\s+0 Running \/ 2 Waiting \/ 0 Succeeded \/ 0 Failed$/m);
    expect(rsOut).toMatch(/^ {2}Labels:\s+app=testapp-rs\n\s+env=op$/m);
    for (const name of ['testapp-rs-exp-6nmwn', 'testapp-rs-exp-hlq4r']) {
      expect(rsOut).toMatch(new RegExp(`^\\s+Normal\\s+SuccessfulCreate\\s+\\d+s\\s+replicaset-controller\\s+Created pod: ${name}$`, 'm'));
    }
  });

  it('label node, schedule onto it, get -o wide, and describe node with conditions, capacity, lease, pods and Events', async () => {
    const now = nowRFC3339();
    const resources = { cpu: '4', 'ephemeral-storage': '61255492Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '2037260Ki', pods: '110' };
    const node: Node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: nodeName, labels: { 'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/hostname': nodeName, 'kubernetes.io/os': 'linux' } },
      spec: { podCIDR: '10.244.1.0/24', podCIDRs: ['10.244.1.0/24'] },
      status: {
        capacity: resources,
        allocatable: resources,
        conditions: [
          { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
          { type: 'DiskPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
          { type: 'PIDPressure', status: 'False', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
          { type: 'Ready', status: 'True', lastHeartbeatTime: now, lastTransitionTime: now, reason: 'KubeletReady', message: 'kubelet is posting ready status' },
        ],
        addresses: [
          { type: 'InternalIP', address: '172.17.0.3' },
          { type: 'Hostname', address: nodeName },
        ],
        nodeInfo: {
          machineID: '6b32bc7470d6492092cde0ca7a683eb8',
          systemUUID: 'b1cea2e9-5445-49e4-a44c-46eaed5fafa9',
          bootID: 'c1b830e3-1bda-41bc-8e9d-fc9cd9db4a76',
          kernelVersion: '4.19.76-linuxkit',
          osImage: 'Ubuntu 19.10',
          containerRuntimeVersion: 'docker://19.3.2',
          kubeletVersion: 'v1.33.1',
          kubeProxyVersion: 'v1.33.1',
          operatingSystem: 'linux',
          architecture: 'amd64',
        },
      },
    };
    const created = await cs.nodes().create(node);
    const renew = new Date().toISOString().replace('Z', '000Z');
    await cs.leases('kube-node-lease').create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: nodeName, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: created.metadata.uid! }] },
      spec: { holderIdentity: nodeName, leaseDurationSeconds: 40, renewTime: renew },
    } satisfies Lease);
    // The kubelet reports node events in "default", with the node's name as the uid.
    await recordEvent('default', { kind: 'Node', name: nodeName, uid: nodeName }, { type: 'Normal', reason: 'NodeReady', message: `Node ${nodeName} status is now: NodeReady`, component: 'kubelet', host: nodeName });

    // Seed 004: label the node, create a pod with a nodeSelector, and let "the scheduler" bind it.
    expect(await k.ok(['label', 'node', nodeName, 'server=webap'], { noNamespace: true })).toBe(`node/${nodeName} labeled\n`);
    const nodes = parseTable(await k.ok(['get', 'nodes', nodeName, '--show-labels'], { noNamespace: true }));
    expect(nodes).toEqual([{ NAME: nodeName, STATUS: 'Ready', ROLES: '<none>', AGE: expect.any(String), VERSION: 'v1.33.1', LABELS: expect.stringMatching(/(^|,)server=webap(,|$)/) }]);
    const wideNodes = parseTable(await k.ok(['get', 'no', nodeName, '-o', 'wide'], { noNamespace: true }));
    expect(wideNodes[0]).toMatchObject({ NAME: nodeName, STATUS: 'Ready', 'INTERNAL-IP': '172.17.0.3', 'EXTERNAL-IP': '<none>', 'OS-IMAGE': 'Ubuntu 19.10', 'KERNEL-VERSION': '4.19.76-linuxkit', 'CONTAINER-RUNTIME': 'docker://19.3.2' });

    expect(await k.ok(['create', '-f', 'labels-node.yaml'])).toBe('pod/nginx created\n');
    await cs.pods(ns).bind({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'nginx', namespace: ns }, target: { apiVersion: 'v1', kind: 'Node', name: nodeName } });
    const nginx = parseTable(await k.ok(['get', 'pod', 'nginx', '--output=wide']));
    expect(nginx).toEqual([expect.objectContaining({ NAME: 'nginx', READY: '0/1', STATUS: 'Pending', IP: '<none>', NODE: nodeName })]);
    // Seed 004's requests-pod, already placed on the node.
    await cs.pods(ns).create({ ...fixture<Pod>('pod-request.yaml'), spec: { ...fixture<Pod>('pod-request.yaml').spec, nodeName } });

    const out = await k.ok(['describe', 'node', nodeName], { noNamespace: true });
    expect(out).toMatch(new RegExp(`^Name:\\s+${nodeName}$`, 'm'));
    expect(out).toMatch(/^Roles:\s+<none>$/m);
    expect(out).toMatch(/^\s+server=webap$/m);
    expect(out).toMatch(/^Unschedulable:\s+false$/m);
    expect(out).toMatch(new RegExp(`^Lease:\\n\\s+HolderIdentity:\\s+${nodeName}\\n\\s+AcquireTime:\\s+<unset>\\n\\s+RenewTime:\\s+\\S`, 'm'));
    expect(out).toMatch(/^Conditions:\n\s+Type\s+Status\s+LastHeartbeatTime\s+LastTransitionTime\s+Reason\s+Message$/m);
    expect(out).toMatch(/^\s+MemoryPressure\s+False\s+.+\s+KubeletHasSufficientMemory\s+kubelet has sufficient memory available$/m);
    expect(out).toMatch(/^\s+Ready\s+True\s+.+\s+KubeletReady\s+kubelet is posting ready status$/m);
    expect(out).toMatch(/^Addresses:\n\s+InternalIP:\s+172\.17\.0\.3\n\s+Hostname:\s+\S+$/m);
    expect(out).toMatch(/^Capacity:\n\s+cpu:\s+4\n\s+ephemeral-storage:\s+61255492Ki\n\s+hugepages-1Gi:\s+0\n\s+hugepages-2Mi:\s+0\n\s+memory:\s+2037260Ki\n\s+pods:\s+110\nAllocatable:/m);
    expect(out).toMatch(/^\s+Kubelet Version:\s+v1\.33\.1$/m);
    expect(out).toMatch(/^PodCIDR:\s+10\.244\.1\.0\/24$/m);
    expect(out).toMatch(/^Non-terminated Pods:\s+\(2 in total\)$/m);
    expect(out).toMatch(new RegExp(`^\\s+${ns}\\s+requests-pod\\s+50m \\(1%\\)\\s+0 \\(0%\\)\\s+300Mi \\(15%\\)\\s+0 \\(0%\\)\\s+\\S+$`, 'm'));
    expect(out).toMatch(new RegExp(`^\\s+${ns}\\s+nginx\\s+0 \\(0%\\)\\s+0 \\(0%\\)\\s+0 \\(0%\\)\\s+0 \\(0%\\)\\s+\\S+$`, 'm'));
    expect(out).toMatch(/^\s+cpu\s+50m \(1%\)\s+0 \(0%\)$/m);
    expect(out).toMatch(/^\s+memory\s+300Mi \(15%\)\s+0 \(0%\)$/m);
    expect(out).toMatch(new RegExp(`^\\s+Normal\\s+NodeReady\\s+\\d+s\\s+kubelet\\s+Node ${nodeName} status is now: NodeReady$`, 'm'));
  });

  it('label: adds a label, refuses to change one without --overwrite, changes it with --overwrite, removes it', async () => {
    expect(await k.ok(['label', 'pod', 'kubia-dmdck', 'type=special'])).toBe('pod/kubia-dmdck labeled\n');
    const shown = parseTable(await k.ok(['get', 'pods', '--show-labels']));
    expect(shown.find((r) => r['NAME'] === 'kubia-dmdck')?.['LABELS']).toBe('app=kubia,type=special');
    expect(shown.find((r) => r['NAME'] === 'kubia-k0xz6')?.['LABELS']).toBe('app=kubia');

    expectFailure(await k.run(['label', 'pod', 'kubia-dmdck', 'app=foo']), "error: 'app' already has a value (kubia), and --overwrite is false");
    expect((await cs.pods(ns).get('kubia-dmdck')).metadata.labels).toEqual({ app: 'kubia', type: 'special' });

    expect(await k.ok(['label', 'pod', 'kubia-dmdck', 'app=foo', '--overwrite'])).toBe('pod/kubia-dmdck labeled\n');
    const byApp = parseTable(await k.ok(['get', 'pods', '-L', 'app']));
    expect(byApp.filter((r) => r['NAME']!.startsWith('kubia-') && r['NAME'] !== 'kubia-liveness').map((r) => `${r['NAME']} ${r['APP']}`)).toEqual([
      'kubia-53thy kubia',
      'kubia-dmdck foo',
      'kubia-k0xz6 kubia',
      'kubia-q3vkg kubia',
    ]);
    expect(await k.ok(['label', 'pod', 'kubia-dmdck', 'type-'])).toBe('pod/kubia-dmdck unlabeled\n');
    expect((await cs.pods(ns).get('kubia-dmdck')).metadata.labels).toEqual({ app: 'foo' });
  });

  it('scale rc and rs: get shows the new DESIRED', async () => {
    expect(await k.ok(['scale', 'rc', 'kubia', '--replicas=10'])).toBe('replicationcontroller/kubia scaled\n');
    expect(parseTable(await k.ok(['get', 'rc', 'kubia']))).toEqual([{ NAME: 'kubia', DESIRED: '10', CURRENT: '0', READY: '0', AGE: expect.any(String) }]);
    expect((await cs.replicationControllers(ns).get('kubia')).spec?.replicas).toBe(10);

    expect(await k.ok(['scale', 'replicaset', 'testapp-replica', '--replicas=5'])).toBe('replicaset.apps/testapp-replica scaled\n');
    expect(parseTable(await k.ok(['get', 'rs', 'testapp-replica']))).toEqual([{ NAME: 'testapp-replica', DESIRED: '5', CURRENT: '0', READY: '0', AGE: expect.any(String) }]);

    // Seed 004's form.
    expect(await k.ok(['scale', '--replicas=8', 'rs/testapp-rs-exp'])).toBe('replicaset.apps/testapp-rs-exp scaled\n');
    expect((await cs.replicaSets(ns).get('testapp-rs-exp')).spec.replicas).toBe(8);
  });

  it('edit through KUBE_EDITOR: replicas of the rc, image of the rs', async () => {
    const rcOut = await k.ok(['edit', 'rc', 'kubia'], { env: { KUBE_EDITOR: `sed -i -e '/^spec:/,/^status:/s/^  replicas: [0-9]*$/  replicas: 3/'` } });
    expect(rcOut).toBe('replicationcontroller/kubia edited\n');
    expect(parseTable(await k.ok(['get', 'rc', 'kubia']))).toEqual([{ NAME: 'kubia', DESIRED: '3', CURRENT: '0', READY: '0', AGE: expect.any(String) }]);

    const rsOut = await k.ok(['edit', 'replicasets.apps', 'testapp-replica'], { env: { KUBE_EDITOR: `sed -i -e 's#image: c1t1d0s7/myweb$#image: c1t1d0s7/myweb:v2#'` } });
    expect(rsOut).toBe('replicaset.apps/testapp-replica edited\n');
    expect((await cs.replicaSets(ns).get('testapp-replica')).spec.template?.spec.containers[0]!.image).toBe('c1t1d0s7/myweb:v2');
    expect(parseTable(await k.ok(['get', 'rs', 'testapp-replica', '-o', 'wide']))[0]).toMatchObject({ DESIRED: '5', IMAGES: 'c1t1d0s7/myweb:v2' });
  });

  it('get pods with label selectors (-l) and field selectors (--field-selector)', async () => {
    const get = async (...args: string[]) => names(await k.ok(['get', 'pods', ...args])).sort();
    expect(await get('-l', 'app=testapp-rs')).toEqual(['testapp-pod1', 'testapp-pod2', 'testapp-rs-exp-6nmwn', 'testapp-rs-exp-hlq4r']);
    expect(await get('-l', 'app in (testapp-rs),env')).toEqual(['testapp-pod1', 'testapp-pod2', 'testapp-rs-exp-6nmwn', 'testapp-rs-exp-hlq4r']);
    expect(await get('-l', 'app=testapp-rs,env notin (op)')).toEqual(['testapp-pod1', 'testapp-pod2']);
    expect(await get('-l', '!app')).toEqual(['kubia-liveness', 'nginx', 'requests-pod', 'testapp-pod', 'testapp-pod-liveness']);
    expect(await get('--field-selector', 'status.phase=Running')).toEqual(['testapp-pod']);
    expect(await get('--field-selector', `spec.nodeName=${nodeName}`)).toEqual(['nginx', 'requests-pod']);
    expect(await get('-l', 'app=kubia', '--field-selector', 'metadata.name!=kubia-53thy,status.phase=Pending')).toEqual(['kubia-k0xz6', 'kubia-q3vkg']);
    const none = await k.run(['get', 'pods', '-l', 'app=nope']);
    expect({ code: none.code, stdout: none.stdout, stderr: none.stderr.trim() }).toEqual({ code: 0, stdout: '', stderr: `No resources found in ${ns} namespace.` });
  });

  describe('failures, as kubectl prints the server\'s Status', () => {
    it('422 Invalid: negative replicas', async () => {
      const msg = 'The ReplicaSet "testapp-replica-negative" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0';
      expectFailure(await k.run(['create', '-f', 'invalid/testapp-replica-negative.yml']), msg);
      expectFailure(await k.run(['apply', '-f', 'invalid/testapp-replica-negative.yml']), msg);
    });

    it('422 Invalid: selector does not match the template labels (RS and RC)', async () => {
      expectFailure(
        await k.run(['create', '-f', 'invalid/testapp-rs-mismatch.yml']),
        'The ReplicaSet "testapp-rs-mismatch" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"testapp-other", "env":"op"}: `selector` does not match template `labels`',
      );
      expectFailure(
        await k.run(['create', '-f', 'invalid/kubia-rc-mismatch.yaml']),
        'The ReplicationController "kubia-mismatch" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"foo"}: `selector` does not match template `labels`',
      );
    });

    it('400 strict decoding error for an unknown field; a warning with --validate=warn', async () => {
      expectFailure(
        await k.run(['create', '-f', 'invalid/testapp-pod-typo.yaml']),
        'Error from server (BadRequest): error when creating "invalid/testapp-pod-typo.yaml": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].readlinessProbe"',
      );
      await expect(cs.pods(ns).get('testapp-pod-typo')).rejects.toMatchObject({ reason: 'NotFound' });
      const warn = await k.run(['create', '--validate=warn', '-f', 'invalid/testapp-pod-typo.yaml']);
      expect({ code: warn.code, stdout: warn.stdout, stderr: lines(warn.stderr) }).toEqual({
        code: 0,
        stdout: 'pod/testapp-pod-typo created\n',
        stderr: expect.arrayContaining(['Warning: unknown field "spec.containers[0].readlinessProbe"']),
      });
    });

    it('409 AlreadyExists on a second create', async () => {
      expectFailure(await k.run(['create', '-f', 'kubia-liveness-probe.yaml']), 'Error from server (AlreadyExists): error when creating "kubia-liveness-probe.yaml": pods "kubia-liveness" already exists');
    });

    it('404 NotFound', async () => {
      expectFailure(await k.run(['get', 'pods', 'nope']), 'Error from server (NotFound): pods "nope" not found');
      expectFailure(await k.run(['delete', 'pod', 'nope']), 'Error from server (NotFound): pods "nope" not found');
      expectFailure(await k.run(['get', 'rs', 'nope']), 'Error from server (NotFound): replicasets.apps "nope" not found');
    });

    it('405 MethodNotAllowed for exec and port-forward, saying what works instead (not a NotFound for an existing pod)', async () => {
      const why = (sub: string) =>
        `kubesim does not support pods/${sub} (kubectl exec, attach, port-forward and cp): containers are processes on this host, listening on their pod IP (kubectl get pod -o wide); kubectl logs works`;
      // A running pod: kubectl refuses port-forward to a pod that is not Running before it asks the server.
      const name = 'streaming';
      const created = await cs.pods(ns).create({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'kubia', image: 'luksa/kubia', ports: [{ containerPort: 8080 }] }] } });
      await cs.pods(ns).updateStatus({ ...created, status: { ...created.status, phase: 'Running', podIP: '127.10.9.9' } });
      const exec = await k.run(['exec', name, '--', 'ls', '/']);
      expect(exec.code).toBe(1);
      expect(exec.stderr).toContain(why('exec'));
      expect(exec.stderr).not.toContain('not found');
      const pf = await k.run(['port-forward', `pod/${name}`, '18080:8080'], { timeoutMs: 20_000 });
      expect(pf.code).toBe(1);
      expect(pf.stderr).toContain(why('portforward'));
    });

    it('409 Conflict on replace with a stale resourceVersion', async () => {
      const stale = tmp.write('stale-testapp-rs-exp.yaml', await k.ok(['get', 'rs', 'testapp-rs-exp', '-o', 'yaml']));
      // Another client changes the object in between.
      await cs.replicaSets(ns).patch('testapp-rs-exp', 'merge', { metadata: { labels: { touched: 'yes' } } });
      expectFailure(
        await k.run(['replace', '-f', stale]),
        `Error from server (Conflict): error when replacing "${stale}": Operation cannot be fulfilled on replicasets.apps "testapp-rs-exp": the object has been modified; please apply your changes to the latest version and try again`,
      );
      // With the current resourceVersion the same replace goes through.
      const fresh = tmp.write('fresh-testapp-rs-exp.yaml', await k.ok(['get', 'rs', 'testapp-rs-exp', '-o', 'yaml']));
      expect(await k.ok(['replace', '-f', fresh])).toBe('replicaset.apps/testapp-rs-exp replaced\n');
    });

    it('401 Unauthorized with a wrong token', async () => {
      const kubeconfig = tmp.write('bad-token.kubeconfig', readFileSync(api.kubeconfig, 'utf8').replace(`token: ${api.adminToken}`, 'token: not-the-admin-token'));
      // With discovery cached, the first request is the list, whose Status kubectl decodes.
      const warm = k.copyCache();
      try {
        expectFailure(await k.run(['get', 'pods'], { kubeconfig, cacheDir: warm }), 'error: You must be logged in to the server (Unauthorized)');
      } finally {
        rmSync(warm, { recursive: true, force: true });
      }
      // Without a cache, discovery fails first, and client-go words the 401 itself.
      const cold = tempDir('kubectl-cold-cache-');
      try {
        expectFailure(await k.run(['get', 'pods'], { kubeconfig, cacheDir: cold.dir }), 'error: You must be logged in to the server (the server has asked for the client to provide credentials)');
      } finally {
        cold.cleanup();
      }
    });

    it('400 BadRequest for malformed JSON sent raw', async () => {
      expectFailure(
        await k.run(['create', '--raw', `/api/v1/namespaces/${ns}/pods`, '-f', 'invalid/malformed-pod.json']),
        'Error from server (BadRequest): the object provided is unrecognized (must be of type Pod): couldn\'t get version/kind; json parse error: unexpected end of JSON input ({"apiVersion":"v1","kind":"Pod ...)',
      );
    });

    it('413 RequestEntityTooLarge above 3 MiB', async () => {
      const pod = fixture<Pod>('testapp-pod.yaml');
      const big = tmp.write('big-pod.json', JSON.stringify({ ...pod, metadata: { name: 'big', annotations: { pad: 'x'.repeat(3 * 1024 * 1024) } } }));
      expectFailure(await k.run(['create', '--raw', `/api/v1/namespaces/${ns}/pods`, '-f', big]), 'Error from server (RequestEntityTooLarge): Request entity too large: limit is 3145728');
    });
  });

  it('delete: a pod, -f, a scheduled pod (Terminating), and --cascade=orphan / --cascade=false', async () => {
    expect(await k.ok(['delete', 'pod', 'kubia-liveness'])).toBe('pod "kubia-liveness" deleted\n');
    await expect(cs.pods(ns).get('kubia-liveness')).rejects.toMatchObject({ reason: 'NotFound' });
    expect(await k.ok(['delete', '-f', 'testapp-pod-liveness.yaml'])).toBe('pod "testapp-pod-liveness" deleted\n');
    expect(await k.ok(['delete', '-f', 'testapp-replica.yml'])).toBe('replicaset.apps "testapp-replica" deleted\n');
    await expect(cs.replicaSets(ns).get('testapp-replica')).rejects.toMatchObject({ reason: 'NotFound' });

    // A pod on a node terminates gracefully: its kubelet (absent here) would finish the deletion.
    expect(await k.ok(['delete', 'pod', 'requests-pod', '--wait=false'])).toBe('pod "requests-pod" deleted\n');
    const terminating = await cs.pods(ns).get('requests-pod');
    expect(terminating.metadata.deletionTimestamp).toBeTruthy();
    expect(terminating.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(parseTable(await k.ok(['get', 'pod', 'requests-pod']))[0]).toMatchObject({ NAME: 'requests-pod', STATUS: 'Terminating' });

    // Orphan deletion waits on the garbage collector (not running): the orphan finalizer holds the RC.
    expect(await k.ok(['delete', 'rc', 'kubia', '--cascade=orphan', '--wait=false'])).toBe('replicationcontroller "kubia" deleted\n');
    const rc: ReplicationController = await cs.replicationControllers(ns).get('kubia');
    expect(rc.metadata.finalizers).toContain('orphan');
    expect(rc.metadata.deletionTimestamp).toBeTruthy();
    expect((await cs.pods(ns).list({ labelSelector: 'app=kubia' })).items.map((p) => p.metadata.name).sort()).toEqual(['kubia-53thy', 'kubia-k0xz6', 'kubia-q3vkg']);

    expect(await k.ok(['create', '-f', 'my-app-rc.yaml'])).toBe('replicationcontroller/my-app-rc created\n');
    const old = await k.run(['delete', 'rc', 'my-app-rc', '--cascade=false', '--wait=false']);
    expect({ code: old.code, stdout: old.stdout, stderr: lines(old.stderr) }).toEqual({
      code: 0,
      stdout: 'replicationcontroller "my-app-rc" deleted\n',
      stderr: ['warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.'],
    });
    expect((await cs.replicationControllers(ns).get('my-app-rc')).metadata.finalizers).toContain('orphan');
  });
});

describe('raw HTTPS requests (what kubectl cannot send)', () => {
  it('415 UnsupportedMediaType for a text/plain body', async () => {
    const res = await httpsRequest(api.httpsAddress, api.caPEM, {
      method: 'POST',
      path: '/api/v1/namespaces/default/pods',
      token: api.adminToken,
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(fixture<Pod>('testapp-pod.yaml')),
    });
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
      reason: 'UnsupportedMediaType',
      code: 415,
    });
  });

  it('401 Unauthorized Status without a token', async () => {
    const res = await httpsRequest(api.httpsAddress, api.caPEM, { method: 'GET', path: '/api/v1/namespaces/default/pods' });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  });
});
