import { describe, expect, it } from 'vitest';
import { isStatusError, type StatusError } from '@kubesim/api';
import { applyPatch, schemaForKind, strategicMergePatch } from './index.js';

const SMP = 'application/strategic-merge-patch+json';
const RS = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };
const POD = { apiVersion: 'v1', kind: 'Pod' };
const NODE = { apiVersion: 'v1', kind: 'Node' };

function error(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (isStatusError(e)) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

/** What the apiserver stores for `kubectl apply -f frontend.yaml` (the guestbook ReplicaSet). */
function liveReplicaSet() {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: 'frontend',
      namespace: 'default',
      uid: '4a1b',
      resourceVersion: '1001',
      generation: 1,
      labels: { app: 'guestbook', tier: 'frontend' },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"v":1}\n' },
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { tier: 'frontend' } },
      template: {
        metadata: { labels: { tier: 'frontend' } },
        spec: {
          containers: [
            {
              name: 'php-redis',
              image: 'gcr.io/google_samples/gb-frontend:v3',
              imagePullPolicy: 'IfNotPresent',
              resources: {},
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
            },
          ],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          terminationGracePeriodSeconds: 30,
        },
      },
    },
    status: { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 },
  };
}
type RSObj = ReturnType<typeof liveReplicaSet>;
type C = { name: string; image?: string; env?: unknown[]; ports?: unknown[] };
const names = (cs: C[]) => cs.map((c) => c.name);

describe('kubectl apply (second apply of a ReplicaSet)', () => {
  it('replicas changed, image changed with $setElementOrder/containers, label removed via null', () => {
    // The three-way patch `kubectl apply` computes for these edits to frontend.yaml.
    const patch =
      '{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"v\\":2}\\n"},"labels":{"app":null}},' +
      '"spec":{"replicas":5,"template":{"spec":{"$setElementOrder/containers":[{"name":"php-redis"}],' +
      '"containers":[{"image":"gcr.io/google_samples/gb-frontend:v4","name":"php-redis"}]}}}}';
    const live = liveReplicaSet();
    const out = applyPatch(SMP, live, patch, RS) as RSObj;
    const expected = liveReplicaSet();
    expected.metadata.labels = { tier: 'frontend' } as RSObj['metadata']['labels'];
    expected.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = '{"v":2}\n';
    expected.spec.replicas = 5;
    expected.spec.template.spec.containers[0]!.image = 'gcr.io/google_samples/gb-frontend:v4';
    expect(out).toEqual(expected);
    expect(live).toEqual(liveReplicaSet());
  });

  it('a container added at the end keeps the manifest order', () => {
    const patch = {
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'php-redis' }, { name: 'sidecar' }], containers: [{ name: 'sidecar', image: 'busybox' }] } } },
    };
    const out = applyPatch(SMP, liveReplicaSet(), patch, RS) as RSObj;
    expect(names(out.spec.template.spec.containers)).toEqual(['php-redis', 'sidecar']);
    expect(out.spec.template.spec.containers[0]!.imagePullPolicy).toBe('IfNotPresent');
  });

  it('a container added at the front, and a removed container ($patch: delete)', () => {
    const live = strategicMergePatch(liveReplicaSet(), { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox' }] } } } }, schemaForKind('apps/v1', 'ReplicaSet')) as RSObj;
    const patch = {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'init' }, { name: 'php-redis' }],
            containers: [{ name: 'init', image: 'alpine' }, { $patch: 'delete', name: 'sidecar' }],
          },
        },
      },
    };
    const out = applyPatch(SMP, live, patch, RS) as RSObj;
    expect(names(out.spec.template.spec.containers)).toEqual(['init', 'php-redis']);
  });

  it('the order in the patch list must follow $setElementOrder', () => {
    const patch = { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'b' }, { name: 'a' }] } } } };
    const e = error(() => applyPatch(SMP, liveReplicaSet(), patch, RS));
    expect(e.code).toBe(400);
    expect(e.message).toBe("the order in patch list:\n[map[name:b] map[name:a]]\n doesn't match $setElementOrder list:\n[map[name:a] map[name:b]]");
  });
});

describe('kubectl edit / kubectl patch (strategic merge)', () => {
  const pod = () => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', finalizers: ['a', 'b'], ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1', controller: true }] },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'nginx',
          env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }],
          ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }],
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
        },
      ],
      volumes: [{ name: 'data', emptyDir: {} }],
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
      imagePullSecrets: [{ name: 'reg' }],
      hostAliases: [{ ip: '10.0.0.1', hostnames: ['a'] }],
      topologySpreadConstraints: [{ topologyKey: 'zone', maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule' }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } },
    },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'True' }] },
  });
  type P = ReturnType<typeof pod>;
  const patchPod = (patch: unknown) => applyPatch(SMP, pod(), patch, POD) as P;
  const app = (p: P) => p.spec.containers.find((c) => c.name === 'app')!;

  it('kubectl edit: env var changed, added and deleted with $setElementOrder/env', () => {
    const out = patchPod({
      spec: {
        '$setElementOrder/containers': [{ name: 'app' }],
        containers: [{ '$setElementOrder/env': [{ name: 'A' }, { name: 'C' }], env: [{ name: 'C', value: '3' }, { $patch: 'delete', name: 'B' }], name: 'app' }],
      },
    });
    expect(app(out).env).toEqual([{ name: 'A', value: '1' }, { name: 'C', value: '3' }]);
  });

  it('env merges by name: an existing var is updated in place', () => {
    expect(app(patchPod({ spec: { containers: [{ name: 'app', env: [{ name: 'B', value: '20' }] }] } })).env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '20' }]);
  });

  it('ports merge by containerPort: new ports first (as Kubernetes orders them), existing ones merged', () => {
    const out = patchPod({ spec: { containers: [{ name: 'app', ports: [{ containerPort: 443, name: 'https' }, { containerPort: 80, hostPort: 8080 }] }] } });
    expect(app(out).ports).toEqual([{ containerPort: 443, name: 'https' }, { containerPort: 80, name: 'http', protocol: 'TCP', hostPort: 8080 }]);
  });

  it('kubectl patch adding a container puts the new one first (kubernetes.io "Update API Objects in Place")', () => {
    const out = patchPod({ spec: { containers: [{ name: 'patch-demo-ctr-2', image: 'redis' }] } });
    expect(names(out.spec.containers)).toEqual(['patch-demo-ctr-2', 'app']);
  });

  it('$patch: delete removes a container by name; merge keys are compared as values', () => {
    expect(patchPod({ spec: { containers: [{ $patch: 'delete', name: 'app' }] } }).spec.containers).toEqual([]);
  });

  it('tolerations have no patch strategy: the list is replaced', () => {
    const out = patchPod({ spec: { tolerations: [{ effect: 'NoSchedule', key: 'dedicated', value: 'test-team' }] } });
    expect(out.spec.tolerations).toEqual([{ effect: 'NoSchedule', key: 'dedicated', value: 'test-team' }]);
  });

  it.each([
    ['volumeMounts by mountPath', { containers: [{ name: 'app', volumeMounts: [{ name: 'data', mountPath: '/data', readOnly: true }, { name: 'cfg', mountPath: '/etc/cfg' }] }] }, (p: P) => app(p).volumeMounts, [{ name: 'data', mountPath: '/data', readOnly: true }, { name: 'cfg', mountPath: '/etc/cfg' }]],
    ['volumes by name', { volumes: [{ name: 'cfg', configMap: { name: 'c' } }] }, (p: P) => p.spec.volumes, [{ name: 'cfg', configMap: { name: 'c' } }, { name: 'data', emptyDir: {} }]],
    ['imagePullSecrets by name', { imagePullSecrets: [{ name: 'reg' }, { name: 'reg2' }] }, (p: P) => p.spec.imagePullSecrets, [{ name: 'reg' }, { name: 'reg2' }]],
    ['hostAliases by ip', { hostAliases: [{ ip: '10.0.0.1', hostnames: ['b'] }] }, (p: P) => p.spec.hostAliases, [{ ip: '10.0.0.1', hostnames: ['b'] }]],
    ['topologySpreadConstraints by topologyKey', { topologySpreadConstraints: [{ topologyKey: 'zone', maxSkew: 2 }] }, (p: P) => p.spec.topologySpreadConstraints, [{ topologyKey: 'zone', maxSkew: 2, whenUnsatisfiable: 'DoNotSchedule' }]],
  ])('%s', (_name, spec, pick, expected) => {
    expect(pick(patchPod({ spec }))).toEqual(expected);
  });

  it('ownerReferences merge by uid', () => {
    const out = patchPod({ metadata: { ownerReferences: [{ uid: 'u1', blockOwnerDeletion: true }, { apiVersion: 'v1', kind: 'Node', name: 'n', uid: 'u2' }] } });
    expect(out.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u1', controller: true, blockOwnerDeletion: true },
      { apiVersion: 'v1', kind: 'Node', name: 'n', uid: 'u2' },
    ]);
  });

  it.each([
    ['added finalizers come first, duplicates collapse', { finalizers: ['c', 'a'] }, ['c', 'a', 'b']],
    ['$deleteFromPrimitiveList removes finalizers', { '$deleteFromPrimitiveList/finalizers': ['a'] }, ['b']],
    ['kubectl apply: $setElementOrder + add + delete', { '$setElementOrder/finalizers': ['b', 'c'], '$deleteFromPrimitiveList/finalizers': ['a'], finalizers: ['c'] }, ['b', 'c']],
    ['null clears the list', { finalizers: null }, undefined],
  ])('finalizers merge as a set: %s', (_name, metadata, expected) => {
    expect(patchPod({ metadata }).metadata.finalizers).toEqual(expected);
  });

  it('pod status conditions merge by type', () => {
    const out = patchPod({ status: { conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' }] } });
    expect(out.status.conditions).toEqual([{ type: 'Ready', status: 'True', lastTransitionTime: '2024-01-01T00:00:00Z' }, { type: 'PodScheduled', status: 'True' }]);
  });

  it('$patch: replace in a map replaces it; $patch: delete in a map removes it', () => {
    const out = patchPod({ metadata: { labels: { $patch: 'replace', only: 'this' } }, spec: { affinity: { $patch: 'delete' } } });
    expect(out.metadata).toMatchObject({ labels: { only: 'this' } });
    expect(out.spec).not.toHaveProperty('affinity');
    const labelled = strategicMergePatch({ metadata: { labels: { a: '1', b: '2' } } }, { metadata: { labels: { $patch: 'replace', c: '3' } } });
    expect(labelled).toEqual({ metadata: { labels: { c: '3' } } });
  });

  it('$patch: replace in a list replaces the whole list', () => {
    const out = patchPod({ spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'busybox' }] } });
    expect(out.spec.containers).toEqual([{ name: 'only', image: 'busybox' }]);
  });

  it('$patch: merge is the default and is accepted', () => {
    expect(patchPod({ metadata: { labels: { $patch: 'merge', x: 'y' } } }).metadata).toMatchObject({ labels: { x: 'y' } });
  });

  it('$retainKeys drops unlisted members (volume source switched from emptyDir to hostPath)', () => {
    const out = patchPod({ spec: { volumes: [{ $retainKeys: ['hostPath', 'name'], hostPath: { path: '/tmp' }, name: 'data' }] } });
    expect(out.spec.volumes).toEqual([{ name: 'data', hostPath: { path: '/tmp' } }]);
  });

  it('$retainKeys on a Deployment strategy switched to Recreate', () => {
    const d = { metadata: { name: 'd' }, spec: { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } } };
    const out = applyPatch(SMP, d, { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } }, { apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(out).toEqual({ metadata: { name: 'd' }, spec: { strategy: { type: 'Recreate' } } });
  });

  it('values added where nothing was live are stripped of directives and nulls', () => {
    const out = strategicMergePatch(
      { metadata: { name: 'x' } },
      { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'a' }], containers: [{ name: 'a', x: null }, { $patch: 'delete', name: 'b' }], nodeSelector: { k: null } } } } },
      schemaForKind('apps/v1', 'ReplicaSet'),
    );
    expect(out).toEqual({ metadata: { name: 'x' }, spec: { template: { spec: { containers: [{ name: 'a' }], nodeSelector: {} } } } });
  });

  it.each([
    ['unknown $patch value', { metadata: { labels: { $patch: 'frob' } } }, 400, 'unknown patch type: frob in map: map[$patch:frob]'],
    ['$retainKeys not a list', { spec: { $retainKeys: 'x' } }, 400, 'invalid patch format of retainKeys'],
    ['patch member not in $retainKeys', { spec: { volumes: [{ $retainKeys: ['name'], name: 'data', hostPath: {} }] } }, 400, 'invalid patch format of retainKeys'],
    ['$deleteFromPrimitiveList not a list', { metadata: { '$deleteFromPrimitiveList/finalizers': 'a' } }, 400, 'invalid patch format of primitive list'],
    ['$setElementOrder not a list', { spec: { '$setElementOrder/containers': 'a' } }, 400, 'invalid patch format of setElementOrder list'],
    ['element without its merge key', { spec: { containers: [{ image: 'x' }] } }, 400, 'map: map[image:x] does not contain declared merge key: name'],
    ['mixed element types', { metadata: { finalizers: [1] } }, 400, undefined],
    ['a list of lists', { metadata: { finalizers: [['a']] } }, 422, 'the server rejected our request due to an error in our request'],
    ['a patch that is not an object', ['a'], 400, 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
  ])('%s is rejected', (_name, patch, code, message) => {
    const e = error(() => patchPod(patch));
    expect(e.code).toBe(code);
    if (message) expect(e.message).toBe(message);
  });
});

describe('node, service and other kinds', () => {
  const node = () => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n1' },
    spec: { taints: [{ key: 'a', effect: 'NoSchedule' }], podCIDRs: ['10.0.0.0/24'] },
    status: {
      conditions: ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'].map((type) => ({ type, status: type === 'Ready' ? 'True' : 'False', lastHeartbeatTime: 't0' })),
      addresses: [{ type: 'InternalIP', address: '10.0.0.5' }, { type: 'Hostname', address: 'n1' }],
    },
  });

  it('kubelet node status heartbeat: conditions merge by type in $setElementOrder order', () => {
    const patch = {
      status: {
        '$setElementOrder/conditions': [{ type: 'MemoryPressure' }, { type: 'DiskPressure' }, { type: 'PIDPressure' }, { type: 'Ready' }],
        conditions: [{ lastHeartbeatTime: 't1', type: 'Ready' }],
      },
    };
    const out = applyPatch(SMP, node(), patch, NODE) as ReturnType<typeof node>;
    expect(out.status.conditions.map((c) => [c.type, c.lastHeartbeatTime])).toEqual([['MemoryPressure', 't0'], ['DiskPressure', 't0'], ['PIDPressure', 't0'], ['Ready', 't1']]);
  });

  it('addresses merge by type; taints are replaced (kubectl taint); kubectl cordon', () => {
    const out = applyPatch(SMP, node(), { spec: { unschedulable: true, taints: [{ key: 'b', effect: 'NoExecute' }] }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.6' }] } }, NODE) as ReturnType<typeof node> & { spec: { unschedulable: boolean } };
    expect(out.spec).toEqual({ unschedulable: true, taints: [{ key: 'b', effect: 'NoExecute' }], podCIDRs: ['10.0.0.0/24'] });
    expect(out.status.addresses).toEqual([{ type: 'InternalIP', address: '10.0.0.6' }, { type: 'Hostname', address: 'n1' }]);
  });

  it('service ports merge by port', () => {
    const svc = { metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }], selector: { app: 'a' } } };
    const out = applyPatch(SMP, svc, { spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443, name: 'https' }] } }, { apiVersion: 'v1', kind: 'Service' });
    expect(out).toEqual({ metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 9090, protocol: 'TCP' }, { port: 443, name: 'https' }], selector: { app: 'a' } } });
  });

  it('pod template metadata inside a ReplicationController (kubectl rollout restart style)', () => {
    const rc = { metadata: { name: 'rc' }, spec: { template: { metadata: { labels: { a: 'b' }, finalizers: ['x'] }, spec: { containers: [{ name: 'c', image: 'i' }] } } } };
    const out = applyPatch(SMP, rc, { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': 'now' }, finalizers: ['y'] } } } }, { apiVersion: 'v1', kind: 'ReplicationController' });
    expect(out).toEqual({ metadata: { name: 'rc' }, spec: { template: { metadata: { labels: { a: 'b' }, finalizers: ['y', 'x'], annotations: { 'kubectl.kubernetes.io/restartedAt': 'now' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } });
  });

  it('resourceClaims merge by name', () => {
    const out = strategicMergePatch({ spec: { resourceClaims: [{ name: 'gpu', resourceClaimName: 'a' }] } }, { spec: { resourceClaims: [{ name: 'gpu', resourceClaimName: 'b' }] } }, schemaForKind('v1', 'Pod'));
    expect(out).toEqual({ spec: { resourceClaims: [{ name: 'gpu', resourceClaimName: 'b' }] } });
  });

  it('Lease, Event, Scale, Namespace, Endpoints: objects merge, lists are replaced', () => {
    const lease = { metadata: { name: 'l' }, spec: { holderIdentity: 'a', leaseDurationSeconds: 15 } };
    expect(applyPatch(SMP, lease, { spec: { holderIdentity: 'b', renewTime: 'now' } }, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' })).toEqual({ metadata: { name: 'l' }, spec: { holderIdentity: 'b', leaseDurationSeconds: 15, renewTime: 'now' } });
    const ep = { subsets: [{ addresses: [{ ip: '1.1.1.1' }] }] };
    expect(applyPatch(SMP, ep, { subsets: [{ addresses: [{ ip: '2.2.2.2' }] }] }, { apiVersion: 'v1', kind: 'Endpoints' })).toEqual({ subsets: [{ addresses: [{ ip: '2.2.2.2' }] }] });
    const ns = { metadata: { name: 'ns', finalizers: ['a'] }, status: { phase: 'Terminating', conditions: [{ type: 'A', status: 'True' }] } };
    expect(applyPatch(SMP, ns, { metadata: { finalizers: ['b'] }, status: { conditions: [{ type: 'B', status: 'True' }] } }, { apiVersion: 'v1', kind: 'Namespace' })).toEqual({
      metadata: { name: 'ns', finalizers: ['b', 'a'] },
      status: { phase: 'Terminating', conditions: [{ type: 'B', status: 'True' }, { type: 'A', status: 'True' }] },
    });
  });

  it('unknown kinds fall back to JSON merge semantics', () => {
    const w = { metadata: { name: 'w', finalizers: ['a'] }, spec: { items: [{ name: 'x' }], m: { a: 1 } } };
    const out = applyPatch(SMP, w, { metadata: { finalizers: ['b'] }, spec: { items: [{ name: 'y' }], m: { b: 2 } } }, { apiVersion: 'example.com/v1', kind: 'Widget' });
    expect(out).toEqual({ metadata: { name: 'w', finalizers: ['b'] }, spec: { items: [{ name: 'y' }], m: { a: 1, b: 2 } } });
  });

  it('a null patch is a no-op; a top-level $patch: delete yields {}', () => {
    expect(strategicMergePatch({ a: 1 }, null)).toEqual({ a: 1 });
    expect(strategicMergePatch({ a: 1 }, { $patch: 'delete' })).toEqual({});
  });
});
