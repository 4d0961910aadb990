import { describe, expect, it } from 'vitest';
import { defaultPullPolicy, parseImageName, setDefaults } from './defaults.js';
import { fieldErrorString } from './errors.js';
import { validateObject } from './validation.js';
import type { Endpoints, KubeObject, Namespace, Node, Pod, ReplicaSet, ReplicationController, Service } from './types.js';

const DIGEST = 'sha256:' + 'a'.repeat(64);

function defaulted<T extends KubeObject>(resource: string, obj: T): T {
  const o = structuredClone(obj);
  setDefaults(resource, o);
  // Idempotent: a second pass changes nothing.
  const again = structuredClone(o);
  setDefaults(resource, again);
  expect(again).toEqual(o);
  return o;
}

describe('image pull policy (SetDefaults_Container + parsers.ParseImageName)', () => {
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['luksa/kubia', 'Always'],
    ['luksa/kubia:v2', 'IfNotPresent'],
    [`nginx@${DIGEST}`, 'IfNotPresent'],
    [`nginx:latest@${DIGEST}`, 'Always'],
    ['localhost:5000/foo', 'Always'],
    ['localhost:5000/foo:v1', 'IfNotPresent'],
    ['registry.k8s.io/pause:3.10', 'IfNotPresent'],
    ['NGINX', 'IfNotPresent'], // unparsable: no tag, so not "latest"
    ['', 'IfNotPresent'],
  ])('%j → %s', (image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });

  it('parseImageName', () => {
    expect(parseImageName('docker.io/library/nginx:1.25')).toEqual({ repository: 'docker.io/library/nginx', tag: '1.25', digest: '' });
    expect(parseImageName(`nginx@${DIGEST}`)).toEqual({ repository: 'nginx', tag: '', digest: DIGEST });
  });
});

describe('setDefaults pods', () => {
  it('a minimal pod gets every default the apiserver sets', () => {
    const pod = defaulted('pods', {
      metadata: { name: 'kubia', namespace: 'default' },
      spec: { containers: [{ name: 'kubia', image: 'luksa/kubia', ports: [{ containerPort: 8080 }] }] },
    } as Pod);
    expect(pod.spec).toEqual({
      containers: [
        {
          name: 'kubia',
          image: 'luksa/kubia',
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'Always',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      serviceAccount: 'default',
      securityContext: {},
      schedulerName: 'default-scheduler',
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    });
  });

  it('keeps what is set', () => {
    const pod = defaulted('pods', {
      metadata: { name: 'p' },
      spec: {
        containers: [{ name: 'c', image: 'nginx:1.25', imagePullPolicy: 'Never' }],
        restartPolicy: 'Never',
        terminationGracePeriodSeconds: 0,
        dnsPolicy: 'Default',
        serviceAccountName: 'builder',
        schedulerName: 'other',
        enableServiceLinks: false,
        priorityClassName: 'high',
      },
    } as Pod);
    expect(pod.spec).toMatchObject({
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 0,
      dnsPolicy: 'Default',
      serviceAccountName: 'builder',
      serviceAccount: 'builder',
      schedulerName: 'other',
      enableServiceLinks: false,
    });
    expect(pod.spec.containers[0]!.imagePullPolicy).toBe('Never');
    expect(pod.spec.priority).toBeUndefined(); // a PriorityClass sets it, not defaulting
  });

  it('takes the deprecated serviceAccount when serviceAccountName is empty', () => {
    const pod = defaulted('pods', { metadata: { name: 'p' }, spec: { containers: [], serviceAccount: 'legacy' } } as Pod);
    expect(pod.spec.serviceAccountName).toBe('legacy');
  });

  it('probes: timeouts, thresholds, httpGet path and scheme, grpc service', () => {
    const pod = defaulted('pods', {
      metadata: { name: 'p' },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'i',
            livenessProbe: { httpGet: { port: 8080 } },
            readinessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 5, initialDelaySeconds: 3 },
            startupProbe: { grpc: { port: 9000 } },
            lifecycle: { preStop: { httpGet: { port: 80, path: '/stop' } } },
          },
        ],
      },
    } as Pod);
    const c = pod.spec.containers[0]!;
    expect(c.livenessProbe).toEqual({ httpGet: { port: 8080, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    expect(c.readinessProbe).toEqual({ tcpSocket: { port: 'http' }, periodSeconds: 5, initialDelaySeconds: 3, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
    expect(c.startupProbe?.grpc).toEqual({ port: 9000, service: '' });
    expect(c.lifecycle?.preStop?.httpGet).toEqual({ port: 80, path: '/stop', scheme: 'HTTP' });
  });

  it('requests default to limits; quantities are rounded to milli and canonical', () => {
    const pod = defaulted('pods', {
      metadata: { name: 'p' },
      spec: {
        containers: [
          { name: 'a', image: 'i', resources: { limits: { cpu: '0.5', memory: '1024Mi' } } },
          { name: 'b', image: 'i', resources: { limits: { cpu: 1, memory: '128974848' }, requests: { cpu: '0.0001' } } },
          { name: 'c', image: 'i', resources: { requests: { memory: '1.5Gi' } } },
        ],
        initContainers: [{ name: 'init', image: 'i', resources: { limits: { cpu: '100m' } } }],
      },
    } as unknown as Pod);
    expect(pod.spec.containers.map((c) => c.resources)).toEqual([
      { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } },
      { limits: { cpu: '1', memory: '128974848' }, requests: { cpu: '1m', memory: '128974848' } },
      { requests: { memory: '1536Mi' } },
    ]);
    expect(pod.spec.initContainers![0]!.resources).toEqual({ limits: { cpu: '100m' }, requests: { cpu: '100m' } });
  });

  it('hostNetwork ports get hostPort; env fieldRef apiVersion; volumes', () => {
    const pod = defaulted('pods', {
      metadata: { name: 'p' },
      spec: {
        hostNetwork: true,
        containers: [
          {
            name: 'c',
            image: 'i',
            ports: [{ containerPort: 80 }],
            env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
          },
        ],
        volumes: [{ name: 'scratch' }, { name: 'cfg', configMap: { name: 'cfg' } }, { name: 's', secret: { secretName: 's' } }, { name: 'h', hostPath: { path: '/tmp' } }],
      },
    } as Pod);
    expect(pod.spec.containers[0]!.ports).toEqual([{ containerPort: 80, hostPort: 80, protocol: 'TCP' }]);
    expect(pod.spec.containers[0]!.env![0]!.valueFrom!.fieldRef).toEqual({ fieldPath: 'spec.nodeName', apiVersion: 'v1' });
    expect(pod.spec.volumes).toEqual([
      { name: 'scratch', emptyDir: {} },
      { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } },
      { name: 's', secret: { secretName: 's', defaultMode: 420 } },
      { name: 'h', hostPath: { path: '/tmp', type: '' } },
    ]);
  });
});

describe('setDefaults controllers', () => {
  const template = {
    metadata: { labels: { app: 'kubia' } },
    spec: { containers: [{ name: 'kubia', image: 'luksa/kubia' }] },
  };

  it('ReplicationController: selector and labels from the template, replicas 1, PodSpec defaults only', () => {
    const rc = defaulted('replicationcontrollers', { metadata: { name: 'kubia' }, spec: { template } } as ReplicationController);
    expect(rc.metadata.labels).toEqual({ app: 'kubia' });
    expect(rc.spec!.selector).toEqual({ app: 'kubia' });
    expect(rc.spec!.replicas).toBe(1);
    const spec = rc.spec!.template!.spec;
    expect(spec).toMatchObject({ restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', securityContext: {} });
    expect(spec.containers[0]).toMatchObject({ imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
    // Pod-only defaults do not materialize in templates.
    expect(spec.enableServiceLinks).toBeUndefined();
    expect(spec.serviceAccountName).toBeUndefined();
    expect(spec.priority).toBeUndefined();
  });

  it('ReplicationController keeps a given selector, labels and replicas', () => {
    const rc = defaulted('replicationcontrollers', {
      metadata: { name: 'kubia', labels: { own: 'x' } },
      spec: { replicas: 0, selector: { app: 'kubia' }, template: { ...template, metadata: { labels: { app: 'kubia', v: '2' } } } },
    } as ReplicationController);
    expect(rc.metadata.labels).toEqual({ own: 'x' });
    expect(rc.spec!.selector).toEqual({ app: 'kubia' });
    expect(rc.spec!.replicas).toBe(0);
  });

  it('ReplicaSet: replicas 1, template defaults', () => {
    const rs = defaulted('replicasets', {
      metadata: { name: 'kubia' },
      spec: { selector: { matchLabels: { app: 'kubia' } }, template },
    } as ReplicaSet);
    expect(rs.spec.replicas).toBe(1);
    expect(rs.spec.template!.spec.restartPolicy).toBe('Always');
    expect(rs.metadata.labels).toBeUndefined();
  });
});

describe('setDefaults other kinds', () => {
  it('services', () => {
    const svc = defaulted('services', { metadata: { name: 's' }, spec: { selector: { app: 'kubia' }, ports: [{ port: 80 }, { port: 443, targetPort: 8443 }] } } as Service);
    expect(svc.spec).toEqual({
      selector: { app: 'kubia' },
      ports: [
        { port: 80, protocol: 'TCP', targetPort: 80 },
        { port: 443, targetPort: 8443, protocol: 'TCP' },
      ],
      sessionAffinity: 'None',
      type: 'ClusterIP',
      internalTrafficPolicy: 'Cluster',
    });
    const np = defaulted('services', { metadata: { name: 's' }, spec: { type: 'LoadBalancer', sessionAffinity: 'ClientIP', ports: [{ port: 80 }] } } as Service);
    expect(np.spec).toMatchObject({
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      allocateLoadBalancerNodePorts: true,
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
    });
  });

  it('namespaces: the metadata.name label and phase Active', () => {
    const ns = defaulted('namespaces', { metadata: { name: 'dev', labels: { team: 'a' } } } as Namespace);
    expect(ns.metadata.labels).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'dev' });
    expect(ns.status).toEqual({ phase: 'Active' });
  });

  it('nodes: allocatable defaults to capacity, quantities canonical', () => {
    const node = defaulted('nodes', { metadata: { name: 'n' }, status: { capacity: { cpu: '2', memory: '2048Mi', pods: '110' } } } as Node);
    expect(node.status!.capacity).toEqual({ cpu: '2', memory: '2Gi', pods: '110' });
    expect(node.status!.allocatable).toEqual({ cpu: '2', memory: '2Gi', pods: '110' });
  });

  it('endpoints: port protocol TCP', () => {
    const ep = defaulted('endpoints', { metadata: { name: 's' }, subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }] } as Endpoints);
    expect(ep.subsets![0]!.ports).toEqual([{ port: 80, protocol: 'TCP' }]);
  });

  it('events and leases are left alone', () => {
    const ev = { metadata: { name: 'e' }, involvedObject: {} } as KubeObject;
    expect(defaulted('events', ev)).toEqual(ev);
    expect(defaulted('leases', { metadata: { name: 'l' } })).toEqual({ metadata: { name: 'l' } });
  });
});

describe('setDefaults on values of the wrong type', () => {
  it('fills absent (missing or null) values, and leaves mistyped ones for validation to report', () => {
    const pod = {
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'nginx', resources: 'lots', imagePullPolicy: 0 }], securityContext: [], restartPolicy: null },
    } as unknown as Pod;
    setDefaults('pods', pod);
    const c = pod.spec.containers[0]! as unknown as Record<string, unknown>;
    expect(c['resources']).toBe('lots');
    expect(c['imagePullPolicy']).toBe(0);
    expect(pod.spec.securityContext).toEqual([]);
    expect(pod.spec.restartPolicy).toBe('Always');
  });

  it('does not replace a mistyped spec, metadata or status', () => {
    for (const [resource, obj] of [
      ['pods', { metadata: {}, spec: 'x' }],
      ['replicasets', { metadata: {}, spec: 5 }],
      ['replicationcontrollers', { metadata: {}, spec: [] }],
      ['services', { metadata: {}, spec: true }],
      ['namespaces', { metadata: { name: 'n', labels: 'x' }, status: 'x' }],
      ['pods', { metadata: 'm', spec: {} }],
    ] as const) {
      const o = structuredClone(obj) as unknown as KubeObject;
      setDefaults(resource, o);
      expect(o).toEqual(obj);
    }
  });

  it('never throws, whatever it gets', () => {
    for (const resource of ['pods', 'replicasets', 'replicationcontrollers', 'services', 'namespaces', 'nodes', 'endpoints', 'events']) {
      for (const v of [null, 1, 'x', [], [null], { metadata: null, spec: null, status: null }, { spec: { containers: [null, 1, 'x', { ports: [null, 1] }] } }]) {
        expect(() => setDefaults(resource, structuredClone(v) as unknown as KubeObject)).not.toThrow();
      }
    }
  });
});

describe('nulls are Go zero values (zeroNulls, applied first by setDefaults)', () => {
  it('null fields are absent, null items and map values are zero values', () => {
    const pod = {
      metadata: { name: 'p', labels: { a: null }, finalizers: [null], annotations: null },
      spec: { containers: [{ name: 'c', image: 'i', ports: [null], args: [null, 'x'], resources: { limits: { cpu: null } }, env: null }], nodeSelector: null, tolerations: [null] },
      status: { conditions: [null] },
      bogus: null,
    } as unknown as Pod;
    setDefaults('pods', pod);
    expect(pod.metadata).toEqual({ name: 'p', labels: { a: '' }, finalizers: [''] });
    const c = pod.spec.containers[0]!;
    expect(c.ports).toEqual([{ containerPort: 0, protocol: 'TCP' }]);
    expect(c.args).toEqual(['', 'x']);
    expect(c.resources).toEqual({ limits: { cpu: '0' }, requests: { cpu: '0' } });
    expect(c.env).toBeUndefined();
    expect(pod.spec.tolerations).toEqual([{}]);
    expect(pod.status!.conditions).toEqual([{ type: '', status: '' }]);
    expect((pod as unknown as Record<string, unknown>)['bogus']).toBeNull(); // unknown fields are not touched
  });

  it('a null required scalar is its zero value, a null struct field is absent', () => {
    const ep = { metadata: { name: 'e' }, subsets: [{ addresses: [null, { ip: null, targetRef: null }] }] } as unknown as Endpoints;
    setDefaults('endpoints', ep);
    expect(ep.subsets![0]!.addresses).toEqual([{ ip: '' }, { ip: '' }]);
  });

  it('so validation sees what Kubernetes validates', () => {
    const pod = { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'i', ports: [null] }] } } as unknown as Pod;
    setDefaults('pods', pod);
    expect(validateObject('pods', pod).map(fieldErrorString)).toEqual(['spec.containers[0].ports[0].containerPort: Required value']);
  });
});
