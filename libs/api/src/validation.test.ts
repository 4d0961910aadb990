import { describe, expect, it } from 'vitest';
import { setDefaults } from './defaults.js';
import { fieldErrorString, newAlreadyExists, newConflict, newForbidden, newInvalid, newNotFound } from './errors.js';
import type { Event, KubeObject, Lease, Namespace, Node, Pod, ReplicaSet, ReplicationController, Service } from './types.js';
import { semanticEqual, validateObject, validateObjectUpdate, validateStatusUpdate, validateTypes } from './validation.js';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const QUANTITY_MSG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const POD_UPDATE_MSG =
  'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n';

/** Builds `base`, applies the test's changes, then defaults it as the apiserver would before validating. */
function build<T extends KubeObject>(resource: string, base: T, mutate?: (o: T) => void, defaults = true): T {
  const o = structuredClone(base);
  mutate?.(o);
  if (defaults) setDefaults(resource, o);
  return o;
}

const errors = (errs: ReturnType<typeof validateObject>) => errs.map(fieldErrorString);

const POD: Pod = {
  metadata: { name: 'kubia', namespace: 'default', labels: { app: 'kubia' } },
  spec: { containers: [{ name: 'kubia', image: 'luksa/kubia', ports: [{ containerPort: 8080 }] }] },
};

describe('validateObject pods', () => {
  it.each<[string, (p: Pod) => void, string[]]>([
    ['a valid pod', () => {}, []],
    ['a missing name', (p) => delete p.metadata.name, ['metadata.name: Required value: name or generateName is required']],
    ['generateName instead of a name', (p) => ((p.metadata.generateName = 'kubia-'), delete p.metadata.name), []],
    ['an invalid generateName', (p) => ((p.metadata.generateName = 'Kubia-'), delete p.metadata.name), [`metadata.generateName: Invalid value: "Kubia-": ${SUBDOMAIN_MSG}`]],
    ['an invalid name', (p) => (p.metadata.name = 'Kubia'), [`metadata.name: Invalid value: "Kubia": ${SUBDOMAIN_MSG}`]],
    ['a missing namespace', (p) => delete p.metadata.namespace, ['metadata.namespace: Required value']],
    ['an invalid label key', (p) => (p.metadata.labels = { '-app': 'x' }), [`metadata.labels: Invalid value: "-app": ${NAME_PART_MSG}`]],
    ['an invalid label value', (p) => (p.metadata.labels = { app: 'a b' }), [`metadata.labels: Invalid value: "a b": ${LABEL_VALUE_MSG}`]],
    ['oversized annotations', (p) => (p.metadata.annotations = { big: 'x'.repeat(256 * 1024) }), ['metadata.annotations: Too long: may not be more than 262144 bytes']],
    ['no containers', (p) => (p.spec.containers = []), ['spec.containers: Required value']],
    [
      'duplicate container names',
      (p) => p.spec.containers.push({ name: 'kubia', image: 'x' }),
      ['spec.containers[1].name: Duplicate value: "kubia"'],
    ],
    ['an invalid container name', (p) => (p.spec.containers[0]!.name = 'Kubia_1'), [`spec.containers[0].name: Invalid value: "Kubia_1": ${LABEL_MSG}`]],
    ['a missing image', (p) => delete p.spec.containers[0]!.image, ['spec.containers[0].image: Required value']],
    ['an image with spaces', (p) => (p.spec.containers[0]!.image = ' nginx'), ['spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace']],
    ['a zero containerPort', (p) => (p.spec.containers[0]!.ports![0]!.containerPort = 0), ['spec.containers[0].ports[0].containerPort: Required value']],
    [
      'a containerPort out of range',
      (p) => (p.spec.containers[0]!.ports![0]!.containerPort = 70000),
      ['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    ],
    [
      'an invalid port name (IANA_SVC_NAME)',
      (p) => (p.spec.containers[0]!.ports![0]!.name = 'HTTP'),
      [
        'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'spec.containers[0].ports[0].name: Invalid value: "HTTP": must contain at least one letter (a-z)',
      ],
    ],
    [
      'duplicate port names',
      (p) => (p.spec.containers[0]!.ports = [{ name: 'http', containerPort: 80 }, { name: 'http', containerPort: 81 }]),
      ['spec.containers[0].ports[1].name: Duplicate value: "http"'],
    ],
    [
      'an unsupported protocol',
      (p) => (p.spec.containers[0]!.ports![0]!.protocol = 'HTTP' as 'TCP'),
      ['spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
    ],
    [
      'a malformed quantity',
      (p) => (p.spec.containers[0]!.resources = { limits: { memory: 'abc' } }),
      [`spec.containers[0].resources.limits[memory]: Invalid value: "abc": ${QUANTITY_MSG}`],
    ],
    [
      'requests above limits',
      (p) => (p.spec.containers[0]!.resources = { limits: { cpu: '1' }, requests: { cpu: '2' } }),
      ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1'],
    ],
    [
      'a negative request',
      (p) => (p.spec.containers[0]!.resources = { requests: { memory: '-1Mi' } }),
      ['spec.containers[0].resources.requests[memory]: Invalid value: "-1Mi": must be greater than or equal to 0'],
    ],
    [
      'an unknown resource name',
      (p) => (p.spec.containers[0]!.resources = { requests: { gpu: '1' } }),
      [
        'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified',
        'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers',
      ],
    ],
    [
      'an extended resource requested below its limit',
      (p) => (p.spec.containers[0]!.resources = { limits: { 'nvidia.com/gpu': '2' }, requests: { 'nvidia.com/gpu': '1' } }),
      ['spec.containers[0].resources.requests: Invalid value: "1": must be equal to nvidia.com/gpu limit of 2'],
    ],
    [
      'a probe with two handlers',
      (p) => (p.spec.containers[0]!.livenessProbe = { httpGet: { port: 8080 }, tcpSocket: { port: 8080 } }),
      ['spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type'],
    ],
    [
      'a probe without a handler',
      (p) => (p.spec.containers[0]!.readinessProbe = { periodSeconds: 5 }),
      ['spec.containers[0].readinessProbe: Required value: must specify a handler type'],
    ],
    [
      'a liveness probe with successThreshold 2',
      (p) => (p.spec.containers[0]!.livenessProbe = { httpGet: { port: 8080 }, successThreshold: 2 }),
      ['spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1'],
    ],
    [
      'a startup probe with successThreshold 3',
      (p) => (p.spec.containers[0]!.startupProbe = { exec: { command: ['true'] }, successThreshold: 3 }),
      ['spec.containers[0].startupProbe.successThreshold: Invalid value: 3: must be 1'],
    ],
    ['a readiness probe with successThreshold 2', (p) => (p.spec.containers[0]!.readinessProbe = { httpGet: { port: 8080 }, successThreshold: 2 }), []],
    [
      'a probe with a bad port and negative delay',
      (p) => (p.spec.containers[0]!.livenessProbe = { httpGet: { port: 0 }, initialDelaySeconds: -1 }),
      [
        'spec.containers[0].livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive',
        'spec.containers[0].livenessProbe.initialDelaySeconds: Invalid value: -1: must be greater than or equal to 0',
      ],
    ],
    ['an exec probe without command', (p) => (p.spec.containers[0]!.livenessProbe = { exec: {} }), ['spec.containers[0].livenessProbe.exec.command: Required value']],
    [
      'an unsupported restartPolicy',
      (p) => (p.spec.restartPolicy = 'Sometimes' as 'Always'),
      ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
    ],
    [
      'an unsupported dnsPolicy',
      (p) => (p.spec.dnsPolicy = 'Google' as 'Default'),
      ['spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"'],
    ],
    ['an invalid nodeName', (p) => (p.spec.nodeName = 'Node_1'), [`spec.nodeName: Invalid value: "Node_1": ${SUBDOMAIN_MSG}`]],
    [
      'activeDeadlineSeconds 0',
      (p) => (p.spec.activeDeadlineSeconds = 0),
      ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive'],
    ],
    [
      'a toleration without key or Exists',
      (p) => (p.spec.tolerations = [{ operator: 'Equal', value: 'x' }]),
      ['spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"'],
    ],
    [
      'tolerationSeconds without NoExecute',
      (p) => (p.spec.tolerations = [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }]),
      ["spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"],
    ],
    [
      'an env var without name',
      (p) => (p.spec.containers[0]!.env = [{ name: '', value: 'x' }]),
      ['spec.containers[0].env[0].name: Required value', 'spec.containers[0].env[0].name: Invalid value: "": environment variable name must be non-empty'],
    ],
    [
      'an env var with an unsupported fieldRef',
      (p) => (p.spec.containers[0]!.env = [{ name: 'P', valueFrom: { fieldRef: { fieldPath: 'status.phase' } } }]),
      [
        'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
      ],
    ],
    [
      'a mount of an unknown volume',
      (p) => (p.spec.containers[0]!.volumeMounts = [{ name: 'data', mountPath: '/data' }]),
      ['spec.containers[0].volumeMounts[0].name: Not found: "data"'],
    ],
    [
      'duplicate volumes',
      (p) => (p.spec.volumes = [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }]),
      ['spec.volumes[1].name: Duplicate value: "v"'],
    ],
    [
      'an init container with a liveness probe',
      (p) => (p.spec.initContainers = [{ name: 'init', image: 'busybox', livenessProbe: { exec: { command: ['true'] } } }]),
      ['spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always'],
    ],
    [
      'an init container named like a container',
      (p) => (p.spec.initContainers = [{ name: 'kubia', image: 'busybox' }]),
      ['spec.initContainers[0].name: Duplicate value: "kubia"'],
    ],
    [
      'restartPolicy on a regular container',
      (p) => (p.spec.containers[0]!.restartPolicy = 'Always'),
      ['spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers'],
    ],
    [
      'conflicting host ports',
      (p) => p.spec.containers.push({ name: 'b', image: 'x', ports: [{ containerPort: 81, hostPort: 80 }] }, { name: 'c', image: 'x', ports: [{ containerPort: 82, hostPort: 80 }] }),
      ['spec.containers[2].ports[0].hostPort: Duplicate value: "TCP//80"'],
    ],
    [
      'a preferred node affinity weight out of range',
      (p) =>
        (p.spec.affinity = {
          nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: { matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }] } }] },
        }),
      ['spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100'],
    ],
  ])('%s', (_name, mutate, want) => {
    expect(errors(validateObject('pods', build('pods', POD, mutate)))).toEqual(want);
  });

  it('without defaulting, the defaulted fields are Required', () => {
    expect(errors(validateObject('pods', build('pods', POD, undefined, false)))).toEqual([
      'spec.terminationGracePeriodSeconds: Required value',
      'spec.containers[0].terminationMessagePolicy: Required value',
      'spec.containers[0].ports[0].protocol: Required value',
      'spec.containers[0].imagePullPolicy: Required value',
      'spec.restartPolicy: Required value',
      'spec.dnsPolicy: Required value',
    ]);
  });
});

const TEMPLATE = {
  metadata: { labels: { app: 'kubia' } },
  spec: { containers: [{ name: 'kubia', image: 'luksa/kubia' }] },
};
const RS: ReplicaSet = {
  metadata: { name: 'kubia', namespace: 'default' },
  spec: { replicas: 3, selector: { matchLabels: { app: 'kubia' } }, template: TEMPLATE },
};
const RC: ReplicationController = {
  metadata: { name: 'kubia', namespace: 'default' },
  spec: { replicas: 3, selector: { app: 'kubia' }, template: TEMPLATE },
};

describe('validateObject replicasets', () => {
  it.each<[string, (rs: ReplicaSet) => void, string[]]>([
    ['a valid ReplicaSet', () => {}, []],
    ['negative replicas', (rs) => (rs.spec.replicas = -1), ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    [
      'a selector that does not match the template',
      (rs) => (rs.spec.template!.metadata = { labels: { app: 'other' } }),
      ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`'],
    ],
    [
      'no selector',
      (rs) => delete (rs.spec as Partial<ReplicaSet['spec']>).selector,
      ['spec.selector: Required value', 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"kubia"}: `selector` does not match template `labels`'],
    ],
    [
      'an empty selector',
      (rs) => (rs.spec.selector = {}),
      ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment'],
    ],
    [
      'an In expression without values',
      (rs) => (rs.spec.selector = { matchLabels: { app: 'kubia' }, matchExpressions: [{ key: 'env', operator: 'In' }] }),
      [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"kubia"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"env", Operator:"In", Values:[]string(nil)}}}: invalid label selector',
      ],
    ],
    [
      'a template restartPolicy other than Always',
      (rs) => (rs.spec.template!.spec.restartPolicy = 'Never'),
      ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ],
    [
      'an invalid template container name',
      (rs) => (rs.spec.template!.spec.containers[0]!.name = 'Kubia'),
      [`spec.template.spec.containers[0].name: Invalid value: "Kubia": ${LABEL_MSG}`],
    ],
    [
      'no template containers',
      (rs) => (rs.spec.template!.spec.containers = []),
      ['spec.template.spec.containers: Required value'],
    ],
  ])('%s', (_name, mutate, want) => {
    expect(errors(validateObject('replicasets', build('replicasets', RS, mutate)))).toEqual(want);
  });

  it('newInvalid renders them as kubectl shows them', () => {
    const rs = build('replicasets', RS, (o) => (o.spec.replicas = -1));
    expect(newInvalid({ group: 'apps', kind: 'ReplicaSet' }, 'kubia', validateObject('replicasets', rs)).message).toBe(
      'ReplicaSet.apps "kubia" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    );
  });
});

describe('validateObject replicationcontrollers', () => {
  it.each<[string, (rc: ReplicationController) => void, boolean, string[]]>([
    ['a valid ReplicationController', () => {}, true, []],
    ['a selector defaulted from the template', (rc) => delete rc.spec!.selector, true, []],
    ['negative replicas', (rc) => (rc.spec!.replicas = -1), true, ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
    [
      'a selector that does not match the template',
      (rc) => (rc.spec!.selector = { app: 'other' }),
      true,
      ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"kubia"}: `selector` does not match template `labels`'],
    ],
    ['no selector and no template', (rc) => (rc.spec = { replicas: 1 }), true, ['spec.selector: Required value', 'spec.template: Required value']],
    [
      'a template restartPolicy other than Always',
      (rc) => (rc.spec!.template!.spec.restartPolicy = 'OnFailure'),
      true,
      ['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
    ],
    [
      'activeDeadlineSeconds in the template',
      (rc) => (rc.spec!.template!.spec.activeDeadlineSeconds = 10),
      true,
      ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicationController is not Supported'],
    ],
  ])('%s', (_name, mutate, defaults, want) => {
    expect(errors(validateObject('replicationcontrollers', build('replicationcontrollers', RC, mutate, defaults)))).toEqual(want);
  });
});

describe('validateObject other kinds', () => {
  it.each<[string, KubeObject, string[]]>([
    ['namespaces', { metadata: { name: 'dev' } }, []],
    ['namespaces', { metadata: { name: 'My_NS' } }, [`metadata.name: Invalid value: "My_NS": ${LABEL_MSG}`]],
    ['namespaces', { metadata: { name: 'a.b' } }, ['metadata.name: Invalid value: "a.b": must not contain dots']],
    ['namespaces', { metadata: { name: 'dev', namespace: 'x' } }, ['metadata.namespace: Forbidden: not allowed on this type']],
    ['nodes', { metadata: { name: 'node-1.example.com' } }, []],
    ['nodes', { metadata: { name: 'Node_1' } }, [`metadata.name: Invalid value: "Node_1": ${SUBDOMAIN_MSG}`]],
    [
      'nodes',
      { metadata: { name: 'n' }, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }, { key: 'k', effect: 'NoSchedule' }] } } as Node,
      ['metadata.taints[1]: Duplicate value: core.Taint{Key:"k", Value:"", Effect:"NoSchedule", TimeAdded:<nil>}: taints must be unique by key and effect pair'],
    ],
    [
      'nodes',
      { metadata: { name: 'n' }, status: { capacity: { cpu: 'lots' } } } as Node,
      // allocatable is defaulted from capacity, so both report it
      [`status.capacity.cpu: Invalid value: "lots": ${QUANTITY_MSG}`, `status.allocatable.cpu: Invalid value: "lots": ${QUANTITY_MSG}`],
    ],
    [
      'events',
      { metadata: { name: 'e', namespace: 'default' }, involvedObject: { kind: 'Pod', namespace: 'other', name: 'p' } } as Event,
      ['involvedObject.namespace: Invalid value: "other": does not match event.namespace'],
    ],
    ['events', { metadata: { name: 'e', namespace: 'default' }, involvedObject: { kind: 'Node', name: 'n' } } as Event, []],
    [
      'events',
      { metadata: { name: 'e', namespace: 'default' }, involvedObject: { kind: 'Pod', namespace: 'default', name: 'p' }, eventTime: '2024-01-01T00:00:00.000000Z' } as Event,
      ['reportingComponent: Required value', `reportingComponent: Invalid value: "": name part must be non-empty`, `reportingComponent: Invalid value: "": ${NAME_PART_MSG}`, 'reportingInstance: Required value', 'action: Required value'],
    ],
    ['leases', { metadata: { name: 'node-1', namespace: 'kube-node-lease' }, spec: { leaseDurationSeconds: 40 } } as Lease, []],
    [
      'leases',
      { metadata: { name: 'node-1', namespace: 'kube-node-lease' }, spec: { leaseDurationSeconds: 0 } } as Lease,
      ['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0'],
    ],
    ['endpoints', { metadata: { name: 'kubia', namespace: 'default' } }, []],
    ['endpoints', { metadata: { name: 'kubia' } }, ['metadata.namespace: Required value']],
  ])('%s %j', (resource, obj, want) => {
    expect(errors(validateObject(resource, build(resource, obj)))).toEqual(want);
  });

  it.each<[string, (s: Service) => void, string[]]>([
    ['a valid service', () => {}, []],
    [
      'a name that is not a DNS-1035 label',
      (s) => (s.metadata.name = '1svc'),
      [
        "metadata.name: Invalid value: \"1svc\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
      ],
    ],
    ['no ports', (s) => (s.spec!.ports = []), ['spec.ports: Required value']],
    ['two unnamed ports', (s) => s.spec!.ports!.push({ port: 443 }), ['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value']],
  ])('services: %s', (_name, mutate, want) => {
    const svc: Service = { metadata: { name: 'kubia', namespace: 'default' }, spec: { selector: { app: 'kubia' }, ports: [{ port: 80, targetPort: 8080 }] } };
    expect(errors(validateObject('services', build('services', svc, mutate)))).toEqual(want);
  });
});

describe('validateObjectUpdate', () => {
  const stored = () => build('pods', POD, (p) => Object.assign(p.metadata, { uid: 'u1', resourceVersion: '5', creationTimestamp: '2024-01-01T00:00:00Z' }));

  it.each<[string, (p: Pod) => void, string[]]>([
    ['no change', () => {}, []],
    ['a new image', (p) => (p.spec.containers[0]!.image = 'luksa/kubia:v2'), []],
    ['new labels and annotations', (p) => ((p.metadata.labels = { app: 'kubia', v: '2' }), (p.metadata.annotations = { a: 'b' })), []],
    ['an added toleration', (p) => (p.spec.tolerations = [{ key: 'k', operator: 'Exists' }]), []],
    ['a lower activeDeadlineSeconds', (p) => (p.spec.activeDeadlineSeconds = 10), []],
    ['a changed name', (p) => (p.metadata.name = 'other'), ['metadata.name: Invalid value: "other": field is immutable']],
    ['a changed uid', (p) => (p.metadata.uid = 'u2'), ['metadata.uid: Invalid value: "u2": field is immutable']],
    ['an added container', (p) => p.spec.containers.push({ name: 'b', image: 'x' }), ['spec.containers: Forbidden: pod updates may not add or remove containers']],
    ['a removed image', (p) => (p.spec.containers[0]!.image = ''), ['spec.containers[0].image: Required value', 'spec.containers[0].image: Required value']],
  ])('%s', (_name, mutate, want) => {
    const old = stored();
    expect(errors(validateObjectUpdate('pods', build('pods', old, mutate), old))).toEqual(want);
  });

  it.each<[string, (p: Pod) => void]>([
    ['nodeName', (p) => (p.spec.nodeName = 'node-2')],
    ['a container port', (p) => (p.spec.containers[0]!.ports![0]!.containerPort = 9090)],
    ['resources', (p) => (p.spec.containers[0]!.resources = { requests: { cpu: '1' } })],
    ['restartPolicy', (p) => (p.spec.restartPolicy = 'Never')],
  ])('changing %s is forbidden with Kubernetes’ message', (_name, mutate) => {
    const old = stored();
    const errs = validateObjectUpdate('pods', build('pods', old, mutate), old);
    expect(errs).toHaveLength(1);
    expect(errs[0]!.type).toBe('FieldValueForbidden');
    expect(errs[0]!.field).toBe('spec');
    expect(fieldErrorString(errs[0]!).startsWith(POD_UPDATE_MSG)).toBe(true);
  });

  it('tolerations may only be added', () => {
    const old = build('pods', POD, (p) => (p.spec.tolerations = [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }]));
    const lowered = build('pods', old, (p) => (p.spec.tolerations![0]!.tolerationSeconds = 10));
    expect(errors(validateObjectUpdate('pods', lowered, old))).toEqual([]);
    const changed = build('pods', old, (p) => (p.spec.tolerations![0]!.key = 'other'));
    expect(errors(validateObjectUpdate('pods', changed, old))).toEqual(['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
  });

  it('activeDeadlineSeconds may only be lowered', () => {
    const old = build('pods', POD, (p) => (p.spec.activeDeadlineSeconds = 30));
    expect(errors(validateObjectUpdate('pods', build('pods', old, (p) => (p.spec.activeDeadlineSeconds = 60)), old))).toEqual([
      'spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value',
    ]);
  });

  it('ReplicaSet spec.selector is immutable; replicas and template may change', () => {
    const old = build('replicasets', RS);
    expect(errors(validateObjectUpdate('replicasets', build('replicasets', old, (rs) => (rs.spec.replicas = 5)), old))).toEqual([]);
    const moved = build('replicasets', old, (rs) => {
      rs.spec.selector = { matchLabels: { app: 'kubia2' } };
      rs.spec.template!.metadata = { labels: { app: 'kubia2' } };
    });
    expect(errors(validateObjectUpdate('replicasets', moved, old))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"kubia2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  it('ReplicaSet update errors are reported once', () => {
    const old = build('replicasets', RS);
    expect(errors(validateObjectUpdate('replicasets', build('replicasets', old, (rs) => (rs.spec.replicas = -1)), old))).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  it('ReplicationController selectors may change', () => {
    const old = build('replicationcontrollers', RC);
    const next = build('replicationcontrollers', old, (rc) => {
      rc.spec!.selector = { app: 'kubia2' };
      rc.spec!.template!.metadata = { labels: { app: 'kubia2' } };
    });
    expect(errors(validateObjectUpdate('replicationcontrollers', next, old))).toEqual([]);
  });

  it('metadata of other kinds', () => {
    const old: Namespace = { metadata: { name: 'dev', uid: 'u', resourceVersion: '1' } };
    expect(errors(validateObjectUpdate('namespaces', build('namespaces', old, (n) => (n.metadata.name = 'prod')), build('namespaces', old)))).toEqual([
      'metadata.name: Invalid value: "prod": field is immutable',
    ]);
    const lease: Lease = { metadata: { name: 'l', namespace: 'kube-node-lease', resourceVersion: '1' }, spec: { holderIdentity: 'a' } };
    expect(errors(validateObjectUpdate('leases', { ...lease, spec: { holderIdentity: 'b' } } as Lease, lease))).toEqual([]);
    const deleting = { metadata: { ...lease.metadata, deletionTimestamp: '2024-01-01T00:00:00Z', finalizers: ['a.io/x'] } };
    expect(errors(validateObjectUpdate('leases', { metadata: { ...deleting.metadata, finalizers: ['a.io/x', 'b.io/y'] } }, deleting))).toEqual([
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}',
    ]);
  });

  it('nodes: podCIDRs and providerID are set once', () => {
    const old: Node = { metadata: { name: 'n' }, spec: { podCIDRs: ['10.0.0.0/24'], providerID: 'kubesim://n' } };
    const next: Node = { metadata: { name: 'n' }, spec: { podCIDRs: ['10.0.1.0/24'], providerID: 'other', unschedulable: true } };
    expect(errors(validateObjectUpdate('nodes', next, old))).toEqual([
      'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
      'spec.providerID: Forbidden: node updates may not change providerID except from "" to valid',
    ]);
  });
});

describe('validateStatusUpdate', () => {
  it('pods: nodeName may not change through status', () => {
    const old = build('pods', POD);
    const next = build('pods', old, (p) => {
      p.spec.nodeName = 'node-1';
      p.status = { phase: 'Running', podIPs: [{ ip: '10.1.0.5' }] };
    });
    expect(errors(validateStatusUpdate('pods', next, old))).toEqual(['status.nodeName: Forbidden: may not be changed directly']);
    const badIP = build('pods', old, (p) => (p.status = { podIPs: [{ ip: '10.1.0' }] }));
    expect(errors(validateStatusUpdate('pods', badIP, old))).toEqual(['status.podIPs[0]: Invalid value: "10.1.0": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']);
  });

  it('pods: terminated containers of a Never pod stay terminated', () => {
    const old = build('pods', POD, (p) => {
      p.spec.restartPolicy = 'Never';
      p.status = { containerStatuses: [{ name: 'kubia', ready: false, restartCount: 0, image: 'i', imageID: '', state: { terminated: { exitCode: 0 } } }] };
    });
    const next = build('pods', old, (p) => (p.status!.containerStatuses![0]!.state = { running: {} }));
    expect(errors(validateStatusUpdate('pods', next, old))).toEqual(['status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state']);
  });

  it.each(['replicasets', 'replicationcontrollers'])('%s: replica counts', (resource) => {
    const old = build(resource, resource === 'replicasets' ? RS : RC) as ReplicaSet;
    const next = structuredClone(old);
    next.status = { replicas: 2, readyReplicas: 3, availableReplicas: 3 };
    expect(errors(validateStatusUpdate(resource, next, old))).toEqual([
      'status.readyReplicas: Invalid value: 3: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 3: cannot be greater than status.replicas',
    ]);
    next.status = { replicas: -1 };
    // Unset counts are Go zeros, which exceed -1.
    expect(errors(validateStatusUpdate(resource, next, old))).toEqual([
      'status.replicas: Invalid value: -1: must be greater than or equal to 0',
      'status.fullyLabeledReplicas: Invalid value: 0: cannot be greater than status.replicas',
      'status.readyReplicas: Invalid value: 0: cannot be greater than status.replicas',
      'status.availableReplicas: Invalid value: 0: cannot be greater than status.replicas',
    ]);
  });

  it('namespaces: phase follows deletionTimestamp', () => {
    const old = build('namespaces', { metadata: { name: 'dev' } } as Namespace);
    const next = build('namespaces', old, (n) => (n.status = { phase: 'Terminating' }));
    expect(errors(validateStatusUpdate('namespaces', next, old))).toEqual([
      "status.Phase: Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` is empty",
    ]);
  });
});

describe('JSON types (validateTypes, and the entry points on mistyped objects)', () => {
  const texts = (errs: ReturnType<typeof validateTypes>) => errs.map(fieldErrorString);

  it('reports values of the wrong JSON type as FieldValueTypeInvalid, in OpenAPI words', () => {
    const pod = { metadata: { name: 'p', labels: { app: true } }, spec: { containers: 'c', priority: 1.5, hostNetwork: 'yes' } };
    expect(texts(validateTypes('pods', pod))).toEqual([
      'metadata.labels[app]: Invalid value: "boolean": metadata.labels[app] in body must be of type string: "boolean"',
      'spec.containers: Invalid value: "string": spec.containers in body must be of type array: "string"',
      'spec.priority: Invalid value: "number": spec.priority in body must be of type integer: "number"',
      'spec.hostNetwork: Invalid value: "string": spec.hostNetwork in body must be of type boolean: "string"',
    ]);
    expect(validateTypes('pods', pod).map((e) => e.type)).toEqual(Array(4).fill('FieldValueTypeInvalid'));
  });

  it('integers out of range, int-or-strings and quantities of the wrong type', () => {
    const rs = { spec: { replicas: 2 ** 31, template: { spec: { containers: [{ ports: [{ containerPort: '80' }], resources: { limits: { cpu: true } } }] } } } };
    expect(texts(validateTypes('replicasets', rs))).toEqual([
      'spec.replicas: Invalid value: "integer": spec.replicas in body must be of type int32: "integer"',
      'spec.template.spec.containers[0].ports[0].containerPort: Invalid value: "string": spec.template.spec.containers[0].ports[0].containerPort in body must be of type integer: "string"',
      'spec.template.spec.containers[0].resources.limits[cpu]: Invalid value: "boolean": spec.template.spec.containers[0].resources.limits[cpu] in body must be of type string: "boolean"',
    ]);
    expect(texts(validateTypes('services', { spec: { ports: [{ targetPort: 1.5 }] } }))).toEqual([
      'spec.ports[0].targetPort: Invalid value: "number": spec.ports[0].targetPort in body must be of type integer or string: "number"',
    ]);
  });

  it('accepts nulls, unknown fields and malformed (but well-typed) quantities and times, which other checks own', () => {
    expect(validateTypes('pods', { metadata: { name: null, labels: { a: null } }, spec: { containers: [null, { resources: { limits: { cpu: 'lots' } } }] }, bogus: [1] })).toEqual([]);
    expect(validateTypes('pods', { metadata: { creationTimestamp: 'today' } })).toEqual([]);
    expect(validateTypes('widgets', { spec: 1 })).toEqual([]);
    expect(texts(validateTypes('widgets', 'x'))).toEqual([': Invalid value: "string": body must be of type object: "string"']);
  });

  it('the entry points answer type errors only, and never throw', () => {
    const rs = { metadata: { name: 'rs', namespace: 'default' }, spec: { selector: { matchLabels: { a: 'b' } }, template: 5 } } as unknown as ReplicaSet;
    setDefaults('replicasets', rs);
    expect(errors(validateObject('replicasets', rs))).toEqual([
      'spec.template: Invalid value: "integer": spec.template in body must be of type object: "integer"',
    ]);
    expect(errors(validateObjectUpdate('replicasets', rs, 'garbage' as unknown as ReplicaSet))).toHaveLength(1);
    expect(errors(validateStatusUpdate('replicasets', { metadata: [] } as unknown as ReplicaSet, rs))).toEqual([
      'metadata: Invalid value: "array": metadata in body must be of type object: "array"',
    ]);
    expect(validateObject('pods', null as unknown as Pod)).toEqual([]);
    expect(errors(validateObject('pods', [] as unknown as Pod))).toEqual([': Invalid value: "array": body must be of type object: "array"']);
  });

  it('null items and fields are Go zero values', () => {
    const pod = build('pods', {
      metadata: { name: 'p', namespace: 'default', finalizers: [null] },
      spec: {
        containers: [{ name: 'c', image: 'i' }],
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [null] }] }, preferredDuringSchedulingIgnoredDuringExecution: [null] } },
      },
    } as unknown as Pod);
    expect(errors(validateObject('pods', pod))).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^metadata\.finalizers: Invalid value: "": /),
        'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: Invalid value: "": not a valid selector operator',
        'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100',
      ]),
    );
  });
});

describe('errors and equality on hostile values', () => {
  it('Status constructors take only string names (bodies may hold anything), so the Status always serializes', () => {
    let deep: unknown = null;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const gr = { group: '', resource: 'pods' };
    for (const e of [
      newInvalid({ group: '', kind: 'Pod' }, deep as string, [{ type: 'FieldValueInvalid', field: 'x', badValue: deep, detail: 'd' }]),
      newNotFound(gr, deep as string),
      newAlreadyExists(gr, { a: 1 } as unknown as string),
      newConflict(gr, 5 as unknown as string, 'm'),
      newForbidden(gr, [] as unknown as string, 'm'),
    ]) {
      expect(() => JSON.stringify(e.status)).not.toThrow();
      expect(e.status.details?.name).toBe('');
    }
    expect(newInvalid({ group: '', kind: 'Pod' }, deep as string, [{ type: 'FieldValueInvalid', field: 'x', badValue: deep, detail: 'd' }]).status.message).toBe(
      'Pod "" is invalid: x: Invalid value: "<unprintable value>": d',
    );
  });

  it('semanticEqual compares deep and self-referencing values without recursion', () => {
    const chain = (n: number, leaf: unknown) => {
      let v: unknown = leaf;
      for (let i = 0; i < n; i++) v = { a: v, b: [] };
      return v;
    };
    expect(semanticEqual(chain(200_000, null), chain(200_000, null))).toBe(true);
    expect(semanticEqual(chain(200_000, null), {})).toBe(true); // all Go-empty
    expect(semanticEqual(chain(200_000, 1), chain(200_000, 2))).toBe(false);
    const a: Record<string, unknown> = { x: 1 };
    a['self'] = a;
    const b: Record<string, unknown> = { x: 1 };
    b['self'] = b;
    expect(semanticEqual(a, b)).toBe(true);
    expect(semanticEqual({ a: [1, { b: null }] }, { a: [1, {}], c: [] })).toBe(true);
    expect(semanticEqual([1], [1, 2])).toBe(false);
    expect(semanticEqual([], { a: { b: [] } })).toBe(true);
    expect(semanticEqual([0], {})).toBe(false);
    expect(semanticEqual({ a: 1 }, { a: 1, b: 0 })).toBe(false);
    expect(semanticEqual({ a: '' }, {})).toBe(false);
    // Shared values (YAML anchors): 2^40 paths; past the first 1,000 pairs each is compared once.
    const shared = (leaf: unknown) => {
      let v: unknown = leaf;
      for (let i = 0; i < 40; i++) v = { l: v, r: v };
      return v;
    };
    expect(semanticEqual(shared('x'), shared('x'))).toBe(true);
    expect(semanticEqual(shared('x'), shared('y'))).toBe(false);
  });
});
