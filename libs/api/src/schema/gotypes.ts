/**
 * The Go types of the fields of `defs.ts`, as `reflect.Type.String()` prints them in Go's JSON
 * decoding errors (`... of type v1.RestartPolicy`): structs are `v1.<Name>` (every served package
 * is a `v1`), lists `[]T`, maps `map[string]T`, resource lists `v1.ResourceList`. OpenAPI loses the
 * named string types of k8s.io/api, so they are listed here (k8s.io/api v1.33); a field not listed
 * has its OpenAPI type (`string`, `int32`, `int64`, `bool`, `float64`).
 */
import type { Shape } from './model.js';

/** `<Type>.<field>` → the named Go type of the field's scalar (for lists, of their items). */
const NAMED: Readonly<Record<string, string>> = {
  'AppArmorProfile.type': 'v1.AppArmorProfileType',
  'AzureDiskVolumeSource.cachingMode': 'v1.AzureDataDiskCachingMode',
  'AzureDiskVolumeSource.kind': 'v1.AzureDataDiskKind',
  'Capabilities.add': 'v1.Capability',
  'Capabilities.drop': 'v1.Capability',
  'Condition.status': 'v1.ConditionStatus',
  'Container.imagePullPolicy': 'v1.PullPolicy',
  'Container.restartPolicy': 'v1.ContainerRestartPolicy',
  'Container.terminationMessagePolicy': 'v1.TerminationMessagePolicy',
  'ContainerPort.protocol': 'v1.Protocol',
  'ContainerResizePolicy.resourceName': 'v1.ResourceName',
  'ContainerResizePolicy.restartPolicy': 'v1.ResourceResizeRestartPolicy',
  'ContainerStatus.stopSignal': 'v1.Signal',
  'DeleteOptions.propagationPolicy': 'v1.DeletionPropagation',
  'EmptyDirVolumeSource.medium': 'v1.StorageMedium',
  'EndpointPort.protocol': 'v1.Protocol',
  'EphemeralContainer.imagePullPolicy': 'v1.PullPolicy',
  'EphemeralContainer.restartPolicy': 'v1.ContainerRestartPolicy',
  'EphemeralContainer.terminationMessagePolicy': 'v1.TerminationMessagePolicy',
  'HTTPGetAction.scheme': 'v1.URIScheme',
  'HostPathVolumeSource.type': 'v1.HostPathType',
  'ImageVolumeSource.pullPolicy': 'v1.PullPolicy',
  'LabelSelectorRequirement.operator': 'v1.LabelSelectorOperator',
  'LeaseSpec.strategy': 'v1.CoordinatedLeaseStrategy',
  'Lifecycle.stopSignal': 'v1.Signal',
  'LoadBalancerIngress.ipMode': 'v1.LoadBalancerIPMode',
  'ManagedFieldsEntry.operation': 'v1.ManagedFieldsOperationType',
  'NamespaceCondition.status': 'v1.ConditionStatus',
  'NamespaceCondition.type': 'v1.NamespaceConditionType',
  'NamespaceSpec.finalizers': 'v1.FinalizerName',
  'NamespaceStatus.phase': 'v1.NamespacePhase',
  'NodeAddress.type': 'v1.NodeAddressType',
  'NodeCondition.status': 'v1.ConditionStatus',
  'NodeCondition.type': 'v1.NodeConditionType',
  'NodeSelectorRequirement.operator': 'v1.NodeSelectorOperator',
  'NodeStatus.phase': 'v1.NodePhase',
  'NodeStatus.volumesInUse': 'v1.UniqueVolumeName',
  'ObjectMeta.uid': 'types.UID',
  'ObjectReference.uid': 'types.UID',
  'OwnerReference.uid': 'types.UID',
  'PersistentVolumeClaimSpec.accessModes': 'v1.PersistentVolumeAccessMode',
  'PersistentVolumeClaimSpec.volumeMode': 'v1.PersistentVolumeMode',
  'PodCondition.status': 'v1.ConditionStatus',
  'PodCondition.type': 'v1.PodConditionType',
  'PodOS.name': 'v1.OSName',
  'PodReadinessGate.conditionType': 'v1.PodConditionType',
  'PodSecurityContext.fsGroupChangePolicy': 'v1.PodFSGroupChangePolicy',
  'PodSecurityContext.seLinuxChangePolicy': 'v1.PodSELinuxChangePolicy',
  'PodSecurityContext.supplementalGroupsPolicy': 'v1.SupplementalGroupsPolicy',
  'PodSpec.dnsPolicy': 'v1.DNSPolicy',
  'PodSpec.preemptionPolicy': 'v1.PreemptionPolicy',
  'PodSpec.restartPolicy': 'v1.RestartPolicy',
  'PodStatus.phase': 'v1.PodPhase',
  'PodStatus.qosClass': 'v1.PodQOSClass',
  'PodStatus.resize': 'v1.PodResizeStatus',
  'PortStatus.protocol': 'v1.Protocol',
  'Preconditions.uid': 'types.UID',
  'ReplicaSetCondition.status': 'v1.ConditionStatus',
  'ReplicaSetCondition.type': 'v1.ReplicaSetConditionType',
  'ReplicationControllerCondition.status': 'v1.ConditionStatus',
  'ReplicationControllerCondition.type': 'v1.ReplicationControllerConditionType',
  'ResourceHealth.health': 'v1.ResourceHealthStatus',
  'ResourceHealth.resourceID': 'v1.ResourceID',
  'ResourceStatus.name': 'v1.ResourceName',
  'SeccompProfile.type': 'v1.SeccompProfileType',
  'SecurityContext.procMount': 'v1.ProcMountType',
  'ServicePort.protocol': 'v1.Protocol',
  'ServiceSpec.externalTrafficPolicy': 'v1.ServiceExternalTrafficPolicy',
  'ServiceSpec.internalTrafficPolicy': 'v1.ServiceInternalTrafficPolicy',
  'ServiceSpec.ipFamilies': 'v1.IPFamily',
  'ServiceSpec.ipFamilyPolicy': 'v1.IPFamilyPolicy',
  'ServiceSpec.sessionAffinity': 'v1.ServiceAffinity',
  'ServiceSpec.type': 'v1.ServiceType',
  'Status.reason': 'v1.StatusReason',
  'StatusCause.reason': 'v1.CauseType',
  'StatusDetails.uid': 'types.UID',
  'Taint.effect': 'v1.TaintEffect',
  'Toleration.effect': 'v1.TaintEffect',
  'Toleration.operator': 'v1.TolerationOperator',
  'TopologySpreadConstraint.nodeAffinityPolicy': 'v1.NodeInclusionPolicy',
  'TopologySpreadConstraint.nodeTaintsPolicy': 'v1.NodeInclusionPolicy',
  'TopologySpreadConstraint.whenUnsatisfiable': 'v1.UnsatisfiableConstraintAction',
  'VolumeMount.mountPropagation': 'v1.MountPropagationMode',
  'VolumeMount.recursiveReadOnly': 'v1.RecursiveReadOnlyMode',
  'VolumeMountStatus.recursiveReadOnly': 'v1.RecursiveReadOnlyMode',
};

const WELL_KNOWN_GO: Readonly<Record<string, string>> = {
  Quantity: 'resource.Quantity',
  IntOrString: 'intstr.IntOrString',
  Time: 'v1.Time',
  MicroTime: 'v1.MicroTime',
  FieldsV1: 'v1.FieldsV1',
  RawExtension: 'runtime.RawExtension',
  Patch: 'v1.Patch',
};

/** The named Go scalar type of field `field` of type `owner`, if it has one. */
export function goNamedScalar(owner: string, field: string): string | undefined {
  return Object.hasOwn(NAMED, `${owner}.${field}`) ? NAMED[`${owner}.${field}`] : undefined;
}

/** `reflect.Type.String()` of a shape; `scalar` names its (innermost) scalar type. */
export function goTypeString(shape: Shape, scalar?: string): string {
  switch (shape.kind) {
    case 'primitive':
      if (scalar) return scalar;
      if (shape.type === 'string') return shape.format === 'byte' ? '[]uint8' : 'string';
      if (shape.type === 'integer') return shape.format === 'int32' ? 'int32' : 'int64';
      if (shape.type === 'number') return 'float64';
      return 'bool';
    case 'named':
      return WELL_KNOWN_GO[shape.name] ?? `v1.${shape.name}`;
    case 'free':
      return 'interface {}';
    case 'array':
      return `[]${goTypeString(shape.items, scalar)}`;
    case 'map':
      if (shape.values.kind === 'named' && shape.values.name === 'Quantity') return 'v1.ResourceList';
      return `map[string]${goTypeString(shape.values, scalar)}`;
  }
}
