import type { FieldPatchMeta, PatchSchema } from './strategic.js';

/**
 * Strategic-merge-patch schemas of the kinds kubesim serves (plus the apps/v1 workloads that
 * embed a pod template), transcribed from the `patchStrategy` / `patchMergeKey` tags of
 * k8s.io/api core/v1, apps/v1 and meta/v1. Fields without tags are absent: their objects merge
 * and their lists are replaced (e.g. tolerations, node taints, container statuses, endpoint
 * subsets, label selector expressions).
 */
const merge = (mergeKey?: string, schema?: PatchSchema, retainKeys?: true): FieldPatchMeta => ({
  strategy: 'merge',
  ...(mergeKey && { mergeKey }),
  ...(schema && { schema }),
  ...(retainKeys && { retainKeys }),
});
const nested = (schema: PatchSchema): FieldPatchMeta => ({ schema });

/** meta/v1 ObjectMeta. */
const objectMeta: PatchSchema = { ownerReferences: merge('uid'), finalizers: merge() };

/** core/v1 Container (and EphemeralContainer). */
const container: PatchSchema = {
  ports: merge('containerPort'),
  env: merge('name'),
  volumeMounts: merge('mountPath'),
  volumeDevices: merge('devicePath'),
};

/** core/v1 PodSpec. */
const podSpec: PatchSchema = {
  containers: merge('name', container),
  initContainers: merge('name', container),
  ephemeralContainers: merge('name', container),
  volumes: merge('name', undefined, true),
  imagePullSecrets: merge('name'),
  hostAliases: merge('ip'),
  topologySpreadConstraints: merge('topologyKey'),
  schedulingGates: merge('name'),
  resourceClaims: merge('name', undefined, true),
};

const podStatus: PatchSchema = {
  conditions: merge('type'),
  podIPs: merge('ip'),
  hostIPs: merge('ip'),
  resourceClaimStatuses: merge('name', undefined, true),
};

const podTemplateSpec: PatchSchema = { metadata: nested(objectMeta), spec: nested(podSpec) };
const withConditions: PatchSchema = { conditions: merge('type') };
const kind = (fields: PatchSchema = {}): PatchSchema => ({ metadata: nested(objectMeta), ...fields });
const workload = (spec: PatchSchema = {}): PatchSchema =>
  kind({ spec: nested({ template: nested(podTemplateSpec), ...spec }), status: nested(withConditions) });

const SCHEMAS: Readonly<Record<string, PatchSchema>> = {
  'v1/Pod': kind({ spec: nested(podSpec), status: nested(podStatus) }),
  'v1/PodTemplate': kind({ template: nested(podTemplateSpec) }),
  'v1/ReplicationController': workload(),
  'apps/v1/ReplicaSet': workload(),
  'apps/v1/Deployment': workload({ strategy: { retainKeys: true } }),
  'apps/v1/DaemonSet': workload(),
  'apps/v1/StatefulSet': workload(),
  'v1/Node': kind({ spec: nested({ podCIDRs: merge() }), status: nested({ conditions: merge('type'), addresses: merge('type') }) }),
  'v1/Namespace': kind({ status: nested(withConditions) }),
  'v1/Service': kind({ spec: nested({ ports: merge('port') }), status: nested(withConditions) }),
  'v1/Endpoints': kind(),
  'v1/Event': kind(),
  'v1/Binding': kind(),
  'coordination.k8s.io/v1/Lease': kind(),
  'autoscaling/v1/Scale': kind(),
};

/**
 * The strategic-merge-patch schema of a kind. Unknown kinds (custom resources) get the empty
 * schema: objects merge and lists are replaced, i.e. JSON merge patch semantics (directives are
 * still understood).
 */
export function schemaForKind(apiVersion: string, kind: string): PatchSchema {
  return SCHEMAS[`${apiVersion}/${kind}`] ?? {};
}

/** True when {@link schemaForKind} has a built-in schema for the kind. */
export function hasSchemaForKind(apiVersion: string, kind: string): boolean {
  return Object.hasOwn(SCHEMAS, `${apiVersion}/${kind}`);
}
