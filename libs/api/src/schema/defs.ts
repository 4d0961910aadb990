/**
 * The OpenAPI schemas of every kind kubesim serves, in a compact notation that `model.ts` expands
 * into OpenAPI v2/v3 schemas and uses for strict field validation.
 *
 * Source: Kubernetes v1.33 (k8s.io/api core/v1, apps/v1, coordination/v1, autoscaling/v1 and
 * apimachinery meta/v1). Field names, types, formats, `required` and descriptions were transcribed
 * from the v1.33.0 OpenAPI spec as the generated models of @kubernetes/client-node 1.3.0 and
 * kubernetes-types carry it; patch strategies and list types were added by hand from the `+listType`
 * / `patchStrategy` tags of k8s.io/api and checked against `api/openapi-spec/v3`.
 * Only the types reachable from the served kinds are listed. Descriptions are kept whole for the
 * fields kubesim models in `@kubesim/api` types.ts and cut to their first sentence elsewhere.
 * kubectl 1.29+ computes `apply` patches from these schemas (via `/openapi/v3`), so a field's
 * patch strategy here is what kubectl sends.
 *
 * Notation of a field: `[spec, description]`, where spec is `<type>[!] [extensions…]`:
 * - type: `string`, `int32`, `int64`, `double`, `boolean`, `bytes` (base64 string), `quantity`,
 *   `intstr`, `time`, `microtime`, `fieldsv1`, `rawext`, `object` (free-form), a type name of this
 *   table, `[]<type>` (list) or `{}<type>` (map with string keys);
 * - `!`: the field is required;
 * - `merge` / `merge=<key>`: `x-kubernetes-patch-strategy: merge` (and the patch merge key);
 *   `retainKeys` adds `retainKeys` to the strategy;
 * - `map=<k1>,<k2>` / `set`: `x-kubernetes-list-type` map (with its keys) or set; other lists are
 *   `atomic`;
 * - `atomic` on a map: `x-kubernetes-map-type: atomic`.
 */
import type { TypeDef } from './model.js';

const D = {
  fsType: 'fsType is the filesystem type of the volume that you want to mount.',
  partition: 'partition is the partition in the volume that you want to mount.',
  apiVersion: 'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
  kind: 'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
  metadata: 'Standard object\'s metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
  items: 'items if unspecified, each key-value pair in the Data field of the referenced ConfigMap will be projected into the volume as a file whose name is the key and content is the value. If specified, the listed keys will be projected into the specified paths, and unlisted keys will not be present. If a key is specified which is not present in the ConfigMap, the volume setup will error unless it is marked optional. Paths must be relative and may not contain the \'..\' path or start with \'..\'.',
  optional: 'optional specify whether the ConfigMap or its keys must be defined',
  volumeDevices: 'volumeDevices is the list of block devices to be used by the container.',
  metadata2: 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
  message: 'A human-readable description of the status of this operation.',
  readOnly: 'readOnly here will force the ReadOnly setting in VolumeMounts.',
  selfLink: 'Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.',
  lastTransitionTime: 'Last time the condition transitioned from one status to another.',
  message2: 'Human-readable message indicating details about last transition.',
  reason: 'Unique, one-word, CamelCase reason for the condition\'s last transition.',
  kind2: 'Kind of the referent. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
  spec: 'Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status',
  lastTransitionTime2: 'The last time the condition transitioned from one status to another.',
  message3: 'A human readable message indicating details about the transition.',
  minReadySeconds: 'Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)',
};

export const TYPES: Readonly<Record<string, TypeDef>> = {
  AWSElasticBlockStoreVolumeSource: [
    'Represents a Persistent Disk resource in AWS.',
    {
      fsType: ['string', D.fsType],
      partition: ['int32', D.partition],
      readOnly: ['boolean', 'readOnly value true will force the readOnly setting in VolumeMounts.'],
      volumeID: ['string!', 'volumeID is unique ID of the persistent disk resource in AWS (Amazon EBS volume).'],
    },
  ],
  Affinity: [
    'Affinity is a group of affinity scheduling rules.',
    {
      nodeAffinity: ['NodeAffinity', 'Describes node affinity scheduling rules for the pod.'],
      podAffinity: ['PodAffinity', 'Describes pod affinity scheduling rules (e.g. co-locate this pod in the same node, zone, etc. as some other pod(s)).'],
      podAntiAffinity: ['PodAntiAffinity', 'Describes pod anti-affinity scheduling rules (e.g. avoid putting this pod in the same node, zone, etc. as some other pod(s)).'],
    },
  ],
  AppArmorProfile: [
    'AppArmorProfile defines a pod or container\'s AppArmor settings.',
    {
      localhostProfile: ['string', 'localhostProfile indicates a profile loaded on the node that should be used.'],
      type: ['string!', 'type indicates which kind of AppArmor profile will be applied.'],
    },
  ],
  AttachedVolume: [
    'AttachedVolume describes a volume attached to a node',
    {
      devicePath: ['string!', 'DevicePath represents the device path where the volume should be available'],
      name: ['string!', 'Name of the attached volume'],
    },
  ],
  AzureDiskVolumeSource: [
    'AzureDisk represents an Azure Data Disk mount on the host and bind mount to the pod.',
    {
      cachingMode: ['string', 'cachingMode is the Host Caching mode: None, Read Only, Read Write.'],
      diskName: ['string!', 'diskName is the Name of the data disk in the blob storage'],
      diskURI: ['string!', 'diskURI is the URI of data disk in the blob storage'],
      fsType: ['string', 'fsType is Filesystem type to mount.'],
      kind: ['string', 'kind expected values are Shared: multiple blob disks per storage account  Dedicated: single blob disk per storage account  Managed: azure managed data disk (only in managed availability set). defaults to shared'],
      readOnly: ['boolean', 'readOnly Defaults to false (read/write).'],
    },
  ],
  AzureFileVolumeSource: [
    'AzureFile represents an Azure File Service mount on the host and bind mount to the pod.',
    {
      readOnly: ['boolean', 'readOnly defaults to false (read/write).'],
      secretName: ['string!', 'secretName is the  name of secret that contains Azure Storage Account Name and Key'],
      shareName: ['string!', 'shareName is the azure share Name'],
    },
  ],
  Binding: [
    'Binding ties one object to another; for example, a pod is bound to a node by a scheduler. Deprecated in 1.7, please use the bindings subresource of pods instead.',
    {
      apiVersion: ['string', D.apiVersion],
      kind: ['string', D.kind],
      metadata: ['ObjectMeta', D.metadata],
      target: ['ObjectReference!', 'The target object that you want to bind to the standard object.'],
    },
  ],
  CSIVolumeSource: [
    'Represents a source location of a volume to mount, managed by an external CSI driver',
    {
      driver: ['string!', 'driver is the name of the CSI driver that handles this volume.'],
      fsType: ['string', 'fsType to mount.'],
      nodePublishSecretRef: ['LocalObjectReference', 'nodePublishSecretRef is a reference to the secret object containing sensitive information to pass to the CSI driver to complete the CSI NodePublishVolume and NodeUnpublishVolume calls.'],
      readOnly: ['boolean', 'readOnly specifies a read-only configuration for the volume.'],
      volumeAttributes: ['{}string', 'volumeAttributes stores driver-specific properties that are passed to the CSI driver.'],
    },
  ],
  Capabilities: [
    'Adds and removes POSIX capabilities from running containers.',
    {
      add: ['[]string', 'Added capabilities'],
      drop: ['[]string', 'Removed capabilities'],
    },
  ],
  CephFSVolumeSource: [
    'Represents a Ceph Filesystem mount that lasts the lifetime of a pod Cephfs volumes do not support ownership management or SELinux relabeling.',
    {
      monitors: ['[]string!', 'monitors is Required: Monitors is a collection of Ceph monitors More info: https://examples.k8s.io/volumes/cephfs/README.md#how-to-use-it'],
      path: ['string', 'path is Optional: Used as the mounted root, rather than the full Ceph tree, default is /'],
      readOnly: ['boolean', 'readOnly is Optional: Defaults to false (read/write).'],
      secretFile: ['string', 'secretFile is Optional: SecretFile is the path to key ring for User, default is /etc/ceph/user.secret More info: https://examples.k8s.io/volumes/cephfs/README.md#how-to-use-it'],
      secretRef: ['LocalObjectReference', 'secretRef is Optional: SecretRef is reference to the authentication secret for User, default is empty.'],
      user: ['string', 'user is optional: User is the rados user name, default is admin More info: https://examples.k8s.io/volumes/cephfs/README.md#how-to-use-it'],
    },
  ],
  CinderVolumeSource: [
    'Represents a cinder volume resource in Openstack.',
    {
      fsType: ['string', 'fsType is the filesystem type to mount.'],
      readOnly: ['boolean', 'readOnly defaults to false (read/write).'],
      secretRef: ['LocalObjectReference', 'secretRef is optional: points to a secret object containing parameters used to connect to OpenStack.'],
      volumeID: ['string!', 'volumeID used to identify the volume in cinder.'],
    },
  ],
  ClientIPConfig: [
    'ClientIPConfig represents the configurations of Client IP based session affinity.',
    {
      timeoutSeconds: ['int32', 'timeoutSeconds specifies the seconds of ClientIP type session sticky time.'],
    },
  ],
  ClusterTrustBundleProjection: [
    'ClusterTrustBundleProjection describes how to select a set of ClusterTrustBundle objects and project their contents into the pod filesystem.',
    {
      labelSelector: ['LabelSelector', 'Select all ClusterTrustBundles that match this label selector.'],
      name: ['string', 'Select a single ClusterTrustBundle by object name.'],
      optional: ['boolean', 'If true, don\'t block pod startup if the referenced ClusterTrustBundle(s) aren\'t available.'],
      path: ['string!', 'Relative path from the volume root to write the bundle.'],
      signerName: ['string', 'Select all ClusterTrustBundles that match this signer name.'],
    },
  ],
  Condition: [
    'Condition contains details for one aspect of the current state of this API Resource.',
    {
      lastTransitionTime: ['time!', 'lastTransitionTime is the last time the condition transitioned from one status to another.'],
      message: ['string!', 'message is a human readable message indicating details about the transition.'],
      observedGeneration: ['int64', 'observedGeneration represents the .metadata.generation that the condition was set based upon.'],
      reason: ['string!', 'reason contains a programmatic identifier indicating the reason for the condition\'s last transition.'],
      status: ['string!', 'status of the condition, one of True, False, Unknown.'],
      type: ['string!', 'type of condition in CamelCase or in foo.example.com/CamelCase.'],
    },
  ],
  ConfigMapEnvSource: [
    'ConfigMapEnvSource selects a ConfigMap to populate the environment variables with.',
    {
      name: ['string', 'Name of the referent.'],
      optional: ['boolean', 'Specify whether the ConfigMap must be defined'],
    },
  ],
  ConfigMapKeySelector: [
    'Selects a key from a ConfigMap.',
    {
      key: ['string!', 'The key to select.'],
      name: ['string', 'Name of the referent.'],
      optional: ['boolean', 'Specify whether the ConfigMap or its key must be defined'],
    },
  ],
  ConfigMapNodeConfigSource: [
    'ConfigMapNodeConfigSource contains the information to reference a ConfigMap as a config source for the Node.',
    {
      kubeletConfigKey: ['string!', 'KubeletConfigKey declares which key of the referenced ConfigMap corresponds to the KubeletConfiguration structure This field is required in all cases.'],
      name: ['string!', 'Name is the metadata.name of the referenced ConfigMap.'],
      namespace: ['string!', 'Namespace is the metadata.namespace of the referenced ConfigMap.'],
      resourceVersion: ['string', 'ResourceVersion is the metadata.ResourceVersion of the referenced ConfigMap.'],
      uid: ['string', 'UID is the metadata.UID of the referenced ConfigMap.'],
    },
  ],
  ConfigMapProjection: [
    'Adapts a ConfigMap into a projected volume.',
    {
      items: ['[]KeyToPath', D.items],
      name: ['string', 'Name of the referent.'],
      optional: ['boolean', D.optional],
    },
  ],
  ConfigMapVolumeSource: [
    'Adapts a ConfigMap into a volume.',
    {
      defaultMode: ['int32', 'defaultMode is optional: mode bits used to set permissions on created files by default.'],
      items: ['[]KeyToPath', D.items],
      name: ['string', 'Name of the referent.'],
      optional: ['boolean', D.optional],
    },
  ],
  Container: [
    'A single application container that you want to run within a pod.',
    {
      args: ['[]string', 'Arguments to the entrypoint. The container image\'s CMD is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container\'s environment. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. "$$(VAR_NAME)" will produce the string literal "$(VAR_NAME)". Escaped references will never be expanded, regardless of whether the variable exists or not. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell'],
      command: ['[]string', 'Entrypoint array. Not executed within a shell. The container image\'s ENTRYPOINT is used if this is not provided. Variable references $(VAR_NAME) are expanded using the container\'s environment. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. "$$(VAR_NAME)" will produce the string literal "$(VAR_NAME)". Escaped references will never be expanded, regardless of whether the variable exists or not. Cannot be updated. More info: https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell'],
      env: ['[]EnvVar merge=name map=name', 'List of environment variables to set in the container. Cannot be updated.'],
      envFrom: ['[]EnvFromSource', 'List of sources to populate environment variables in the container. The keys defined within a source must be a C_IDENTIFIER. All invalid keys will be reported as an event when the container is starting. When a key exists in multiple sources, the value associated with the last source will take precedence. Values defined by an Env with a duplicate key will take precedence. Cannot be updated.'],
      image: ['string', 'Container image name. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.'],
      imagePullPolicy: ['string', 'Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise. Cannot be updated. More info: https://kubernetes.io/docs/concepts/containers/images#updating-images'],
      lifecycle: ['Lifecycle', 'Actions that the management system should take in response to container lifecycle events. Cannot be updated.'],
      livenessProbe: ['Probe', 'Periodic probe of container liveness. Container will be restarted if the probe fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes'],
      name: ['string!', 'Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.'],
      ports: ['[]ContainerPort merge=containerPort map=containerPort,protocol', 'List of ports to expose from the container. Not specifying a port here DOES NOT prevent that port from being exposed. Any port which is listening on the default "0.0.0.0" address inside a container will be accessible from the network. Modifying this array with strategic merge patch may corrupt the data. For more information See https://github.com/kubernetes/kubernetes/issues/108255. Cannot be updated.'],
      readinessProbe: ['Probe', 'Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes'],
      resizePolicy: ['[]ContainerResizePolicy', 'Resources resize policy for the container.'],
      resources: ['ResourceRequirements', 'Compute Resources required by this container. Cannot be updated. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
      restartPolicy: ['string', 'RestartPolicy defines the restart behavior of individual containers in a pod. This field may only be set for init containers, and the only allowed value is "Always". For non-init containers or when this field is not specified, the restart behavior is defined by the Pod\'s restart policy and the container type. Setting the RestartPolicy as "Always" for the init container will have the following effect: this init container will be continually restarted on exit until all regular containers have terminated. Once all regular containers have completed, all init containers with restartPolicy "Always" will be shut down. This lifecycle differs from normal init containers and is often referred to as a "sidecar" container. Although this init container still starts in the init container sequence, it does not wait for the container to complete before proceeding to the next init container. Instead, the next init container starts immediately after this init container is started, or after any startupProbe has successfully completed.'],
      securityContext: ['SecurityContext', 'SecurityContext defines the security options the container should be run with. If set, the fields of SecurityContext override the equivalent fields of PodSecurityContext. More info: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
      startupProbe: ['Probe', 'StartupProbe indicates that the Pod has successfully initialized. If specified, no other probes are executed until this completes successfully. If this probe fails, the Pod will be restarted, just as if the livenessProbe failed. This can be used to provide different probe parameters at the beginning of a Pod\'s lifecycle, when it might take a long time to load data or warm a cache, than during steady-state operation. This cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes'],
      stdin: ['boolean', 'Whether this container should allocate a buffer for stdin in the container runtime. If this is not set, reads from stdin in the container will always result in EOF. Default is false.'],
      stdinOnce: ['boolean', 'Whether the container runtime should close the stdin channel after it has been opened by a single attach. When stdin is true the stdin stream will remain open across multiple attach sessions. If stdinOnce is set to true, stdin is opened on container start, is empty until the first client attaches to stdin, and then remains open and accepts data until the client disconnects, at which time stdin is closed and remains closed until the container is restarted. If this flag is false, a container processes that reads from stdin will never receive an EOF. Default is false'],
      terminationMessagePath: ['string', 'Optional: Path at which the file to which the container\'s termination message will be written is mounted into the container\'s filesystem. Message written is intended to be brief final status, such as an assertion failure message. Will be truncated by the node if greater than 4096 bytes. The total message length across all containers will be limited to 12kb. Defaults to /dev/termination-log. Cannot be updated.'],
      terminationMessagePolicy: ['string', 'Indicate how the termination message should be populated. File will use the contents of terminationMessagePath to populate the container status message on both success and failure. FallbackToLogsOnError will use the last chunk of container log output if the termination message file is empty and the container exited with an error. The log output is limited to 2048 bytes or 80 lines, whichever is smaller. Defaults to File. Cannot be updated.'],
      tty: ['boolean', 'Whether this container should allocate a TTY for itself, also requires \'stdin\' to be true. Default is false.'],
      volumeDevices: ['[]VolumeDevice merge=devicePath map=devicePath', D.volumeDevices],
      volumeMounts: ['[]VolumeMount merge=mountPath map=mountPath', 'Pod volumes to mount into the container\'s filesystem. Cannot be updated.'],
      workingDir: ['string', 'Container\'s working directory. If not specified, the container runtime\'s default will be used, which might be configured in the container image. Cannot be updated.'],
    },
  ],
  ContainerImage: [
    'Describe a container image',
    {
      names: ['[]string', 'Names by which this image is known.'],
      sizeBytes: ['int64', 'The size of the image in bytes.'],
    },
  ],
  ContainerPort: [
    'ContainerPort represents a network port in a single container.',
    {
      containerPort: ['int32!', 'Number of port to expose on the pod\'s IP address. This must be a valid port number, 0 < x < 65536.'],
      hostIP: ['string', 'What host IP to bind the external port to.'],
      hostPort: ['int32', 'Number of port to expose on the host. If specified, this must be a valid port number, 0 < x < 65536. If HostNetwork is specified, this must match ContainerPort. Most containers do not need this.'],
      name: ['string', 'If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name. Name for the port that can be referred to by services.'],
      protocol: ['string', 'Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".'],
    },
  ],
  ContainerResizePolicy: [
    'ContainerResizePolicy represents resource resize policy for the container.',
    {
      resourceName: ['string!', 'Name of the resource to which this resource resize policy applies.'],
      restartPolicy: ['string!', 'Restart policy to apply when specified resource is resized.'],
    },
  ],
  ContainerState: [
    'ContainerState holds a possible state of container. Only one of its members may be specified. If none of them is specified, the default one is ContainerStateWaiting.',
    {
      running: ['ContainerStateRunning', 'Details about a running container'],
      terminated: ['ContainerStateTerminated', 'Details about a terminated container'],
      waiting: ['ContainerStateWaiting', 'Details about a waiting container'],
    },
  ],
  ContainerStateRunning: [
    'ContainerStateRunning is a running state of a container.',
    {
      startedAt: ['time', 'Time at which the container was last (re-)started'],
    },
  ],
  ContainerStateTerminated: [
    'ContainerStateTerminated is a terminated state of a container.',
    {
      containerID: ['string', 'Container\'s ID in the format \'<type>://<container_id>\''],
      exitCode: ['int32!', 'Exit status from the last termination of the container'],
      finishedAt: ['time', 'Time at which the container last terminated'],
      message: ['string', 'Message regarding the last termination of the container'],
      reason: ['string', '(brief) reason from the last termination of the container'],
      signal: ['int32', 'Signal from the last termination of the container'],
      startedAt: ['time', 'Time at which previous execution of the container started'],
    },
  ],
  ContainerStateWaiting: [
    'ContainerStateWaiting is a waiting state of a container.',
    {
      message: ['string', 'Message regarding why the container is not yet running.'],
      reason: ['string', '(brief) reason the container is not yet running.'],
    },
  ],
  ContainerStatus: [
    'ContainerStatus contains details for the current status of this container.',
    {
      allocatedResources: ['{}quantity', 'AllocatedResources represents the compute resources allocated for this container by the node.'],
      allocatedResourcesStatus: ['[]ResourceStatus', 'AllocatedResourcesStatus represents the status of various resources allocated for this Pod.'],
      containerID: ['string', 'ContainerID is the ID of the container in the format \'<type>://<container_id>\'. Where type is a container runtime identifier, returned from Version call of CRI API (for example "containerd").'],
      image: ['string!', 'Image is the name of container image that the container is running. The container image may not match the image used in the PodSpec, as it may have been resolved by the runtime. More info: https://kubernetes.io/docs/concepts/containers/images.'],
      imageID: ['string!', 'ImageID is the image ID of the container\'s image. The image ID may not match the image ID of the image used in the PodSpec, as it may have been resolved by the runtime.'],
      lastState: ['ContainerState', 'LastTerminationState holds the last termination state of the container to help debug container crashes and restarts. This field is not populated if the container is still running and RestartCount is 0.'],
      name: ['string!', 'Name is a DNS_LABEL representing the unique name of the container. Each container in a pod must have a unique name across all container types. Cannot be updated.'],
      ready: ['boolean!', 'Ready specifies whether the container is currently passing its readiness check. The value will change as readiness probes keep executing. If no readiness probes are specified, this field defaults to true once the container is fully started (see Started field).\n\nThe value is typically used to determine whether a container is ready to accept traffic.'],
      resources: ['ResourceRequirements', 'Resources represents the compute resource requests and limits that have been successfully enacted on the running container after it has been started or has been successfully resized.'],
      restartCount: ['int32!', 'RestartCount holds the number of times the container has been restarted. Kubelet makes an effort to always increment the value, but there are cases when the state may be lost due to node restarts and then the value may be reset to 0. The value is never negative.'],
      started: ['boolean', 'Started indicates whether the container has finished its postStart lifecycle hook and passed its startup probe. Initialized as false, becomes true after startupProbe is considered successful. Resets to false when the container is restarted, or if kubelet loses state temporarily. In both cases, startup probes will run again. Is always true when no startupProbe is defined and container is running and has passed the postStart lifecycle hook. The null value must be treated the same as false.'],
      state: ['ContainerState', 'State holds details about the container\'s current condition.'],
      stopSignal: ['string', 'StopSignal reports the effective stop signal for this container'],
      user: ['ContainerUser', 'User represents user identity information initially attached to the first process of the container'],
      volumeMounts: ['[]VolumeMountStatus', 'Status of volume mounts.'],
    },
  ],
  ContainerUser: [
    'ContainerUser represents user identity information',
    {
      linux: ['LinuxContainerUser', 'Linux holds user identity information initially attached to the first process of the containers in Linux.'],
    },
  ],
  DaemonEndpoint: [
    'DaemonEndpoint contains information about a single Daemon endpoint.',
    {
      Port: ['int32!', 'Port number of the given endpoint.'],
    },
  ],
  DeleteOptions: [
    'DeleteOptions may be provided when deleting an API object.',
    {
      apiVersion: ['string', D.apiVersion],
      dryRun: ['[]string', 'When present, indicates that modifications should not be persisted. An invalid or unrecognized dryRun directive will result in an error response and no further processing of the request. Valid values are: - All: all dry run stages will be processed'],
      gracePeriodSeconds: ['int64', 'The duration in seconds before the object should be deleted. Value must be non-negative integer. The value zero indicates delete immediately. If this value is nil, the default grace period for the specified type will be used. Defaults to a per object value if not specified. zero means delete immediately.'],
      ignoreStoreReadErrorWithClusterBreakingPotential: ['boolean', 'if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error.'],
      kind: ['string', D.kind],
      orphanDependents: ['boolean', 'Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7. Should the dependent objects be orphaned. If true/false, the "orphan" finalizer will be added to/removed from the object\'s finalizers list. Either this field or PropagationPolicy may be set, but not both.'],
      preconditions: ['Preconditions', 'Must be fulfilled before a deletion is carried out. If not possible, a 409 Conflict status will be returned.'],
      propagationPolicy: ['string', 'Whether and how garbage collection will be performed. Either this field or OrphanDependents may be set, but not both. The default policy is decided by the existing finalizer set in the metadata.finalizers and the resource-specific default policy. Acceptable values are: \'Orphan\' - orphan the dependents; \'Background\' - allow the garbage collector to delete the dependents in the background; \'Foreground\' - a cascading policy that deletes all dependents in the foreground.'],
    },
  ],
  DownwardAPIProjection: [
    'Represents downward API info for projecting into a projected volume.',
    {
      items: ['[]DownwardAPIVolumeFile', 'Items is a list of DownwardAPIVolume file'],
    },
  ],
  DownwardAPIVolumeFile: [
    'DownwardAPIVolumeFile represents information to create the file containing the pod field',
    {
      fieldRef: ['ObjectFieldSelector', 'Required: Selects a field of the pod: only annotations, labels, name, namespace and uid are supported.'],
      mode: ['int32', 'Optional: mode bits used to set permissions on this file, must be an octal value between 0000 and 0777 or a decimal value between 0 and 511.'],
      path: ['string!', 'Required: Path is  the relative path name of the file to be created.'],
      resourceFieldRef: ['ResourceFieldSelector', 'Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, requests.cpu and requests.memory) are currently supported.'],
    },
  ],
  DownwardAPIVolumeSource: [
    'DownwardAPIVolumeSource represents a volume containing downward API info.',
    {
      defaultMode: ['int32', 'Optional: mode bits to use on created files by default.'],
      items: ['[]DownwardAPIVolumeFile', 'Items is a list of downward API volume file'],
    },
  ],
  EmptyDirVolumeSource: [
    'Represents an empty directory for a pod.',
    {
      medium: ['string', 'medium represents what type of storage medium should back this directory.'],
      sizeLimit: ['quantity', 'sizeLimit is the total amount of local storage required for this EmptyDir volume.'],
    },
  ],
  EndpointAddress: [
    'EndpointAddress is a tuple that describes single IP address.',
    {
      hostname: ['string', 'The Hostname of this endpoint'],
      ip: ['string!', 'The IP of this endpoint. May not be loopback (127.0.0.0/8 or ::1), link-local (169.254.0.0/16 or fe80::/10), or link-local multicast (224.0.0.0/24 or ff02::/16).'],
      nodeName: ['string', 'Optional: Node hosting this endpoint. This can be used to determine endpoints local to a node.'],
      targetRef: ['ObjectReference', 'Reference to object providing the endpoint.'],
    },
  ],
  EndpointPort: [
    'EndpointPort is a tuple that describes a single port.',
    {
      appProtocol: ['string', 'The application protocol for this port.'],
      name: ['string', 'The name of this port.'],
      port: ['int32!', 'The port number of the endpoint.'],
      protocol: ['string', 'The IP protocol for this port.'],
    },
  ],
  EndpointSubset: [
    'EndpointSubset is a group of addresses with a common set of ports.',
    {
      addresses: ['[]EndpointAddress', 'IP addresses which offer the related ports that are marked as ready.'],
      notReadyAddresses: ['[]EndpointAddress', 'IP addresses which offer the related ports but are not currently marked as ready because they have not yet finished starting, have recently failed a readiness check, or have recently failed a liveness check.'],
      ports: ['[]EndpointPort', 'Port numbers available on the related IP addresses.'],
    },
  ],
  Endpoints: [
    'Endpoints is a collection of endpoints that implement the actual service. Example:\n\n	 Name: "mysvc",\n	 Subsets: [\n	   {\n	     Addresses: [{"ip": "10.10.1.1"}, {"ip": "10.10.2.2"}],\n	     Ports: [{"name": "a", "port": 8675}, {"name": "b", "port": 309}]\n	   },\n	   {\n	     Addresses: [{"ip": "10.10.3.3"}],\n	     Ports: [{"name": "a", "port": 93}, {"name": "b", "port": 76}]\n	   },\n	]',
    {
      apiVersion: ['string', D.apiVersion],
      kind: ['string', D.kind],
      metadata: ['ObjectMeta', D.metadata],
      subsets: ['[]EndpointSubset', 'The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.'],
    },
  ],
  EndpointsList: [
    'EndpointsList is a list of endpoints.',
    {
      apiVersion: ['string', D.apiVersion],
      items: ['[]Endpoints!', 'List of endpoints.'],
      kind: ['string', D.kind],
      metadata: ['ListMeta', D.metadata2],
    },
  ],
  EnvFromSource: [
    'EnvFromSource represents the source of a set of ConfigMaps',
    {
      configMapRef: ['ConfigMapEnvSource', 'The ConfigMap to select from'],
      prefix: ['string', 'An optional identifier to prepend to each key in the ConfigMap.'],
      secretRef: ['SecretEnvSource', 'The Secret to select from'],
    },
  ],
  EnvVar: [
    'EnvVar represents an environment variable present in a Container.',
    {
      name: ['string!', 'Name of the environment variable. Must be a C_IDENTIFIER.'],
      value: ['string', 'Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables. If a variable cannot be resolved, the reference in the input string will be unchanged. Double $$ are reduced to a single $, which allows for escaping the $(VAR_NAME) syntax: i.e. "$$(VAR_NAME)" will produce the string literal "$(VAR_NAME)". Escaped references will never be expanded, regardless of whether the variable exists or not. Defaults to "".'],
      valueFrom: ['EnvVarSource', 'Source for the environment variable\'s value. Cannot be used if value is not empty.'],
    },
  ],
  EnvVarSource: [
    'EnvVarSource represents a source for the value of an EnvVar.',
    {
      configMapKeyRef: ['ConfigMapKeySelector', 'Selects a key of a ConfigMap.'],
      fieldRef: ['ObjectFieldSelector', 'Selects a field of the pod: supports metadata.name, metadata.namespace, `metadata.labels[\'<KEY>\']`, `metadata.annotations[\'<KEY>\']`, spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, status.podIPs.'],
      resourceFieldRef: ['ResourceFieldSelector', 'Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory and requests.ephemeral-storage) are currently supported.'],
      secretKeyRef: ['SecretKeySelector', 'Selects a key of a secret in the pod\'s namespace'],
    },
  ],
  EphemeralContainer: [
    'An EphemeralContainer is a temporary container that you may add to an existing Pod for user-initiated activities such as debugging.',
    {
      args: ['[]string', 'Arguments to the entrypoint.'],
      command: ['[]string', 'Entrypoint array.'],
      env: ['[]EnvVar merge=name map=name', 'List of environment variables to set in the container.'],
      envFrom: ['[]EnvFromSource', 'List of sources to populate environment variables in the container.'],
      image: ['string', 'Container image name.'],
      imagePullPolicy: ['string', 'Image pull policy.'],
      lifecycle: ['Lifecycle', 'Lifecycle is not allowed for ephemeral containers.'],
      livenessProbe: ['Probe', 'Probes are not allowed for ephemeral containers.'],
      name: ['string!', 'Name of the ephemeral container specified as a DNS_LABEL.'],
      ports: ['[]ContainerPort merge=containerPort map=containerPort,protocol', 'Ports are not allowed for ephemeral containers.'],
      readinessProbe: ['Probe', 'Probes are not allowed for ephemeral containers.'],
      resizePolicy: ['[]ContainerResizePolicy', 'Resources resize policy for the container.'],
      resources: ['ResourceRequirements', 'Resources are not allowed for ephemeral containers.'],
      restartPolicy: ['string', 'Restart policy for the container to manage the restart behavior of each container within a pod.'],
      securityContext: ['SecurityContext', 'Optional: SecurityContext defines the security options the ephemeral container should be run with.'],
      startupProbe: ['Probe', 'Probes are not allowed for ephemeral containers.'],
      stdin: ['boolean', 'Whether this container should allocate a buffer for stdin in the container runtime.'],
      stdinOnce: ['boolean', 'Whether the container runtime should close the stdin channel after it has been opened by a single attach.'],
      targetContainerName: ['string', 'If set, the name of the container from PodSpec that this ephemeral container targets.'],
      terminationMessagePath: ['string', 'Optional: Path at which the file to which the container\'s termination message will be written is mounted into the container\'s filesystem.'],
      terminationMessagePolicy: ['string', 'Indicate how the termination message should be populated.'],
      tty: ['boolean', 'Whether this container should allocate a TTY for itself, also requires \'stdin\' to be true.'],
      volumeDevices: ['[]VolumeDevice merge=devicePath map=devicePath', D.volumeDevices],
      volumeMounts: ['[]VolumeMount merge=mountPath map=mountPath', 'Pod volumes to mount into the container\'s filesystem.'],
      workingDir: ['string', 'Container\'s working directory.'],
    },
  ],
  EphemeralVolumeSource: [
    'Represents an ephemeral volume that is handled by a normal storage driver.',
    {
      volumeClaimTemplate: ['PersistentVolumeClaimTemplate', 'Will be used to create a stand-alone PVC to provision the volume.'],
    },
  ],
  Event: [
    'Event is a report of an event somewhere in the cluster.  Events have a limited retention time and triggers and messages may evolve with time.  Event consumers should not rely on the timing of an event with a given Reason reflecting a consistent underlying trigger, or the continued existence of events with that Reason.  Events should be treated as informative, best-effort, supplemental data.',
    {
      action: ['string', 'What action was taken/failed regarding to the Regarding object.'],
      apiVersion: ['string', D.apiVersion],
      count: ['int32', 'The number of times this event has occurred.'],
      eventTime: ['microtime', 'Time when this Event was first observed.'],
      firstTimestamp: ['time', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)'],
      involvedObject: ['ObjectReference!', 'The object that this event is about.'],
      kind: ['string', D.kind],
      lastTimestamp: ['time', 'The time at which the most recent occurrence of this event was recorded.'],
      message: ['string', D.message],
      metadata: ['ObjectMeta!', D.metadata],
      reason: ['string', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'],
      related: ['ObjectReference', 'Optional secondary object for more complex actions.'],
      reportingComponent: ['string', 'Name of the controller that emitted this Event, e.g. `kubernetes.io/kubelet`.'],
      reportingInstance: ['string', 'ID of the controller instance, e.g. `kubelet-xyzf`.'],
      series: ['EventSeries', 'Data about the Event series this event represents or nil if it\'s a singleton Event.'],
      source: ['EventSource', 'The component reporting this event. Should be a short machine understandable string.'],
      type: ['string', 'Type of this event (Normal, Warning), new types could be added in the future'],
    },
  ],
  EventList: [
    'EventList is a list of events.',
    {
      apiVersion: ['string', D.apiVersion],
      items: ['[]Event!', 'List of events'],
      kind: ['string', D.kind],
      metadata: ['ListMeta', D.metadata2],
    },
  ],
  EventSeries: [
    'EventSeries contain information on series of events, i.e.',
    {
      count: ['int32', 'Number of occurrences in this series up to the last heartbeat time'],
      lastObservedTime: ['microtime', 'Time of the last occurrence observed'],
    },
  ],
  EventSource: [
    'EventSource contains information for an event.',
    {
      component: ['string', 'Component from which the event is generated.'],
      host: ['string', 'Node name on which the event is generated.'],
    },
  ],
  ExecAction: [
    'ExecAction describes a "run in container" action.',
    {
      command: ['[]string', 'Command is the command line to execute inside the container, the working directory for the command  is root (\'/\') in the container\'s filesystem. The command is simply exec\'d, it is not run inside a shell, so traditional shell instructions (\'|\', etc) won\'t work. To use a shell, you need to explicitly call out to that shell. Exit status of 0 is treated as live/healthy and non-zero is unhealthy.'],
    },
  ],
  FCVolumeSource: [
    'Represents a Fibre Channel volume.',
    {
      fsType: ['string', 'fsType is the filesystem type to mount.'],
      lun: ['int32', 'lun is Optional: FC target lun number'],
      readOnly: ['boolean', 'readOnly is Optional: Defaults to false (read/write).'],
      targetWWNs: ['[]string', 'targetWWNs is Optional: FC target worldwide names (WWNs)'],
      wwids: ['[]string', 'wwids Optional: FC volume world wide identifiers (wwids) Either wwids or combination of targetWWNs and lun must be set, but not both simultaneously.'],
    },
  ],
  FlexVolumeSource: [
    'FlexVolume represents a generic volume resource that is provisioned/attached using an exec based plugin.',
    {
      driver: ['string!', 'driver is the name of the driver to use for this volume.'],
      fsType: ['string', 'fsType is the filesystem type to mount.'],
      options: ['{}string', 'options is Optional: this field holds extra command options if any.'],
      readOnly: ['boolean', 'readOnly is Optional: defaults to false (read/write).'],
      secretRef: ['LocalObjectReference', 'secretRef is Optional: secretRef is reference to the secret object containing sensitive information to pass to the plugin scripts.'],
    },
  ],
  FlockerVolumeSource: [
    'Represents a Flocker volume mounted by the Flocker agent.',
    {
      datasetName: ['string', 'datasetName is Name of the dataset stored as metadata -> name on the dataset for Flocker should be considered as deprecated'],
      datasetUUID: ['string', 'datasetUUID is the UUID of the dataset.'],
    },
  ],
  GCEPersistentDiskVolumeSource: [
    'Represents a Persistent Disk resource in Google Compute Engine.',
    {
      fsType: ['string', 'fsType is filesystem type of the volume that you want to mount.'],
      partition: ['int32', D.partition],
      pdName: ['string!', 'pdName is unique name of the PD resource in GCE.'],
      readOnly: ['boolean', D.readOnly],
    },
  ],
  GRPCAction: [
    'GRPCAction specifies an action involving a GRPC service.',
    {
      port: ['int32!', 'Port number of the gRPC service. Number must be in the range 1 to 65535.'],
      service: ['string', 'Service is the name of the service to place in the gRPC HealthCheckRequest (see https://github.com/grpc/grpc/blob/master/doc/health-checking.md).\n\nIf this is not specified, the default behavior is defined by gRPC.'],
    },
  ],
  GitRepoVolumeSource: [
    'Represents a volume that is populated with the contents of a git repository.',
    {
      directory: ['string', 'directory is the target directory name.'],
      repository: ['string!', 'repository is the URL'],
      revision: ['string', 'revision is the commit hash for the specified revision.'],
    },
  ],
  GlusterfsVolumeSource: [
    'Represents a Glusterfs mount that lasts the lifetime of a pod.',
    {
      endpoints: ['string!', 'endpoints is the endpoint name that details Glusterfs topology.'],
      path: ['string!', 'path is the Glusterfs volume path.'],
      readOnly: ['boolean', 'readOnly here will force the Glusterfs volume to be mounted with read-only permissions.'],
    },
  ],
  HTTPGetAction: [
    'HTTPGetAction describes an action based on HTTP Get requests.',
    {
      host: ['string', 'Host name to connect to, defaults to the pod IP. You probably want to set "Host" in httpHeaders instead.'],
      httpHeaders: ['[]HTTPHeader', 'Custom headers to set in the request. HTTP allows repeated headers.'],
      path: ['string', 'Path to access on the HTTP server.'],
      port: ['intstr!', 'Name or number of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.'],
      scheme: ['string', 'Scheme to use for connecting to the host. Defaults to HTTP.'],
    },
  ],
  HTTPHeader: [
    'HTTPHeader describes a custom header to be used in HTTP probes',
    {
      name: ['string!', 'The header field name. This will be canonicalized upon output, so case-variant names will be understood as the same header.'],
      value: ['string!', 'The header field value'],
    },
  ],
  HostAlias: [
    'HostAlias holds the mapping between IP and hostnames that will be injected as an entry in the pod\'s hosts file.',
    {
      hostnames: ['[]string', 'Hostnames for the above IP address.'],
      ip: ['string!', 'IP address of the host file entry.'],
    },
  ],
  HostIP: [
    'HostIP represents a single IP address allocated to the host.',
    {
      ip: ['string!', 'IP is the IP address assigned to the host'],
    },
  ],
  HostPathVolumeSource: [
    'Represents a host path mapped into a pod.',
    {
      path: ['string!', 'path of the directory on the host.'],
      type: ['string', 'type for HostPath Volume Defaults to "" More info: https://kubernetes.io/docs/concepts/storage/volumes#hostpath'],
    },
  ],
  ISCSIVolumeSource: [
    'Represents an ISCSI disk.',
    {
      chapAuthDiscovery: ['boolean', 'chapAuthDiscovery defines whether support iSCSI Discovery CHAP authentication'],
      chapAuthSession: ['boolean', 'chapAuthSession defines whether support iSCSI Session CHAP authentication'],
      fsType: ['string', D.fsType],
      initiatorName: ['string', 'initiatorName is the custom iSCSI Initiator Name.'],
      iqn: ['string!', 'iqn is the target iSCSI Qualified Name.'],
      iscsiInterface: ['string', 'iscsiInterface is the interface Name that uses an iSCSI transport.'],
      lun: ['int32!', 'lun represents iSCSI Target Lun number.'],
      portals: ['[]string', 'portals is the iSCSI Target Portal List.'],
      readOnly: ['boolean', D.readOnly],
      secretRef: ['LocalObjectReference', 'secretRef is the CHAP Secret for iSCSI target and initiator authentication'],
      targetPortal: ['string!', 'targetPortal is iSCSI Target Portal.'],
    },
  ],
  ImageVolumeSource: [
    'ImageVolumeSource represents a image volume resource.',
    {
      pullPolicy: ['string', 'Policy for pulling OCI objects.'],
      reference: ['string', 'Required: Image or artifact reference to be used.'],
    },
  ],
  KeyToPath: [
    'Maps a string key to a path within a volume.',
    {
      key: ['string!', 'key is the key to project.'],
      mode: ['int32', 'mode is Optional: mode bits used to set permissions on this file.'],
      path: ['string!', 'path is the relative path of the file to map the key to.'],
    },
  ],
  LabelSelector: [
    'A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects. A null label selector matches no objects.',
    {
      matchExpressions: ['[]LabelSelectorRequirement', 'matchExpressions is a list of label selector requirements. The requirements are ANDed.'],
      matchLabels: ['{}string', 'matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value". The requirements are ANDed.'],
    },
  ],
  LabelSelectorRequirement: [
    'A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.',
    {
      key: ['string!', 'key is the label key that the selector applies to.'],
      operator: ['string!', 'operator represents a key\'s relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist.'],
      values: ['[]string', 'values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty. This array is replaced during a strategic merge patch.'],
    },
  ],
  Lease: [
    'Lease defines a lease concept.',
    {
      apiVersion: ['string', D.apiVersion],
      kind: ['string', D.kind],
      metadata: ['ObjectMeta', 'More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata'],
      spec: ['LeaseSpec', 'spec contains the specification of the Lease. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
    },
  ],
  LeaseList: [
    'LeaseList is a list of Lease objects.',
    {
      apiVersion: ['string', D.apiVersion],
      items: ['[]Lease!', 'items is a list of schema objects.'],
      kind: ['string', D.kind],
      metadata: ['ListMeta', 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata'],
    },
  ],
  LeaseSpec: [
    'LeaseSpec is a specification of a Lease.',
    {
      acquireTime: ['microtime', 'acquireTime is a time when the current lease was acquired.'],
      holderIdentity: ['string', 'holderIdentity contains the identity of the holder of a current lease.'],
      leaseDurationSeconds: ['int32', 'leaseDurationSeconds is a duration that candidates for a lease need to wait to force acquire it. This is measure against time of last observed renewTime.'],
      leaseTransitions: ['int32', 'leaseTransitions is the number of transitions of a lease between holders.'],
      preferredHolder: ['string', 'PreferredHolder signals to a lease holder that the lease has a more optimal holder and should be given up.'],
      renewTime: ['microtime', 'renewTime is a time when the current holder of a lease has last updated the lease.'],
      strategy: ['string', 'Strategy indicates the strategy for picking the leader for coordinated leader election.'],
    },
  ],
  Lifecycle: [
    'Lifecycle describes actions that the management system should take in response to container lifecycle events. For the PostStart and PreStop lifecycle handlers, management of the container blocks until the action is complete, unless the container process fails, in which case the handler is aborted.',
    {
      postStart: ['LifecycleHandler', 'PostStart is called immediately after a container is created. If the handler fails, the container is terminated and restarted according to its restart policy. Other management of the container blocks until the hook completes. More info: https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#container-hooks'],
      preStop: ['LifecycleHandler', 'PreStop is called immediately before a container is terminated due to an API request or management event such as liveness/startup probe failure, preemption, resource contention, etc. The handler is not called if the container crashes or exits. The Pod\'s termination grace period countdown begins before the PreStop hook is executed. Regardless of the outcome of the handler, the container will eventually terminate within the Pod\'s termination grace period (unless delayed by finalizers). Other management of the container blocks until the hook completes or until the termination grace period is reached. More info: https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#container-hooks'],
      stopSignal: ['string', 'StopSignal defines which signal will be sent to a container when it is being stopped.'],
    },
  ],
  LifecycleHandler: [
    'LifecycleHandler defines a specific action that should be taken in a lifecycle hook. One and only one of the fields, except TCPSocket must be specified.',
    {
      exec: ['ExecAction', 'Exec specifies the action to take.'],
      httpGet: ['HTTPGetAction', 'HTTPGet specifies the http request to perform.'],
      sleep: ['SleepAction', 'Sleep represents the duration that the container should sleep before being terminated.'],
      tcpSocket: ['TCPSocketAction', 'Deprecated. TCPSocket is NOT supported as a LifecycleHandler and kept for the backward compatibility. There are no validation of this field and lifecycle hooks will fail in runtime when tcp handler is specified.'],
    },
  ],
  LinuxContainerUser: [
    'LinuxContainerUser represents user identity information in Linux containers',
    {
      gid: ['int64!', 'GID is the primary gid initially attached to the first process in the container'],
      supplementalGroups: ['[]int64', 'SupplementalGroups are the supplemental groups initially attached to the first process in the container'],
      uid: ['int64!', 'UID is the primary uid initially attached to the first process in the container'],
    },
  ],
  ListMeta: [
    'ListMeta describes metadata that synthetic resources must have, including lists and various status objects. A resource may have only one of {ObjectMeta, ListMeta}.',
    {
      continue: ['string', 'continue may be set if the user set a limit on the number of items returned, and indicates that the server has more data available. The value is opaque and may be used to issue another request to the endpoint that served this list to retrieve the next set of available objects. Continuing a consistent list may not be possible if the server configuration has changed or more than a few minutes have passed. The resourceVersion field returned when using this continue value will be identical to the value in the first response, unless you have received this token from an error message.'],
      remainingItemCount: ['int64', 'remainingItemCount is the number of subsequent items in the list which are not included in this list response. If the list request contained label or field selectors, then the number of remaining items is unknown and the field will be left unset and omitted during serialization. If the list is complete (either because it is not chunking or because this is the last chunk), then there are no more remaining items and this field will be left unset and omitted during serialization. Servers older than v1.15 do not set this field. The intended use of the remainingItemCount is *estimating* the size of a collection. Clients should not rely on the remainingItemCount to be set or to be exact.'],
      resourceVersion: ['string', 'String that identifies the server\'s internal version of this object that can be used by clients to determine when objects have changed. Value must be treated as opaque by clients and passed unmodified back to the server. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency'],
      selfLink: ['string', D.selfLink],
    },
  ],
  LoadBalancerIngress: [
    'LoadBalancerIngress represents the status of a load-balancer ingress point: traffic intended for the service should be sent to an ingress point.',
    {
      hostname: ['string', 'Hostname is set for load-balancer ingress points that are DNS based (typically AWS load-balancers)'],
      ip: ['string', 'IP is set for load-balancer ingress points that are IP based (typically GCE or OpenStack load-balancers)'],
      ipMode: ['string', 'IPMode specifies how the load-balancer IP behaves, and may only be specified when the ip field is specified.'],
      ports: ['[]PortStatus', 'Ports is a list of records of service ports If used, every port defined in the service should have an entry in it'],
    },
  ],
  LoadBalancerStatus: [
    'LoadBalancerStatus represents the status of a load-balancer.',
    {
      ingress: ['[]LoadBalancerIngress', 'Ingress is a list containing ingress points for the load-balancer.'],
    },
  ],
  LocalObjectReference: [
    'LocalObjectReference contains enough information to let you locate the referenced object inside the same namespace.',
    {
      name: ['string', 'Name of the referent.'],
    },
  ],
  ManagedFieldsEntry: [
    'ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.',
    {
      apiVersion: ['string', 'APIVersion defines the version of this resource that this field set applies to. The format is "group/version" just like the top-level APIVersion field. It is necessary to track the version of a field set because it cannot be automatically converted.'],
      fieldsType: ['string', 'FieldsType is the discriminator for the different fields format and version. There is currently only one possible value: "FieldsV1"'],
      fieldsV1: ['fieldsv1', 'FieldsV1 holds the first JSON version format as described in the "FieldsV1" type.'],
      manager: ['string', 'Manager is an identifier of the workflow managing these fields.'],
      operation: ['string', 'Operation is the type of operation which lead to this ManagedFieldsEntry being created. The only valid values for this field are \'Apply\' and \'Update\'.'],
      subresource: ['string', 'Subresource is the name of the subresource used to update that object, or empty string if the object was updated through the main resource. The value of this field is used to distinguish between managers, even if they share the same name. For example, a status update will be distinct from a regular update using the same manager name. Note that the APIVersion field is not related to the Subresource field and it always corresponds to the version of the main resource.'],
      time: ['time', 'Time is the timestamp of when the ManagedFields entry was added. The timestamp will also be updated if a field is added, the manager changes any of the owned fields value or removes a field. The timestamp does not update when a field is removed from the entry because another manager took it over.'],
    },
  ],
  NFSVolumeSource: [
    'Represents an NFS mount that lasts the lifetime of a pod.',
    {
      path: ['string!', 'path that is exported by the NFS server.'],
      readOnly: ['boolean', 'readOnly here will force the NFS export to be mounted with read-only permissions.'],
      server: ['string!', 'server is the hostname or IP address of the NFS server.'],
    },
  ],
  Namespace: [
    'Namespace provides a scope for Names. Use of multiple namespaces is optional.',
    {
      apiVersion: ['string', D.apiVersion],
      kind: ['string', D.kind],
      metadata: ['ObjectMeta', D.metadata],
      spec: ['NamespaceSpec', 'Spec defines the behavior of the Namespace. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
      status: ['NamespaceStatus', 'Status describes the current status of a Namespace. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
    },
  ],
  NamespaceCondition: [
    'NamespaceCondition contains details about state of namespace.',
    {
      lastTransitionTime: ['time', D.lastTransitionTime],
      message: ['string', D.message2],
      reason: ['string', D.reason],
      status: ['string!', 'Status of the condition, one of True, False, Unknown.'],
      type: ['string!', 'Type of namespace controller condition.'],
    },
  ],
  NamespaceList: [
    'NamespaceList is a list of Namespaces.',
    {
      apiVersion: ['string', D.apiVersion],
      items: ['[]Namespace!', 'Items is the list of Namespace objects in the list. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/'],
      kind: ['string', D.kind],
      metadata: ['ListMeta', D.metadata2],
    },
  ],
  NamespaceSpec: [
    'NamespaceSpec describes the attributes on a Namespace.',
    {
      finalizers: ['[]string', 'Finalizers is an opaque list of values that must be empty to permanently remove object from storage.'],
    },
  ],
  NamespaceStatus: [
    'NamespaceStatus is information about the current status of a Namespace.',
    {
      conditions: ['[]NamespaceCondition merge=type map=type', 'Represents the latest available observations of a namespace\'s current state.'],
      phase: ['string', 'Phase is the current lifecycle phase of the namespace.'],
    },
  ],
  Node: [
    'Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).',
    {
      apiVersion: ['string', D.apiVersion],
      kind: ['string', D.kind],
      metadata: ['ObjectMeta', D.metadata],
      spec: ['NodeSpec', 'Spec defines the behavior of a node. https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
      status: ['NodeStatus', 'Most recently observed status of the node. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
    },
  ],
  NodeAddress: [
    'NodeAddress contains information for the node\'s address.',
    {
      address: ['string!', 'The node address.'],
      type: ['string!', 'Node address type, one of Hostname, ExternalIP or InternalIP.'],
    },
  ],
  NodeAffinity: [
    'Node affinity is a group of node affinity scheduling rules.',
    {
      preferredDuringSchedulingIgnoredDuringExecution: ['[]PreferredSchedulingTerm', 'The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions. The node that is most preferred is the one with the greatest sum of weights, i.e. for each node that meets all of the scheduling requirements (resource request, requiredDuringScheduling affinity expressions, etc.), compute a sum by iterating through the elements of this field and adding "weight" to the sum if the node matches the corresponding matchExpressions; the node(s) with the highest sum are the most preferred.'],
      requiredDuringSchedulingIgnoredDuringExecution: ['NodeSelector', 'If the affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node. If the affinity requirements specified by this field cease to be met at some point during pod execution (e.g. due to an update), the system may or may not try to eventually evict the pod from its node.'],
    },
  ],
  NodeCondition: [
    'NodeCondition contains condition information for a node.',
    {
      lastHeartbeatTime: ['time', 'Last time we got an update on a given condition.'],
      lastTransitionTime: ['time', 'Last time the condition transit from one status to another.'],
      message: ['string', 'Human readable message indicating details about last transition.'],
      reason: ['string', '(brief) reason for the condition\'s last transition.'],
      status: ['string!', 'Status of the condition, one of True, False, Unknown.'],
      type: ['string!', 'Type of node condition.'],
    },
  ],
  NodeConfigSource: [
    'NodeConfigSource specifies a source of node configuration.',
    {
      configMap: ['ConfigMapNodeConfigSource', 'ConfigMap is a reference to a Node\'s ConfigMap'],
    },
  ],
  NodeConfigStatus: [
    'NodeConfigStatus describes the status of the config assigned by Node.Spec.ConfigSource.',
    {
      active: ['NodeConfigSource', 'Active reports the checkpointed config the node is actively using.'],
      assigned: ['NodeConfigSource', 'Assigned reports the checkpointed config the node will try to use.'],
      error: ['string', 'Error describes any problems reconciling the Spec.ConfigSource to the Active config.'],
      lastKnownGood: ['NodeConfigSource', 'LastKnownGood reports the checkpointed config the node will fall back to when it encounters an error attempting to use the Assigned config.'],
    },
  ],
  NodeDaemonEndpoints: [
    'NodeDaemonEndpoints lists ports opened by daemons running on the Node.',
    {
      kubeletEndpoint: ['DaemonEndpoint', 'Endpoint on which Kubelet is listening.'],
    },
  ],
  NodeFeatures: [
    'NodeFeatures describes the set of features implemented by the CRI implementation.',
    {
      supplementalGroupsPolicy: ['boolean', 'SupplementalGroupsPolicy is set to true if the runtime supports SupplementalGroupsPolicy and ContainerUser.'],
    },
  ],
  NodeList: [
    'NodeList is the whole list of all Nodes which have been registered with master.',
    {
      apiVersion: ['string', D.apiVersion],
      items: ['[]Node!', 'List of nodes'],
      kind: ['string', D.kind],
      metadata: ['ListMeta', D.metadata2],
    },
  ],
  NodeRuntimeHandler: [
    'NodeRuntimeHandler is a set of runtime handler information.',
    {
      features: ['NodeRuntimeHandlerFeatures', 'Supported features.'],
      name: ['string', 'Runtime handler name.'],
    },
  ],
  NodeRuntimeHandlerFeatures: [
    'NodeRuntimeHandlerFeatures is a set of runtime features.',
    {
      recursiveReadOnlyMounts: ['boolean', 'RecursiveReadOnlyMounts is set to true if the runtime handler supports RecursiveReadOnlyMounts.'],
      userNamespaces: ['boolean', 'UserNamespaces is set to true if the runtime handler supports UserNamespaces, including for volumes.'],
    },
  ],
  NodeSelector: [
    'A node selector represents the union of the results of one or more label queries over a set of nodes; that is, it represents the OR of the selectors represented by the node selector terms.',
    {
      nodeSelectorTerms: ['[]NodeSelectorTerm!', 'Required. A list of node selector terms. The terms are ORed.'],
    },
  ],
  NodeSelectorRequirement: [
    'A node selector requirement is a selector that contains values, a key, and an operator that relates the key and values.',
    {
      key: ['string!', 'The label key that the selector applies to.'],
      operator: ['string!', 'Represents a key\'s relationship to a set of values. Valid operators are In, NotIn, Exists, DoesNotExist. Gt, and Lt.'],
      values: ['[]string', 'An array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty. If the operator is Gt or Lt, the values array must have a single element, which will be interpreted as an integer. This array is replaced during a strategic merge patch.'],
    },
  ],
  NodeSelectorTerm: [
    'A null or empty node selector term matches no objects. The requirements of them are ANDed. The TopologySelectorTerm type implements a subset of the NodeSelectorTerm.',
    {
      matchExpressions: ['[]NodeSelectorRequirement', 'A list of node selector requirements by node\'s labels.'],
      matchFields: ['[]NodeSelectorRequirement', 'A list of node selector requirements by node\'s fields.'],
    },
  ],
  NodeSpec: [
    'NodeSpec describes the attributes that a node is created with.',
    {
      configSource: ['NodeConfigSource', 'Deprecated: Previously used to specify the source of the node\'s configuration for the DynamicKubeletConfig feature.'],
      externalID: ['string', 'Deprecated.'],
      podCIDR: ['string', 'PodCIDR represents the pod IP range assigned to the node.'],
      podCIDRs: ['[]string merge set', 'podCIDRs represents the IP ranges assigned to the node for usage by Pods on that node. If this field is specified, the 0th entry must match the podCIDR field. It may contain at most 1 value for each of IPv4 and IPv6.'],
      providerID: ['string', 'ID of the node assigned by the cloud provider in the format: <ProviderName>://<ProviderSpecificNodeID>'],
      taints: ['[]Taint', 'If specified, the node\'s taints.'],
      unschedulable: ['boolean', 'Unschedulable controls node schedulability of new pods. By default, node is schedulable. More info: https://kubernetes.io/docs/concepts/nodes/node/#manual-node-administration'],
    },
  ],
  NodeStatus: [
    'NodeStatus is information about the current status of a node.',
    {
      addresses: ['[]NodeAddress merge=type map=type', 'List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/concepts/nodes/node/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node\'s address in its own status or consumers of the downward API (status.hostIP).'],
      allocatable: ['{}quantity', 'Allocatable represents the resources of a node that are available for scheduling. Defaults to Capacity.'],
      capacity: ['{}quantity', 'Capacity represents the total resources of a node. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity'],
      conditions: ['[]NodeCondition merge=type map=type', 'Conditions is an array of current observed node conditions. More info: https://kubernetes.io/docs/concepts/nodes/node/#condition'],
      config: ['NodeConfigStatus', 'Status of the config assigned to the node via the dynamic Kubelet config feature.'],
      daemonEndpoints: ['NodeDaemonEndpoints', 'Endpoints of daemons running on the Node.'],
      features: ['NodeFeatures', 'Features describes the set of features implemented by the CRI implementation.'],
      images: ['[]ContainerImage', 'List of container images on this node'],
      nodeInfo: ['NodeSystemInfo', 'Set of ids/uuids to uniquely identify the node. More info: https://kubernetes.io/docs/concepts/nodes/node/#info'],
      phase: ['string', 'NodePhase is the recently observed lifecycle phase of the node. More info: https://kubernetes.io/docs/concepts/nodes/node/#phase The field is never populated, and now is deprecated.'],
      runtimeHandlers: ['[]NodeRuntimeHandler', 'The available runtime handlers.'],
      volumesAttached: ['[]AttachedVolume', 'List of volumes that are attached to the node.'],
      volumesInUse: ['[]string', 'List of attachable volumes in use (mounted) by the node.'],
    },
  ],
  NodeSwapStatus: [
    'NodeSwapStatus represents swap memory information.',
    {
      capacity: ['int64', 'Total amount of swap memory in bytes.'],
    },
  ],
  NodeSystemInfo: [
    'NodeSystemInfo is a set of ids/uuids to uniquely identify the node.',
    {
      architecture: ['string!', 'The Architecture reported by the node'],
      bootID: ['string!', 'Boot ID reported by the node.'],
      containerRuntimeVersion: ['string!', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).'],
      kernelVersion: ['string!', 'Kernel Version reported by the node from \'uname -r\' (e.g. 3.16.0-0.bpo.4-amd64).'],
      kubeProxyVersion: ['string!', 'KubeProxy Version reported by the node.'],
      kubeletVersion: ['string!', 'Kubelet Version reported by the node.'],
      machineID: ['string!', 'MachineID reported by the node. For unique machine identification in the cluster this field is preferred. Learn more from man(5) machine-id: http://man7.org/linux/man-pages/man5/machine-id.5.html'],
      operatingSystem: ['string!', 'The Operating System reported by the node'],
      osImage: ['string!', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).'],
      swap: ['NodeSwapStatus', 'Swap Info reported by the node.'],
      systemUUID: ['string!', 'SystemUUID reported by the node. For unique machine identification MachineID is preferred. This field is specific to Red Hat hosts https://access.redhat.com/documentation/en-us/red_hat_subscription_management/1/html/rhsm/uuid'],
    },
  ],
  ObjectFieldSelector: [
    'ObjectFieldSelector selects an APIVersioned field of an object.',
    {
      apiVersion: ['string', 'Version of the schema the FieldPath is written in terms of, defaults to "v1".'],
      fieldPath: ['string!', 'Path of the field to select in the specified API version.'],
    },
  ],
  ObjectMeta: [
    'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
    {
      annotations: ['{}string', 'Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations'],
      creationTimestamp: ['time', 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata'],
      deletionGracePeriodSeconds: ['int64', 'Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set. May only be shortened. Read-only.'],
      deletionTimestamp: ['time', 'DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. This field is set by the server when a graceful deletion is requested by the user, and is not directly settable by a client. The resource is expected to be deleted (no longer visible from resource lists, and not reachable by name) after the time in this field, once the finalizers list is empty. As long as the finalizers list contains items, deletion is blocked. Once the deletionTimestamp is set, this value may not be unset or be set further into the future, although it may be shortened or the resource may be deleted prior to this time. For example, a user may request that a pod is deleted in 30 seconds. The Kubelet will react by sending a graceful termination signal to the containers in the pod. After that 30 seconds, the Kubelet will send a hard termination signal (SIGKILL) to the container and after cleanup, remove the pod from the API. In the presence of network partitions, this object may still exist after this timestamp, until an administrator or automated process can determine the resource is fully terminated. If not set, graceful deletion of the object has not been requested.\n\nPopulated by the system when a graceful deletion is requested. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata'],
      finalizers: ['[]string merge set', 'Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list. If the deletionTimestamp of the object is non-nil, entries in this list can only be removed. Finalizers may be processed and removed in any order.  Order is NOT enforced because it introduces significant risk of stuck finalizers. finalizers is a shared field, any actor with permission can reorder it. If the finalizer list is processed in order, then this can lead to a situation in which the component responsible for the first finalizer in the list is waiting for a signal (field value, external system, or other) produced by a component responsible for a finalizer later in the list, resulting in a deadlock. Without enforced ordering finalizers are free to order amongst themselves and are not vulnerable to ordering changes in the list.'],
      generateName: ['string', 'GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided. If this field is used, the name returned to the client will be different than the name passed. This value will also be combined with a unique suffix. The provided value has the same validation rules as the Name field, and may be truncated by the length of the suffix required to make the value unique on the server.\n\nIf this field is specified and the generated name exists, the server will return a 409.\n\nApplied only if Name is not specified. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#idempotency'],
      generation: ['int64', 'A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.'],
      labels: ['{}string', 'Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels'],
      managedFields: ['[]ManagedFieldsEntry', 'ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow. This is mostly for internal housekeeping, and users typically shouldn\'t need to set or understand this field. A workflow can be the user\'s name, a controller\'s name, or the name of a specific apply path like "ci-cd". The set of fields is always in the version that the workflow used when modifying the object.'],
      name: ['string', 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names'],
      namespace: ['string', 'Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the "default" namespace, but "default" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be empty.\n\nMust be a DNS_LABEL. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces'],
      ownerReferences: ['[]OwnerReference merge=uid map=uid', 'List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected. If this object is managed by a controller, then an entry in this list will point to this controller, with the controller field set to true. There cannot be more than one managing controller.'],
      resourceVersion: ['string', 'An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. May be used for optimistic concurrency, change detection, and the watch operation on a resource or set of resources. Clients must treat these values as opaque and passed unmodified back to the server. They may only be valid for a particular resource or set of resources.\n\nPopulated by the system. Read-only. Value must be treated as opaque by clients and . More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency'],
      selfLink: ['string', D.selfLink],
      uid: ['string', 'UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.\n\nPopulated by the system. Read-only. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids'],
    },
  ],
  ObjectReference: [
    'ObjectReference contains enough information to let you inspect or modify the referred object.',
    {
      apiVersion: ['string', 'API version of the referent.'],
      fieldPath: ['string', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: "spec.containers{name}" (where "name" refers to the name of the container that triggered the event) or if no container name is specified "spec.containers[2]" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.'],
      kind: ['string', D.kind2],
      name: ['string', 'Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names'],
      namespace: ['string', 'Namespace of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/'],
      resourceVersion: ['string', 'Specific resourceVersion to which this reference is made, if any. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#concurrency-control-and-consistency'],
      uid: ['string', 'UID of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#uids'],
    },
  ],
  OwnerReference: [
    'OwnerReference contains enough information to let you identify an owning object. An owning object must be in the same namespace as the dependent, or be cluster-scoped, so there is no namespace field.',
    {
      apiVersion: ['string!', 'API version of the referent.'],
      blockOwnerDeletion: ['boolean', 'If true, AND if the owner has the "foregroundDeletion" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed. See https://kubernetes.io/docs/concepts/architecture/garbage-collection/#foreground-deletion for how the garbage collector interacts with this field and enforces the foreground deletion. Defaults to false. To set this field, a user needs "delete" permission of the owner, otherwise 422 (Unprocessable Entity) will be returned.'],
      controller: ['boolean', 'If true, this reference points to the managing controller.'],
      kind: ['string!', D.kind2],
      name: ['string!', 'Name of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names'],
      uid: ['string!', 'UID of the referent. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids'],
    },
  ],
  PersistentVolumeClaimSpec: [
    'PersistentVolumeClaimSpec describes the common attributes of storage devices and allows a Source for provider-specific attributes',
    {
      accessModes: ['[]string', 'accessModes contains the desired access modes the volume should have.'],
      dataSource: ['TypedLocalObjectReference', 'dataSource field can be used to specify either: * An existing VolumeSnapshot object (snapshot.storage.k8s.io/VolumeSnapshot) * An existing PVC (PersistentVolumeClaim) If the provisioner or an external controller can support the specified data source, it will create a new volume based on the...'],
      dataSourceRef: ['TypedObjectReference', 'dataSourceRef specifies the object from which to populate the volume with data, if a non-empty volume is desired.'],
      resources: ['VolumeResourceRequirements', 'resources represents the minimum resources the volume should have.'],
      selector: ['LabelSelector', 'selector is a label query over volumes to consider for binding.'],
      storageClassName: ['string', 'storageClassName is the name of the StorageClass required by the claim.'],
      volumeAttributesClassName: ['string', 'volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim.'],
      volumeMode: ['string', 'volumeMode defines what type of volume is required by the claim.'],
      volumeName: ['string', 'volumeName is the binding reference to the PersistentVolume backing this claim.'],
    },
  ],
  PersistentVolumeClaimTemplate: [
    'PersistentVolumeClaimTemplate is used to produce PersistentVolumeClaim objects as part of an EphemeralVolumeSource.',
    {
      metadata: ['ObjectMeta', 'May contain labels and annotations that will be copied into the PVC when creating it. No other fields are allowed and will be rejected during validation.'],
      spec: ['PersistentVolumeClaimSpec!', 'The specification for the PersistentVolumeClaim. The entire content is copied unchanged into the PVC that gets created from this template. The same fields as in a PersistentVolumeClaim are also valid here.'],
    },
  ],
  PersistentVolumeClaimVolumeSource: [
    'PersistentVolumeClaimVolumeSource references the user\'s PVC in the same namespace.',
    {
      claimName: ['string!', 'claimName is the name of a PersistentVolumeClaim in the same namespace as the pod using this volume.'],
      readOnly: ['boolean', 'readOnly Will force the ReadOnly setting in VolumeMounts.'],
    },
  ],
  PhotonPersistentDiskVolumeSource: [
    'Represents a Photon Controller persistent disk resource.',
    {
      fsType: ['string', 'fsType is the filesystem type to mount.'],
      pdID: ['string!', 'pdID is the ID that identifies Photon Controller persistent disk'],
    },
  ],
  Pod: [
    'Pod is a collection of containers that can run on a host. This resource is created by clients and scheduled onto hosts.',
    {
      apiVersion: ['string', D.apiVersion],
      kind: ['string', D.kind],
      metadata: ['ObjectMeta', D.metadata],
      spec: ['PodSpec', D.spec],
      status: ['PodStatus', 'Most recently observed status of the pod. This data may not be up to date. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
    },
  ],
  PodAffinity: [
    'Pod affinity is a group of inter pod affinity scheduling rules.',
    {
      preferredDuringSchedulingIgnoredDuringExecution: ['[]WeightedPodAffinityTerm', 'The scheduler will prefer to schedule pods to nodes that satisfy the affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions.'],
      requiredDuringSchedulingIgnoredDuringExecution: ['[]PodAffinityTerm', 'If the affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node.'],
    },
  ],
  PodAffinityTerm: [
    'Defines a set of pods (namely those matching the labelSelector relative to the given namespace(s)) that this pod should be co-located (affinity) or not co-located (anti-affinity) with, where co-located is defined as running on a node whose value of the label with key <topologyKey> matches that...',
    {
      labelSelector: ['LabelSelector', 'A label query over a set of resources, in this case pods.'],
      matchLabelKeys: ['[]string', 'MatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration.'],
      mismatchLabelKeys: ['[]string', 'MismatchLabelKeys is a set of pod label keys to select which pods will be taken into consideration.'],
      namespaceSelector: ['LabelSelector', 'A label query over the set of namespaces that the term applies to.'],
      namespaces: ['[]string', 'namespaces specifies a static list of namespace names that the term applies to.'],
      topologyKey: ['string!', 'This pod should be co-located (affinity) or not co-located (anti-affinity) with the pods matching the labelSelector in the specified namespaces, where co-located is defined as running on a node whose value of the label with key topologyKey matches that of any node on which any of the selected...'],
    },
  ],
  PodAntiAffinity: [
    'Pod anti affinity is a group of inter pod anti affinity scheduling rules.',
    {
      preferredDuringSchedulingIgnoredDuringExecution: ['[]WeightedPodAffinityTerm', 'The scheduler will prefer to schedule pods to nodes that satisfy the anti-affinity expressions specified by this field, but it may choose a node that violates one or more of the expressions.'],
      requiredDuringSchedulingIgnoredDuringExecution: ['[]PodAffinityTerm', 'If the anti-affinity requirements specified by this field are not met at scheduling time, the pod will not be scheduled onto the node.'],
    },
  ],
  PodCondition: [
    'PodCondition contains details for the current condition of this pod.',
    {
      lastProbeTime: ['time', 'Last time we probed the condition.'],
      lastTransitionTime: ['time', D.lastTransitionTime],
      message: ['string', D.message2],
      observedGeneration: ['int64', 'If set, this represents the .metadata.generation that the pod condition was set based upon.'],
      reason: ['string', D.reason],
      status: ['string!', 'Status is the status of the condition. Can be True, False, Unknown. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions'],
      type: ['string!', 'Type is the type of the condition. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions'],
    },
  ],
  PodDNSConfig: [
    'PodDNSConfig defines the DNS parameters of a pod in addition to those generated from DNSPolicy.',
    {
      nameservers: ['[]string', 'A list of DNS name server IP addresses.'],
      options: ['[]PodDNSConfigOption', 'A list of DNS resolver options.'],
      searches: ['[]string', 'A list of DNS search domains for host-name lookup.'],
    },
  ],
  PodDNSConfigOption: [
    'PodDNSConfigOption defines DNS resolver options of a pod.',
    {
      name: ['string', 'Required.'],
      value: ['string', 'Value is this DNS resolver option\'s value.'],
    },
  ],
  PodIP: [
    'PodIP represents a single IP address allocated to the pod.',
    {
      ip: ['string!', 'IP is the IP address assigned to the pod'],
    },
  ],
  PodList: [
    'PodList is a list of Pods.',
    {
      apiVersion: ['string', D.apiVersion],
      items: ['[]Pod!', 'List of pods. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md'],
      kind: ['string', D.kind],
      metadata: ['ListMeta', D.metadata2],
    },
  ],
  PodOS: [
    'PodOS defines the OS parameters of a pod.',
    {
      name: ['string!', 'Name is the name of the operating system.'],
    },
  ],
  PodReadinessGate: [
    'PodReadinessGate contains the reference to a pod condition',
    {
      conditionType: ['string!', 'ConditionType refers to a condition in the pod\'s condition list with matching type.'],
    },
  ],
  PodResourceClaim: [
    'PodResourceClaim references exactly one ResourceClaim through a ClaimSource.',
    {
      name: ['string!', 'Name uniquely identifies this resource claim inside the pod.'],
      resourceClaimName: ['string', 'ResourceClaimName is the name of a ResourceClaim object in the same namespace as this pod.'],
      resourceClaimTemplateName: ['string', 'ResourceClaimTemplateName is the name of a ResourceClaimTemplate object in the same namespace as this pod.'],
    },
  ],
  PodResourceClaimStatus: [
    'PodResourceClaimStatus is stored in the PodStatus for each PodResourceClaim which references a ResourceClaimTemplate.',
    {
      name: ['string!', 'Name uniquely identifies this resource claim inside the pod.'],
      resourceClaimName: ['string', 'ResourceClaimName is the name of the ResourceClaim that was generated for the Pod in the namespace of the Pod.'],
    },
  ],
  PodSchedulingGate: [
    'PodSchedulingGate is associated to a Pod to guard its scheduling.',
    {
      name: ['string!', 'Name of the scheduling gate.'],
    },
  ],
  PodSecurityContext: [
    'PodSecurityContext holds pod-level security attributes and common container settings.',
    {
      appArmorProfile: ['AppArmorProfile', 'appArmorProfile is the AppArmor options to use by the containers in this pod.'],
      fsGroup: ['int64', 'A special supplemental group that applies to all containers in a pod.'],
      fsGroupChangePolicy: ['string', 'fsGroupChangePolicy defines behavior of changing ownership and permission of the volume before being exposed inside Pod.'],
      runAsGroup: ['int64', 'The GID to run the entrypoint of the container process.'],
      runAsNonRoot: ['boolean', 'Indicates that the container must run as a non-root user.'],
      runAsUser: ['int64', 'The UID to run the entrypoint of the container process.'],
      seLinuxChangePolicy: ['string', 'seLinuxChangePolicy defines how the container\'s SELinux label is applied to all volumes used by the Pod.'],
      seLinuxOptions: ['SELinuxOptions', 'The SELinux context to be applied to all containers.'],
      seccompProfile: ['SeccompProfile', 'The seccomp options to use by the containers in this pod.'],
      supplementalGroups: ['[]int64', 'A list of groups applied to the first process run in each container, in addition to the container\'s primary GID, the fsGroup (if specified), and group memberships defined in the container image for the uid of the container process.'],
      supplementalGroupsPolicy: ['string', 'Defines how supplemental groups of the first container processes are calculated.'],
      sysctls: ['[]Sysctl', 'Sysctls hold a list of namespaced sysctls used for the pod.'],
      windowsOptions: ['WindowsSecurityContextOptions', 'The Windows specific settings applied to all containers.'],
    },
  ],
  PodSpec: [
    'PodSpec is a description of a pod.',
    {
      activeDeadlineSeconds: ['int64', 'Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers. Value must be a positive integer.'],
      affinity: ['Affinity', 'If specified, the pod\'s scheduling constraints'],
      automountServiceAccountToken: ['boolean', 'AutomountServiceAccountToken indicates whether a service account token should be automatically mounted.'],
      containers: ['[]Container! merge=name map=name', 'List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated.'],
      dnsConfig: ['PodDNSConfig', 'Specifies the DNS parameters of a pod.'],
      dnsPolicy: ['string', 'Set DNS policy for the pod. Defaults to "ClusterFirst". Valid values are \'ClusterFirstWithHostNet\', \'ClusterFirst\', \'Default\' or \'None\'. DNS parameters given in DNSConfig will be merged with the policy selected with DNSPolicy. To have DNS options set along with hostNetwork, you have to specify DNS policy explicitly to \'ClusterFirstWithHostNet\'.'],
      enableServiceLinks: ['boolean', 'EnableServiceLinks indicates whether information about services should be injected into pod\'s environment variables, matching the syntax of Docker links. Optional: Defaults to true.'],
      ephemeralContainers: ['[]EphemeralContainer merge=name map=name', 'List of ephemeral containers run in this pod.'],
      hostAliases: ['[]HostAlias merge=ip map=ip', 'HostAliases is an optional list of hosts and IPs that will be injected into the pod\'s hosts file if specified.'],
      hostIPC: ['boolean', 'Use the host\'s ipc namespace. Optional: Default to false.'],
      hostNetwork: ['boolean', 'Host networking requested for this pod. Use the host\'s network namespace. If this option is set, the ports that will be used must be specified. Default to false.'],
      hostPID: ['boolean', 'Use the host\'s pid namespace. Optional: Default to false.'],
      hostUsers: ['boolean', 'Use the host\'s user namespace.'],
      hostname: ['string', 'Specifies the hostname of the Pod If not specified, the pod\'s hostname will be set to a system-defined value.'],
      imagePullSecrets: ['[]LocalObjectReference merge=name map=name', 'ImagePullSecrets is an optional list of references to secrets in the same namespace to use for pulling any of the images used by this PodSpec. If specified, these secrets will be passed to individual puller implementations for them to use. More info: https://kubernetes.io/docs/concepts/containers/images#specifying-imagepullsecrets-on-a-pod'],
      initContainers: ['[]Container merge=name map=name', 'List of initialization containers belonging to the pod. Init containers are executed in order prior to containers being started. If any init container fails, the pod is considered to have failed and is handled according to its restartPolicy. The name for an init container or normal container must be unique among all containers. Init containers may not have Lifecycle actions, Readiness probes, Liveness probes, or Startup probes. The resourceRequirements of an init container are taken into account during scheduling by finding the highest request/limit for each resource type, and then using the max of of that value or the sum of the normal containers. Limits are applied to init containers in a similar fashion. Init containers cannot currently be added or removed. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/init-containers/'],
      nodeName: ['string', 'NodeName is a request to schedule this pod onto a specific node. If it is non-empty, the scheduler simply schedules this pod onto that node, assuming that it fits resource requirements.'],
      nodeSelector: ['{}string atomic', 'NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node\'s labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/'],
      os: ['PodOS', 'Specifies the OS of the containers in the pod.'],
      overhead: ['{}quantity', 'Overhead represents the resource overhead associated with running a pod for a given RuntimeClass. This field will be autopopulated at admission time by the RuntimeClass admission controller. If the RuntimeClass admission controller is enabled, overhead must not be set in Pod create requests. The RuntimeClass admission controller will reject Pod create requests which have the overhead already set. If RuntimeClass is configured and selected in the PodSpec, Overhead will be set to the value defined in the corresponding RuntimeClass, otherwise it will remain unset and treated as zero. More info: https://git.k8s.io/enhancements/keps/sig-node/688-pod-overhead/README.md'],
      preemptionPolicy: ['string', 'PreemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.'],
      priority: ['int32', 'The priority value. Various system components use this field to find the priority of the pod. When Priority Admission Controller is enabled, it prevents users from setting this field. The admission controller populates this field from PriorityClassName. The higher the value, the higher the priority.'],
      priorityClassName: ['string', 'If specified, indicates the pod\'s priority. "system-node-critical" and "system-cluster-critical" are two special keywords which indicate the highest priorities with the former being the highest priority. Any other name must be defined by creating a PriorityClass object with that name. If not specified, the pod priority will be default or zero if there is no default.'],
      readinessGates: ['[]PodReadinessGate', 'If specified, all readiness gates will be evaluated for pod readiness.'],
      resourceClaims: ['[]PodResourceClaim merge=name retainKeys map=name', 'ResourceClaims defines which ResourceClaims must be allocated and reserved before the Pod is allowed to start.'],
      resources: ['ResourceRequirements', 'Resources is the total amount of CPU and Memory resources required by all containers in the pod.'],
      restartPolicy: ['string', 'Restart policy for all containers within the pod. One of Always, OnFailure, Never. In some contexts, only a subset of those values may be permitted. Default to Always. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy'],
      runtimeClassName: ['string', 'RuntimeClassName refers to a RuntimeClass object in the node.k8s.io group, which should be used to run this pod.  If no RuntimeClass resource matches the named class, the pod will not be run. If unset or empty, the "legacy" RuntimeClass will be used, which is an implicit class with an empty definition that uses the default runtime handler. More info: https://git.k8s.io/enhancements/keps/sig-node/585-runtime-class'],
      schedulerName: ['string', 'If specified, the pod will be dispatched by specified scheduler. If not specified, the pod will be dispatched by default scheduler.'],
      schedulingGates: ['[]PodSchedulingGate merge=name map=name', 'SchedulingGates is an opaque list of values that if specified will block scheduling the pod.'],
      securityContext: ['PodSecurityContext', 'SecurityContext holds pod-level security attributes and common container settings. Optional: Defaults to empty.  See type description for default values of each field.'],
      serviceAccount: ['string', 'DeprecatedServiceAccount is a deprecated alias for ServiceAccountName. Deprecated: Use serviceAccountName instead.'],
      serviceAccountName: ['string', 'ServiceAccountName is the name of the ServiceAccount to use to run this pod. More info: https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/'],
      setHostnameAsFQDN: ['boolean', 'If true the pod\'s hostname will be configured as the pod\'s FQDN, rather than the leaf name (the default).'],
      shareProcessNamespace: ['boolean', 'Share a single process namespace between all of the containers in a pod. When this is set containers will be able to view and signal processes from other containers in the same pod, and the first process in each container will not be assigned PID 1. HostPID and ShareProcessNamespace cannot both be set. Optional: Default to false.'],
      subdomain: ['string', 'If specified, the fully qualified Pod hostname will be "<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>". If not specified, the pod will not have a domainname at all.'],
      terminationGracePeriodSeconds: ['int64', 'Optional duration in seconds the pod needs to terminate gracefully. May be decreased in delete request. Value must be non-negative integer. The value zero indicates stop immediately via the kill signal (no opportunity to shut down). If this value is nil, the default grace period will be used instead. The grace period is the duration in seconds after the processes running in the pod are sent a termination signal and the time when the processes are forcibly halted with a kill signal. Set this value longer than the expected cleanup time for your process. Defaults to 30 seconds.'],
      tolerations: ['[]Toleration', 'If specified, the pod\'s tolerations.'],
      topologySpreadConstraints: ['[]TopologySpreadConstraint merge=topologyKey map=topologyKey,whenUnsatisfiable', 'TopologySpreadConstraints describes how a group of pods ought to spread across topology domains.'],
      volumes: ['[]Volume merge=name retainKeys map=name', 'List of volumes that can be mounted by containers belonging to the pod. More info: https://kubernetes.io/docs/concepts/storage/volumes'],
    },
  ],
  PodStatus: [
    'PodStatus represents information about the status of a pod. Status may trail the actual state of a system, especially if the node that hosts the pod cannot contact the control plane.',
    {
      conditions: ['[]PodCondition merge=type map=type', 'Current service state of pod. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-conditions'],
      containerStatuses: ['[]ContainerStatus', 'The list has one entry per container in the manifest. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-and-container-status'],
      ephemeralContainerStatuses: ['[]ContainerStatus', 'Status for any ephemeral containers that have run in this pod.'],
      hostIP: ['string', 'hostIP holds the IP address of the host to which the pod is assigned. Empty if the pod has not started yet. A pod can be assigned to a node that has a problem in kubelet which in turns mean that HostIP will not be updated even if there is a node is assigned to pod'],
      hostIPs: ['[]HostIP merge=ip', 'hostIPs holds the IP addresses allocated to the host. If this field is specified, the first entry must match the hostIP field. This list is empty if the pod has not started yet. A pod can be assigned to a node that has a problem in kubelet which in turns means that HostIPs will not be updated even if there is a node is assigned to this pod.'],
      initContainerStatuses: ['[]ContainerStatus', 'The list has one entry per init container in the manifest. The most recent successful init container will have ready = true, the most recently started container will have startTime set. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-and-container-status'],
      message: ['string', 'A human readable message indicating details about why the pod is in this condition.'],
      nominatedNodeName: ['string', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.'],
      observedGeneration: ['int64', 'If set, this represents the .metadata.generation that the pod status was set based upon.'],
      phase: ['string', 'The phase of a Pod is a simple, high-level summary of where the Pod is in its lifecycle. The conditions array, the reason and message fields, and the individual container status arrays contain more detail about the pod\'s status. There are five possible phase values:\n\nPending: The pod has been accepted by the Kubernetes system, but one or more of the container images has not been created. This includes time before being scheduled as well as time spent downloading images over the network, which could take a while. Running: The pod has been bound to a node, and all of the containers have been created. At least one container is still running, or is in the process of starting or restarting. Succeeded: All containers in the pod have terminated in success, and will not be restarted. Failed: All containers in the pod have terminated, and at least one container has terminated in failure. The container either exited with non-zero status or was terminated by the system. Unknown: For some reason the state of the pod could not be obtained, typically due to an error in communicating with the host of the pod.\n\nMore info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#pod-phase'],
      podIP: ['string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.'],
      podIPs: ['[]PodIP merge=ip map=ip', 'podIPs holds the IP addresses allocated to the pod. If this field is specified, the 0th entry must match the podIP field. Pods may be allocated at most 1 value for each of IPv4 and IPv6. This list is empty if no IPs have been allocated yet.'],
      qosClass: ['string', 'The Quality of Service (QOS) classification assigned to the pod based on resource requirements See PodQOSClass type for available QOS classes More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/#quality-of-service-classes'],
      reason: ['string', 'A brief CamelCase message indicating details about why the pod is in this state. e.g. \'Evicted\''],
      resize: ['string', 'Status of resources resize desired for pod\'s containers.'],
      resourceClaimStatuses: ['[]PodResourceClaimStatus merge=name retainKeys map=name', 'Status of resource claims.'],
      startTime: ['time', 'RFC 3339 date and time at which the object was acknowledged by the Kubelet. This is before the Kubelet pulled the container image(s) for the pod.'],
    },
  ],
  PodTemplateSpec: [
    'PodTemplateSpec describes the data a pod should have when created from a template',
    {
      metadata: ['ObjectMeta', D.metadata],
      spec: ['PodSpec', D.spec],
    },
  ],
  PortStatus: [
    'PortStatus represents the error condition of a service port',
    {
      error: ['string', 'Error is to record the problem with the service port The format of the error shall comply with the following rules: - built-in error values shall be specified in this file and those shall use\n  CamelCase names\n- cloud provider specific error values must have names that comply with the\n  format...'],
      port: ['int32!', 'Port is the port number of the service port of which status is recorded here'],
      protocol: ['string!', 'Protocol is the protocol of the service port of which status is recorded here The supported values are: "TCP", "UDP", "SCTP"'],
    },
  ],
  PortworxVolumeSource: [
    'PortworxVolumeSource represents a Portworx volume resource.',
    {
      fsType: ['string', 'fSType represents the filesystem type to mount Must be a filesystem type supported by the host operating system.'],
      readOnly: ['boolean', 'readOnly defaults to false (read/write).'],
      volumeID: ['string!', 'volumeID uniquely identifies a Portworx volume'],
    },
  ],
  Preconditions: [
    'Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out.',
    {
      resourceVersion: ['string', 'Specifies the target ResourceVersion'],
      uid: ['string', 'Specifies the target UID.'],
    },
  ],
  PreferredSchedulingTerm: [
    'An empty preferred scheduling term matches all objects with implicit weight 0 (i.e. it\'s a no-op). A null preferred scheduling term matches no objects (i.e. is also a no-op).',
    {
      preference: ['NodeSelectorTerm!', 'A node selector term, associated with the corresponding weight.'],
      weight: ['int32!', 'Weight associated with matching the corresponding nodeSelectorTerm, in the range 1-100.'],
    },
  ],
  Probe: [
    'Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.',
    {
      exec: ['ExecAction', 'Exec specifies the action to take.'],
      failureThreshold: ['int32', 'Minimum consecutive failures for the probe to be considered failed after having succeeded. Defaults to 3. Minimum value is 1.'],
      grpc: ['GRPCAction', 'GRPC specifies an action involving a GRPC port.'],
      httpGet: ['HTTPGetAction', 'HTTPGet specifies the http request to perform.'],
      initialDelaySeconds: ['int32', 'Number of seconds after the container has started before liveness probes are initiated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes'],
      periodSeconds: ['int32', 'How often (in seconds) to perform the probe. Default to 10 seconds. Minimum value is 1.'],
      successThreshold: ['int32', 'Minimum consecutive successes for the probe to be considered successful after having failed. Defaults to 1. Must be 1 for liveness and startup. Minimum value is 1.'],
      tcpSocket: ['TCPSocketAction', 'TCPSocket specifies an action involving a TCP port.'],
      terminationGracePeriodSeconds: ['int64', 'Optional duration in seconds the pod needs to terminate gracefully upon probe failure. The grace period is the duration in seconds after the processes running in the pod are sent a termination signal and the time when the processes are forcibly halted with a kill signal. Set this value longer than the expected cleanup time for your process. If this value is nil, the pod\'s terminationGracePeriodSeconds will be used. Otherwise, this value overrides the value provided by the pod spec. Value must be non-negative integer. The value zero indicates stop immediately via the kill signal (no opportunity to shut down). This is a beta field and requires enabling ProbeTerminationGracePeriod feature gate. Minimum value is 1. spec.terminationGracePeriodSeconds is used if unset.'],
      timeoutSeconds: ['int32', 'Number of seconds after which the probe times out. Defaults to 1 second. Minimum value is 1. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes'],
    },
  ],
  ProjectedVolumeSource: [
    'Represents a projected volume source',
    {
      defaultMode: ['int32', 'defaultMode are the mode bits used to set permissions on created files by default.'],
      sources: ['[]VolumeProjection', 'sources is the list of volume projections'],
    },
  ],
  QuobyteVolumeSource: [
    'Represents a Quobyte mount that lasts the lifetime of a pod.',
    {
      group: ['string', 'group to map volume access to Default is no group'],
      readOnly: ['boolean', 'readOnly here will force the Quobyte volume to be mounted with read-only permissions.'],
      registry: ['string!', 'registry represents a single or multiple Quobyte Registry services specified as a string as host:port pair (multiple entries are separated with commas) which acts as the central registry for volumes'],
      tenant: ['string', 'tenant owning the given Quobyte volume in the Backend Used with dynamically provisioned Quobyte volumes, value is set by the plugin'],
      user: ['string', 'user to map volume access to Defaults to serivceaccount user'],
      volume: ['string!', 'volume is a string that references an already created Quobyte volume by name.'],
    },
  ],
  RBDVolumeSource: [
    'Represents a Rados Block Device mount that lasts the lifetime of a pod.',
    {
      fsType: ['string', D.fsType],
      image: ['string!', 'image is the rados image name.'],
      keyring: ['string', 'keyring is the path to key ring for RBDUser.'],
      monitors: ['[]string!', 'monitors is a collection of Ceph monitors.'],
      pool: ['string', 'pool is the rados pool name.'],
      readOnly: ['boolean', D.readOnly],
      secretRef: ['LocalObjectReference', 'secretRef is name of the authentication secret for RBDUser.'],
      user: ['string', 'user is the rados user name.'],
    },
  ],
  ReplicaSet: [
    'ReplicaSet ensures that a specified number of pod replicas are running at any given time.',
    {
      apiVersion: ['string', D.apiVersion],
      kind: ['string', D.kind],
      metadata: ['ObjectMeta', 'If the Labels of a ReplicaSet are empty, they are defaulted to be the same as the Pod(s) that the ReplicaSet manages. Standard object\'s metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata'],
      spec: ['ReplicaSetSpec', 'Spec defines the specification of the desired behavior of the ReplicaSet. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
      status: ['ReplicaSetStatus', 'Status is the most recently observed status of the ReplicaSet. This data may be out of date by some window of time. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
    },
  ],
  ReplicaSetCondition: [
    'ReplicaSetCondition describes the state of a replica set at a certain point.',
    {
      lastTransitionTime: ['time', D.lastTransitionTime2],
      message: ['string', D.message3],
      reason: ['string', 'The reason for the condition\'s last transition.'],
      status: ['string!', 'Status of the condition, one of True, False, Unknown.'],
      type: ['string!', 'Type of replica set condition.'],
    },
  ],
  ReplicaSetList: [
    'ReplicaSetList is a collection of ReplicaSets.',
    {
      apiVersion: ['string', D.apiVersion],
      items: ['[]ReplicaSet!', 'List of ReplicaSets. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller'],
      kind: ['string', D.kind],
      metadata: ['ListMeta', D.metadata2],
    },
  ],
  ReplicaSetSpec: [
    'ReplicaSetSpec is the specification of a ReplicaSet.',
    {
      minReadySeconds: ['int32', D.minReadySeconds],
      replicas: ['int32', 'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller'],
      selector: ['LabelSelector!', 'Selector is a label query over pods that should match the replica count. Label keys and values that must match in order to be controlled by this replica set. It must match the pod template\'s labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors'],
      template: ['PodTemplateSpec', 'Template is the object that describes the pod that will be created if insufficient replicas are detected. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#pod-template'],
    },
  ],
  ReplicaSetStatus: [
    'ReplicaSetStatus represents the current status of a ReplicaSet.',
    {
      availableReplicas: ['int32', 'The number of available replicas (ready for at least minReadySeconds) for this replica set.'],
      conditions: ['[]ReplicaSetCondition merge=type map=type', 'Represents the latest available observations of a replica set\'s current state.'],
      fullyLabeledReplicas: ['int32', 'The number of pods that have labels matching the labels of the pod template of the replicaset.'],
      observedGeneration: ['int64', 'ObservedGeneration reflects the generation of the most recently observed ReplicaSet.'],
      readyReplicas: ['int32', 'readyReplicas is the number of pods targeted by this ReplicaSet with a Ready Condition.'],
      replicas: ['int32!', 'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller/#what-is-a-replicationcontroller'],
      terminatingReplicas: ['int32', 'The number of terminating pods for this replica set.'],
    },
  ],
  ReplicationController: [
    'ReplicationController represents the configuration of a replication controller.',
    {
      apiVersion: ['string', D.apiVersion],
      kind: ['string', D.kind],
      metadata: ['ObjectMeta', 'If the Labels of a ReplicationController are empty, they are defaulted to be the same as the Pod(s) that the replication controller manages. Standard object\'s metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata'],
      spec: ['ReplicationControllerSpec', 'Spec defines the specification of the desired behavior of the replication controller. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
      status: ['ReplicationControllerStatus', 'Status is the most recently observed status of the replication controller. This data may be out of date by some window of time. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
    },
  ],
  ReplicationControllerCondition: [
    'ReplicationControllerCondition describes the state of a replication controller at a certain point.',
    {
      lastTransitionTime: ['time', D.lastTransitionTime2],
      message: ['string', D.message3],
      reason: ['string', 'The reason for the condition\'s last transition.'],
      status: ['string!', 'Status of the condition, one of True, False, Unknown.'],
      type: ['string!', 'Type of replication controller condition.'],
    },
  ],
  ReplicationControllerList: [
    'ReplicationControllerList is a collection of replication controllers.',
    {
      apiVersion: ['string', D.apiVersion],
      items: ['[]ReplicationController!', 'List of replication controllers. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller'],
      kind: ['string', D.kind],
      metadata: ['ListMeta', D.metadata2],
    },
  ],
  ReplicationControllerSpec: [
    'ReplicationControllerSpec is the specification of a replication controller.',
    {
      minReadySeconds: ['int32', D.minReadySeconds],
      replicas: ['int32', 'Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller'],
      selector: ['{}string atomic', 'Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors'],
      template: ['PodTemplateSpec', 'Template is the object that describes the pod that will be created if insufficient replicas are detected. This takes precedence over a TemplateRef. The only allowed template.spec.restartPolicy value is "Always". More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#pod-template'],
    },
  ],
  ReplicationControllerStatus: [
    'ReplicationControllerStatus represents the current status of a replication controller.',
    {
      availableReplicas: ['int32', 'The number of available replicas (ready for at least minReadySeconds) for this replication controller.'],
      conditions: ['[]ReplicationControllerCondition merge=type map=type', 'Represents the latest available observations of a replication controller\'s current state.'],
      fullyLabeledReplicas: ['int32', 'The number of pods that have labels matching the labels of the pod template of the replication controller.'],
      observedGeneration: ['int64', 'ObservedGeneration reflects the generation of the most recently observed replication controller.'],
      readyReplicas: ['int32', 'The number of ready replicas for this replication controller.'],
      replicas: ['int32!', 'Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller'],
    },
  ],
  ResourceClaim: [
    'ResourceClaim references one entry in PodSpec.ResourceClaims.',
    {
      name: ['string!', 'Name must match the name of one entry in pod.spec.resourceClaims of the Pod where this field is used.'],
      request: ['string', 'Request is the name chosen for a request in the referenced claim.'],
    },
  ],
  ResourceFieldSelector: [
    'ResourceFieldSelector represents container resources (cpu, memory) and their output format',
    {
      containerName: ['string', 'Container name: required for volumes, optional for env vars'],
      divisor: ['quantity', 'Specifies the output format of the exposed resources, defaults to "1"'],
      resource: ['string!', 'Required: resource to select'],
    },
  ],
  ResourceHealth: [
    'ResourceHealth represents the health of a resource.',
    {
      health: ['string', 'Health of the resource.'],
      resourceID: ['string!', 'ResourceID is the unique identifier of the resource.'],
    },
  ],
  ResourceRequirements: [
    'ResourceRequirements describes the compute resource requirements.',
    {
      claims: ['[]ResourceClaim', 'Claims lists the names of resources, defined in spec.resourceClaims, that are used by this container.'],
      limits: ['{}quantity', 'Limits describes the maximum amount of compute resources allowed. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
      requests: ['{}quantity', 'Requests describes the minimum amount of compute resources required. If Requests is omitted for a container, it defaults to Limits if that is explicitly specified, otherwise to an implementation-defined value. Requests cannot exceed Limits. More info: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
    },
  ],
  ResourceStatus: [
    'ResourceStatus represents the status of a single resource allocated to a Pod.',
    {
      name: ['string!', 'Name of the resource.'],
      resources: ['[]ResourceHealth', 'List of unique resources health.'],
    },
  ],
  SELinuxOptions: [
    'SELinuxOptions are the labels to be applied to the container',
    {
      level: ['string', 'Level is SELinux level label that applies to the container.'],
      role: ['string', 'Role is a SELinux role label that applies to the container.'],
      type: ['string', 'Type is a SELinux type label that applies to the container.'],
      user: ['string', 'User is a SELinux user label that applies to the container.'],
    },
  ],
  Scale: [
    'Scale represents a scaling request for a resource.',
    {
      apiVersion: ['string', D.apiVersion],
      kind: ['string', D.kind],
      metadata: ['ObjectMeta', 'Standard object metadata; More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata.'],
      spec: ['ScaleSpec', 'spec defines the behavior of the scale. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status.'],
      status: ['ScaleStatus', 'status is the current status of the scale. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status. Read-only.'],
    },
  ],
  ScaleIOVolumeSource: [
    'ScaleIOVolumeSource represents a persistent ScaleIO volume',
    {
      fsType: ['string', 'fsType is the filesystem type to mount.'],
      gateway: ['string!', 'gateway is the host address of the ScaleIO API Gateway.'],
      protectionDomain: ['string', 'protectionDomain is the name of the ScaleIO Protection Domain for the configured storage.'],
      readOnly: ['boolean', 'readOnly Defaults to false (read/write).'],
      secretRef: ['LocalObjectReference!', 'secretRef references to the secret for ScaleIO user and other sensitive information.'],
      sslEnabled: ['boolean', 'sslEnabled Flag enable/disable SSL communication with Gateway, default false'],
      storageMode: ['string', 'storageMode indicates whether the storage for a volume should be ThickProvisioned or ThinProvisioned.'],
      storagePool: ['string', 'storagePool is the ScaleIO Storage Pool associated with the protection domain.'],
      system: ['string!', 'system is the name of the storage system as configured in ScaleIO.'],
      volumeName: ['string', 'volumeName is the name of a volume already created in the ScaleIO system that is associated with this volume source.'],
    },
  ],
  ScaleSpec: [
    'ScaleSpec describes the attributes of a scale subresource.',
    {
      replicas: ['int32', 'replicas is the desired number of instances for the scaled object.'],
    },
  ],
  ScaleStatus: [
    'ScaleStatus represents the current status of a scale subresource.',
    {
      replicas: ['int32!', 'replicas is the actual number of observed instances of the scaled object.'],
      selector: ['string', 'selector is the label query over pods that should match the replicas count.'],
    },
  ],
  SeccompProfile: [
    'SeccompProfile defines a pod/container\'s seccomp profile settings.',
    {
      localhostProfile: ['string', 'localhostProfile indicates a profile defined in a file on the node should be used.'],
      type: ['string!', 'type indicates which kind of seccomp profile will be applied.'],
    },
  ],
  SecretEnvSource: [
    'SecretEnvSource selects a Secret to populate the environment variables with.',
    {
      name: ['string', 'Name of the referent.'],
      optional: ['boolean', 'Specify whether the Secret must be defined'],
    },
  ],
  SecretKeySelector: [
    'SecretKeySelector selects a key of a Secret.',
    {
      key: ['string!', 'The key of the secret to select from.'],
      name: ['string', 'Name of the referent.'],
      optional: ['boolean', 'Specify whether the Secret or its key must be defined'],
    },
  ],
  SecretProjection: [
    'Adapts a secret into a projected volume.',
    {
      items: ['[]KeyToPath', 'items if unspecified, each key-value pair in the Data field of the referenced Secret will be projected into the volume as a file whose name is the key and content is the value. If specified, the listed keys will be projected into the specified paths, and unlisted keys will not be present. If a key is specified which is not present in the Secret, the volume setup will error unless it is marked optional. Paths must be relative and may not contain the \'..\' path or start with \'..\'.'],
      name: ['string', 'Name of the referent.'],
      optional: ['boolean', 'optional field specify whether the Secret or its key must be defined'],
    },
  ],
  SecretVolumeSource: [
    'Adapts a Secret into a volume.',
    {
      defaultMode: ['int32', 'defaultMode is Optional: mode bits used to set permissions on created files by default.'],
      items: ['[]KeyToPath', 'items If unspecified, each key-value pair in the Data field of the referenced Secret will be projected into the volume as a file whose name is the key and content is the value. If specified, the listed keys will be projected into the specified paths, and unlisted keys will not be present. If a key is specified which is not present in the Secret, the volume setup will error unless it is marked optional. Paths must be relative and may not contain the \'..\' path or start with \'..\'.'],
      optional: ['boolean', 'optional field specify whether the Secret or its keys must be defined'],
      secretName: ['string', 'secretName is the name of the secret in the pod\'s namespace to use.'],
    },
  ],
  SecurityContext: [
    'SecurityContext holds security configuration that will be applied to a container.',
    {
      allowPrivilegeEscalation: ['boolean', 'AllowPrivilegeEscalation controls whether a process can gain more privileges than its parent process.'],
      appArmorProfile: ['AppArmorProfile', 'appArmorProfile is the AppArmor options to use by this container.'],
      capabilities: ['Capabilities', 'The capabilities to add/drop when running containers.'],
      privileged: ['boolean', 'Run container in privileged mode.'],
      procMount: ['string', 'procMount denotes the type of proc mount to use for the containers.'],
      readOnlyRootFilesystem: ['boolean', 'Whether this container has a read-only root filesystem.'],
      runAsGroup: ['int64', 'The GID to run the entrypoint of the container process.'],
      runAsNonRoot: ['boolean', 'Indicates that the container must run as a non-root user.'],
      runAsUser: ['int64', 'The UID to run the entrypoint of the container process.'],
      seLinuxOptions: ['SELinuxOptions', 'The SELinux context to be applied to the container.'],
      seccompProfile: ['SeccompProfile', 'The seccomp options to use by this container.'],
      windowsOptions: ['WindowsSecurityContextOptions', 'The Windows specific settings applied to all containers.'],
    },
  ],
  Service: [
    'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.',
    {
      apiVersion: ['string', D.apiVersion],
      kind: ['string', D.kind],
      metadata: ['ObjectMeta', D.metadata],
      spec: ['ServiceSpec', 'Spec defines the behavior of a service. https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
      status: ['ServiceStatus', 'Most recently observed status of the service. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
    },
  ],
  ServiceAccountTokenProjection: [
    'ServiceAccountTokenProjection represents a projected service account token volume.',
    {
      audience: ['string', 'audience is the intended audience of the token.'],
      expirationSeconds: ['int64', 'expirationSeconds is the requested duration of validity of the service account token.'],
      path: ['string!', 'path is the path relative to the mount point of the file to project the token into.'],
    },
  ],
  ServiceList: [
    'ServiceList holds a list of services.',
    {
      apiVersion: ['string', D.apiVersion],
      items: ['[]Service!', 'List of services'],
      kind: ['string', D.kind],
      metadata: ['ListMeta', D.metadata2],
    },
  ],
  ServicePort: [
    'ServicePort contains information on service\'s port.',
    {
      appProtocol: ['string', 'The application protocol for this port.'],
      name: ['string', 'The name of this port within the service. This must be a DNS_LABEL. All ports within a ServiceSpec must have unique names. When considering the endpoints for a Service, this must match the \'name\' field in the EndpointPort. Optional if only one ServicePort is defined on this service.'],
      nodePort: ['int32', 'The port on each node on which this service is exposed when type is NodePort or LoadBalancer.  Usually assigned by the system. If a value is specified, in-range, and not in use it will be used, otherwise the operation will fail.  If not specified, a port will be allocated if this Service requires one.  If this field is specified when creating a Service which does not need it, creation will fail. This field will be wiped when updating a Service to no longer need it (e.g. changing type from NodePort to ClusterIP). More info: https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport'],
      port: ['int32!', 'The port that will be exposed by this service.'],
      protocol: ['string', 'The IP protocol for this port. Supports "TCP", "UDP", and "SCTP". Default is TCP.'],
      targetPort: ['intstr', 'Number or name of the port to access on the pods targeted by the service. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME. If this is a string, it will be looked up as a named port in the target Pod\'s container ports. If this is not specified, the value of the \'port\' field is used (an identity map). This field is ignored for services with clusterIP=None, and should be omitted or set equal to the \'port\' field. More info: https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service'],
    },
  ],
  ServiceSpec: [
    'ServiceSpec describes the attributes that a user creates on a service.',
    {
      allocateLoadBalancerNodePorts: ['boolean', 'allocateLoadBalancerNodePorts defines if NodePorts will be automatically allocated for services with type LoadBalancer.'],
      clusterIP: ['string', 'clusterIP is the IP address of the service and is usually assigned randomly.'],
      clusterIPs: ['[]string', 'ClusterIPs is a list of IP addresses assigned to this service, and are usually assigned randomly.'],
      externalIPs: ['[]string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'],
      externalName: ['string', 'externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g.'],
      externalTrafficPolicy: ['string', 'externalTrafficPolicy describes how nodes distribute service traffic they receive on one of the Service\'s "externally-facing" addresses (NodePorts, ExternalIPs, and LoadBalancer IPs).'],
      healthCheckNodePort: ['int32', 'healthCheckNodePort specifies the healthcheck nodePort for the service.'],
      internalTrafficPolicy: ['string', 'InternalTrafficPolicy describes how nodes distribute service traffic they receive on the ClusterIP.'],
      ipFamilies: ['[]string', 'IPFamilies is a list of IP families (e.g.'],
      ipFamilyPolicy: ['string', 'IPFamilyPolicy represents the dual-stack-ness requested or required by this Service.'],
      loadBalancerClass: ['string', 'loadBalancerClass is the class of the load balancer implementation this Service belongs to.'],
      loadBalancerIP: ['string', 'Only applies to Service Type: LoadBalancer.'],
      loadBalancerSourceRanges: ['[]string', 'If specified and supported by the platform, this will restrict traffic through the cloud-provider load-balancer will be restricted to the specified client IPs.'],
      ports: ['[]ServicePort merge=port map=port,protocol', 'The list of ports that are exposed by this service.'],
      publishNotReadyAddresses: ['boolean', 'publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready.'],
      selector: ['{}string atomic', 'Route service traffic to pods with label keys and values matching this selector.'],
      sessionAffinity: ['string', 'Supports "ClientIP" and "None".'],
      sessionAffinityConfig: ['SessionAffinityConfig', 'sessionAffinityConfig contains the configurations of session affinity.'],
      trafficDistribution: ['string', 'TrafficDistribution offers a way to express preferences for how traffic is distributed to Service endpoints.'],
      type: ['string', 'type determines how the Service is exposed.'],
    },
  ],
  ServiceStatus: [
    'ServiceStatus represents the current status of a service.',
    {
      conditions: ['[]Condition merge=type map=type', 'Current service state'],
      loadBalancer: ['LoadBalancerStatus', 'LoadBalancer contains the current status of the load-balancer, if one is present.'],
    },
  ],
  SessionAffinityConfig: [
    'SessionAffinityConfig represents the configurations of session affinity.',
    {
      clientIP: ['ClientIPConfig', 'clientIP contains the configurations of Client IP based session affinity.'],
    },
  ],
  SleepAction: [
    'SleepAction describes a "sleep" action.',
    {
      seconds: ['int64!', 'Seconds is the number of seconds to sleep.'],
    },
  ],
  Status: [
    'Status is a return value for calls that don\'t return other objects.',
    {
      apiVersion: ['string', D.apiVersion],
      code: ['int32', 'Suggested HTTP return code for this status, 0 if not set.'],
      details: ['StatusDetails', 'Extended data associated with the reason.  Each reason may define its own extended details. This field is optional and the data returned is not guaranteed to conform to any schema except that defined by the reason type.'],
      kind: ['string', D.kind],
      message: ['string', D.message],
      metadata: ['ListMeta', D.metadata2],
      reason: ['string', 'A machine-readable description of why this operation is in the "Failure" status. If this value is empty there is no information available. A Reason clarifies an HTTP status code but does not override it.'],
      status: ['string', 'Status of the operation. One of: "Success" or "Failure". More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status'],
    },
  ],
  StatusCause: [
    'StatusCause provides more information about an api.Status failure, including cases when multiple errors are encountered.',
    {
      field: ['string', 'The field of the resource that has caused this error, as named by its JSON serialization. May include dot and postfix notation for nested attributes. Arrays are zero-indexed.  Fields may appear more than once in an array of causes due to fields having multiple errors. Optional.\n\nExamples:\n  "name" - the field "name" on the current resource\n  "items[0].name" - the field "name" on the first array entry in "items"'],
      message: ['string', 'A human-readable description of the cause of the error.  This field may be presented as-is to a reader.'],
      reason: ['string', 'A machine-readable description of the cause of the error. If this value is empty there is no information available.'],
    },
  ],
  StatusDetails: [
    'StatusDetails is a set of additional properties that MAY be set by the server to provide additional information about a response. The Reason field of a Status object defines what attributes will be set. Clients must ignore fields that do not match the defined type of each attribute, and should assume that any attribute may be empty, invalid, or under defined.',
    {
      causes: ['[]StatusCause', 'The Causes array includes more details associated with the StatusReason failure. Not all StatusReasons may provide detailed causes.'],
      group: ['string', 'The group attribute of the resource associated with the status StatusReason.'],
      kind: ['string', 'The kind attribute of the resource associated with the status StatusReason. On some operations may differ from the requested resource Kind. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds'],
      name: ['string', 'The name attribute of the resource associated with the status StatusReason (when there is a single name which can be described).'],
      retryAfterSeconds: ['int32', 'If specified, the time in seconds before the operation should be retried. Some errors may indicate the client must take an alternate action - for those errors this field may indicate how long to wait before taking the alternate action.'],
      uid: ['string', 'UID of the resource. (when there is a single resource which can be described). More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#uids'],
    },
  ],
  StorageOSVolumeSource: [
    'Represents a StorageOS persistent volume resource.',
    {
      fsType: ['string', 'fsType is the filesystem type to mount.'],
      readOnly: ['boolean', 'readOnly defaults to false (read/write).'],
      secretRef: ['LocalObjectReference', 'secretRef specifies the secret to use for obtaining the StorageOS API credentials.'],
      volumeName: ['string', 'volumeName is the human-readable name of the StorageOS volume.'],
      volumeNamespace: ['string', 'volumeNamespace specifies the scope of the volume within StorageOS.'],
    },
  ],
  Sysctl: [
    'Sysctl defines a kernel parameter to be set',
    {
      name: ['string!', 'Name of a property to set'],
      value: ['string!', 'Value of a property to set'],
    },
  ],
  TCPSocketAction: [
    'TCPSocketAction describes an action based on opening a socket',
    {
      host: ['string', 'Optional: Host name to connect to, defaults to the pod IP.'],
      port: ['intstr!', 'Number or name of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.'],
    },
  ],
  Taint: [
    'The node this Taint is attached to has the "effect" on any pod that does not tolerate the Taint.',
    {
      effect: ['string!', 'Required. The effect of the taint on pods that do not tolerate the taint. Valid effects are NoSchedule, PreferNoSchedule and NoExecute.'],
      key: ['string!', 'Required. The taint key to be applied to a node.'],
      timeAdded: ['time', 'TimeAdded represents the time at which the taint was added. It is only written for NoExecute taints.'],
      value: ['string', 'The taint value corresponding to the taint key.'],
    },
  ],
  Toleration: [
    'The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>.',
    {
      effect: ['string', 'Effect indicates the taint effect to match. Empty means match all taint effects. When specified, allowed values are NoSchedule, PreferNoSchedule and NoExecute.'],
      key: ['string', 'Key is the taint key that the toleration applies to. Empty means match all taint keys. If the key is empty, operator must be Exists; this combination means to match all values and all keys.'],
      operator: ['string', 'Operator represents a key\'s relationship to the value. Valid operators are Exists and Equal. Defaults to Equal. Exists is equivalent to wildcard for value, so that a pod can tolerate all taints of a particular category.'],
      tolerationSeconds: ['int64', 'TolerationSeconds represents the period of time the toleration (which must be of effect NoExecute, otherwise this field is ignored) tolerates the taint. By default, it is not set, which means tolerate the taint forever (do not evict). Zero and negative values will be treated as 0 (evict immediately) by the system.'],
      value: ['string', 'Value is the taint value the toleration matches to. If the operator is Exists, the value should be empty, otherwise just a regular string.'],
    },
  ],
  TopologySpreadConstraint: [
    'TopologySpreadConstraint specifies how to spread matching pods among the given topology.',
    {
      labelSelector: ['LabelSelector', 'LabelSelector is used to find matching pods.'],
      matchLabelKeys: ['[]string', 'MatchLabelKeys is a set of pod label keys to select the pods over which spreading will be calculated.'],
      maxSkew: ['int32!', 'MaxSkew describes the degree to which pods may be unevenly distributed.'],
      minDomains: ['int32', 'MinDomains indicates a minimum number of eligible domains.'],
      nodeAffinityPolicy: ['string', 'NodeAffinityPolicy indicates how we will treat Pod\'s nodeAffinity/nodeSelector when calculating pod topology spread skew.'],
      nodeTaintsPolicy: ['string', 'NodeTaintsPolicy indicates how we will treat node taints when calculating pod topology spread skew.'],
      topologyKey: ['string!', 'TopologyKey is the key of node labels.'],
      whenUnsatisfiable: ['string!', 'WhenUnsatisfiable indicates how to deal with a pod if it doesn\'t satisfy the spread constraint.'],
    },
  ],
  TypedLocalObjectReference: [
    'TypedLocalObjectReference contains enough information to let you locate the typed referenced object inside the same namespace.',
    {
      apiGroup: ['string', 'APIGroup is the group for the resource being referenced.'],
      kind: ['string!', 'Kind is the type of resource being referenced'],
      name: ['string!', 'Name is the name of resource being referenced'],
    },
  ],
  TypedObjectReference: [
    'TypedObjectReference contains enough information to let you locate the typed referenced object',
    {
      apiGroup: ['string', 'APIGroup is the group for the resource being referenced.'],
      kind: ['string!', 'Kind is the type of resource being referenced'],
      name: ['string!', 'Name is the name of resource being referenced'],
      namespace: ['string', 'Namespace is the namespace of resource being referenced Note that when a namespace is specified, a gateway.networking.k8s.io/ReferenceGrant object is required in the referent namespace to allow that namespace\'s owner to accept the reference.'],
    },
  ],
  Volume: [
    'Volume represents a named volume in a pod that may be accessed by any container in the pod.',
    {
      awsElasticBlockStore: ['AWSElasticBlockStoreVolumeSource', 'awsElasticBlockStore represents an AWS Disk resource that is attached to a kubelet\'s host machine and then exposed to the pod.'],
      azureDisk: ['AzureDiskVolumeSource', 'azureDisk represents an Azure Data Disk mount on the host and bind mount to the pod.'],
      azureFile: ['AzureFileVolumeSource', 'azureFile represents an Azure File Service mount on the host and bind mount to the pod.'],
      cephfs: ['CephFSVolumeSource', 'cephFS represents a Ceph FS mount on the host that shares a pod\'s lifetime'],
      cinder: ['CinderVolumeSource', 'cinder represents a cinder volume attached and mounted on kubelets host machine.'],
      configMap: ['ConfigMapVolumeSource', 'configMap represents a configMap that should populate this volume'],
      csi: ['CSIVolumeSource', 'csi (Container Storage Interface) represents ephemeral storage that is handled by certain external CSI drivers (Beta feature).'],
      downwardAPI: ['DownwardAPIVolumeSource', 'downwardAPI represents downward API about the pod that should populate this volume'],
      emptyDir: ['EmptyDirVolumeSource', 'emptyDir represents a temporary directory that shares a pod\'s lifetime. More info: https://kubernetes.io/docs/concepts/storage/volumes#emptydir'],
      ephemeral: ['EphemeralVolumeSource', 'ephemeral represents a volume that is handled by a cluster storage driver.'],
      fc: ['FCVolumeSource', 'fc represents a Fibre Channel resource that is attached to a kubelet\'s host machine and then exposed to the pod.'],
      flexVolume: ['FlexVolumeSource', 'flexVolume represents a generic volume resource that is provisioned/attached using an exec based plugin.'],
      flocker: ['FlockerVolumeSource', 'flocker represents a Flocker volume attached to a kubelet\'s host machine.'],
      gcePersistentDisk: ['GCEPersistentDiskVolumeSource', 'gcePersistentDisk represents a GCE Disk resource that is attached to a kubelet\'s host machine and then exposed to the pod.'],
      gitRepo: ['GitRepoVolumeSource', 'gitRepo represents a git repository at a particular revision.'],
      glusterfs: ['GlusterfsVolumeSource', 'glusterfs represents a Glusterfs mount on the host that shares a pod\'s lifetime.'],
      hostPath: ['HostPathVolumeSource', 'hostPath represents a pre-existing file or directory on the host machine that is directly exposed to the container. This is generally used for system agents or other privileged things that are allowed to see the host machine. Most containers will NOT need this. More info: https://kubernetes.io/docs/concepts/storage/volumes#hostpath'],
      image: ['ImageVolumeSource', 'image represents an OCI object (a container image or artifact) pulled and mounted on the kubelet\'s host machine.'],
      iscsi: ['ISCSIVolumeSource', 'iscsi represents an ISCSI Disk resource that is attached to a kubelet\'s host machine and then exposed to the pod.'],
      name: ['string!', 'name of the volume. Must be a DNS_LABEL and unique within the pod. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#names'],
      nfs: ['NFSVolumeSource', 'nfs represents an NFS mount on the host that shares a pod\'s lifetime More info: https://kubernetes.io/docs/concepts/storage/volumes#nfs'],
      persistentVolumeClaim: ['PersistentVolumeClaimVolumeSource', 'persistentVolumeClaimVolumeSource represents a reference to a PersistentVolumeClaim in the same namespace.'],
      photonPersistentDisk: ['PhotonPersistentDiskVolumeSource', 'photonPersistentDisk represents a PhotonController persistent disk attached and mounted on kubelets host machine'],
      portworxVolume: ['PortworxVolumeSource', 'portworxVolume represents a portworx volume attached and mounted on kubelets host machine'],
      projected: ['ProjectedVolumeSource', 'projected items for all in one resources secrets, configmaps, and downward API'],
      quobyte: ['QuobyteVolumeSource', 'quobyte represents a Quobyte mount on the host that shares a pod\'s lifetime'],
      rbd: ['RBDVolumeSource', 'rbd represents a Rados Block Device mount on the host that shares a pod\'s lifetime.'],
      scaleIO: ['ScaleIOVolumeSource', 'scaleIO represents a ScaleIO persistent volume attached and mounted on Kubernetes nodes.'],
      secret: ['SecretVolumeSource', 'secret represents a secret that should populate this volume. More info: https://kubernetes.io/docs/concepts/storage/volumes#secret'],
      storageos: ['StorageOSVolumeSource', 'storageOS represents a StorageOS volume attached and mounted on Kubernetes nodes.'],
      vsphereVolume: ['VsphereVirtualDiskVolumeSource', 'vsphereVolume represents a vSphere volume attached and mounted on kubelets host machine'],
    },
  ],
  VolumeDevice: [
    'volumeDevice describes a mapping of a raw block device within a container.',
    {
      devicePath: ['string!', 'devicePath is the path inside of the container that the device will be mapped to.'],
      name: ['string!', 'name must match the name of a persistentVolumeClaim in the pod'],
    },
  ],
  VolumeMount: [
    'VolumeMount describes a mounting of a Volume within a container.',
    {
      mountPath: ['string!', 'Path within the container at which the volume should be mounted.  Must not contain \':\'.'],
      mountPropagation: ['string', 'mountPropagation determines how mounts are propagated from the host to container and the other way around.'],
      name: ['string!', 'This must match the Name of a Volume.'],
      readOnly: ['boolean', 'Mounted read-only if true, read-write otherwise (false or unspecified). Defaults to false.'],
      recursiveReadOnly: ['string', 'RecursiveReadOnly specifies whether read-only mounts should be handled recursively.'],
      subPath: ['string', 'Path within the volume from which the container\'s volume should be mounted. Defaults to "" (volume\'s root).'],
      subPathExpr: ['string', 'Expanded path within the volume from which the container\'s volume should be mounted.'],
    },
  ],
  VolumeMountStatus: [
    'VolumeMountStatus shows status of volume mounts.',
    {
      mountPath: ['string!', 'MountPath corresponds to the original VolumeMount.'],
      name: ['string!', 'Name corresponds to the name of the original VolumeMount.'],
      readOnly: ['boolean', 'ReadOnly corresponds to the original VolumeMount.'],
      recursiveReadOnly: ['string', 'RecursiveReadOnly must be set to Disabled, Enabled, or unspecified (for non-readonly mounts).'],
    },
  ],
  VolumeProjection: [
    'Projection that may be projected along with other supported volume types',
    {
      clusterTrustBundle: ['ClusterTrustBundleProjection', 'ClusterTrustBundle allows a pod to access the `.spec.trustBundle` field of ClusterTrustBundle objects in an auto-updating file.'],
      configMap: ['ConfigMapProjection', 'configMap information about the configMap data to project'],
      downwardAPI: ['DownwardAPIProjection', 'downwardAPI information about the downwardAPI data to project'],
      secret: ['SecretProjection', 'secret information about the secret data to project'],
      serviceAccountToken: ['ServiceAccountTokenProjection', 'serviceAccountToken is information about the serviceAccountToken data to project'],
    },
  ],
  VolumeResourceRequirements: [
    'VolumeResourceRequirements describes the storage resource requirements for a volume.',
    {
      limits: ['{}quantity', 'Limits describes the maximum amount of compute resources allowed.'],
      requests: ['{}quantity', 'Requests describes the minimum amount of compute resources required.'],
    },
  ],
  VsphereVirtualDiskVolumeSource: [
    'Represents a vSphere volume resource.',
    {
      fsType: ['string', 'fsType is filesystem type to mount.'],
      storagePolicyID: ['string', 'storagePolicyID is the storage Policy Based Management (SPBM) profile ID associated with the StoragePolicyName.'],
      storagePolicyName: ['string', 'storagePolicyName is the storage Policy Based Management (SPBM) profile name.'],
      volumePath: ['string!', 'volumePath is the path that identifies vSphere volume vmdk'],
    },
  ],
  WatchEvent: [
    'Event represents a single event to a watched resource.',
    {
      object: ['rawext!', 'Object is:\n * If Type is Added or Modified: the new state of the object.'],
      type: ['string!'],
    },
  ],
  WeightedPodAffinityTerm: [
    'The weights of all of the matched WeightedPodAffinityTerm fields are added per-node to find the most preferred node(s)',
    {
      podAffinityTerm: ['PodAffinityTerm!', 'Required.'],
      weight: ['int32!', 'weight associated with matching the corresponding podAffinityTerm, in the range 1-100.'],
    },
  ],
  WindowsSecurityContextOptions: [
    'WindowsSecurityContextOptions contain Windows-specific options and credentials.',
    {
      gmsaCredentialSpec: ['string', 'GMSACredentialSpec is where the GMSA admission webhook (https://github.com/kubernetes-sigs/windows-gmsa) inlines the contents of the GMSA credential spec named by the GMSACredentialSpecName field.'],
      gmsaCredentialSpecName: ['string', 'GMSACredentialSpecName is the name of the GMSA credential spec to use.'],
      hostProcess: ['boolean', 'HostProcess determines if a container should be run as a \'Host Process\' container.'],
      runAsUserName: ['string', 'The UserName in Windows to run the entrypoint of the container process.'],
    },
  ],
};
