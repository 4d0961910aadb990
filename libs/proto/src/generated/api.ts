import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { BindRequest as _kubesim_v1_BindRequest, BindRequest__Output as _kubesim_v1_BindRequest__Output } from './kubesim/v1/BindRequest.js';
import type { CreateRequest as _kubesim_v1_CreateRequest, CreateRequest__Output as _kubesim_v1_CreateRequest__Output } from './kubesim/v1/CreateRequest.js';
import type { DeleteCollectionRequest as _kubesim_v1_DeleteCollectionRequest, DeleteCollectionRequest__Output as _kubesim_v1_DeleteCollectionRequest__Output } from './kubesim/v1/DeleteCollectionRequest.js';
import type { DeleteRequest as _kubesim_v1_DeleteRequest, DeleteRequest__Output as _kubesim_v1_DeleteRequest__Output } from './kubesim/v1/DeleteRequest.js';
import type { DeleteResponse as _kubesim_v1_DeleteResponse, DeleteResponse__Output as _kubesim_v1_DeleteResponse__Output } from './kubesim/v1/DeleteResponse.js';
import type { Empty as _kubesim_v1_Empty, Empty__Output as _kubesim_v1_Empty__Output } from './kubesim/v1/Empty.js';
import type { EndpointsClient as _kubesim_v1_EndpointsClient, EndpointsDefinition as _kubesim_v1_EndpointsDefinition } from './kubesim/v1/Endpoints.js';
import type { EventsClient as _kubesim_v1_EventsClient, EventsDefinition as _kubesim_v1_EventsDefinition } from './kubesim/v1/Events.js';
import type { GetRequest as _kubesim_v1_GetRequest, GetRequest__Output as _kubesim_v1_GetRequest__Output } from './kubesim/v1/GetRequest.js';
import type { LeasesClient as _kubesim_v1_LeasesClient, LeasesDefinition as _kubesim_v1_LeasesDefinition } from './kubesim/v1/Leases.js';
import type { ListOptions as _kubesim_v1_ListOptions, ListOptions__Output as _kubesim_v1_ListOptions__Output } from './kubesim/v1/ListOptions.js';
import type { ListRequest as _kubesim_v1_ListRequest, ListRequest__Output as _kubesim_v1_ListRequest__Output } from './kubesim/v1/ListRequest.js';
import type { LogChunk as _kubesim_v1_LogChunk, LogChunk__Output as _kubesim_v1_LogChunk__Output } from './kubesim/v1/LogChunk.js';
import type { LogRequest as _kubesim_v1_LogRequest, LogRequest__Output as _kubesim_v1_LogRequest__Output } from './kubesim/v1/LogRequest.js';
import type { NamespacesClient as _kubesim_v1_NamespacesClient, NamespacesDefinition as _kubesim_v1_NamespacesDefinition } from './kubesim/v1/Namespaces.js';
import type { NodesClient as _kubesim_v1_NodesClient, NodesDefinition as _kubesim_v1_NodesDefinition } from './kubesim/v1/Nodes.js';
import type { PatchRequest as _kubesim_v1_PatchRequest, PatchRequest__Output as _kubesim_v1_PatchRequest__Output } from './kubesim/v1/PatchRequest.js';
import type { PatchScaleRequest as _kubesim_v1_PatchScaleRequest, PatchScaleRequest__Output as _kubesim_v1_PatchScaleRequest__Output } from './kubesim/v1/PatchScaleRequest.js';
import type { PodsClient as _kubesim_v1_PodsClient, PodsDefinition as _kubesim_v1_PodsDefinition } from './kubesim/v1/Pods.js';
import type { Preconditions as _kubesim_v1_Preconditions, Preconditions__Output as _kubesim_v1_Preconditions__Output } from './kubesim/v1/Preconditions.js';
import type { RawObject as _kubesim_v1_RawObject, RawObject__Output as _kubesim_v1_RawObject__Output } from './kubesim/v1/RawObject.js';
import type { ReplicaSetsClient as _kubesim_v1_ReplicaSetsClient, ReplicaSetsDefinition as _kubesim_v1_ReplicaSetsDefinition } from './kubesim/v1/ReplicaSets.js';
import type { ReplicationControllersClient as _kubesim_v1_ReplicationControllersClient, ReplicationControllersDefinition as _kubesim_v1_ReplicationControllersDefinition } from './kubesim/v1/ReplicationControllers.js';
import type { ScaleRequest as _kubesim_v1_ScaleRequest, ScaleRequest__Output as _kubesim_v1_ScaleRequest__Output } from './kubesim/v1/ScaleRequest.js';
import type { ServicesClient as _kubesim_v1_ServicesClient, ServicesDefinition as _kubesim_v1_ServicesDefinition } from './kubesim/v1/Services.js';
import type { UpdateRequest as _kubesim_v1_UpdateRequest, UpdateRequest__Output as _kubesim_v1_UpdateRequest__Output } from './kubesim/v1/UpdateRequest.js';
import type { UpdateScaleRequest as _kubesim_v1_UpdateScaleRequest, UpdateScaleRequest__Output as _kubesim_v1_UpdateScaleRequest__Output } from './kubesim/v1/UpdateScaleRequest.js';
import type { WatchEvent as _kubesim_v1_WatchEvent, WatchEvent__Output as _kubesim_v1_WatchEvent__Output } from './kubesim/v1/WatchEvent.js';
import type { WatchRequest as _kubesim_v1_WatchRequest, WatchRequest__Output as _kubesim_v1_WatchRequest__Output } from './kubesim/v1/WatchRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  kubesim: {
    v1: {
      BindRequest: MessageTypeDefinition<_kubesim_v1_BindRequest, _kubesim_v1_BindRequest__Output>
      CreateRequest: MessageTypeDefinition<_kubesim_v1_CreateRequest, _kubesim_v1_CreateRequest__Output>
      DeleteCollectionRequest: MessageTypeDefinition<_kubesim_v1_DeleteCollectionRequest, _kubesim_v1_DeleteCollectionRequest__Output>
      DeleteRequest: MessageTypeDefinition<_kubesim_v1_DeleteRequest, _kubesim_v1_DeleteRequest__Output>
      DeleteResponse: MessageTypeDefinition<_kubesim_v1_DeleteResponse, _kubesim_v1_DeleteResponse__Output>
      Empty: MessageTypeDefinition<_kubesim_v1_Empty, _kubesim_v1_Empty__Output>
      Endpoints: SubtypeConstructor<typeof grpc.Client, _kubesim_v1_EndpointsClient> & { service: _kubesim_v1_EndpointsDefinition }
      EventType: EnumTypeDefinition
      Events: SubtypeConstructor<typeof grpc.Client, _kubesim_v1_EventsClient> & { service: _kubesim_v1_EventsDefinition }
      GetRequest: MessageTypeDefinition<_kubesim_v1_GetRequest, _kubesim_v1_GetRequest__Output>
      Leases: SubtypeConstructor<typeof grpc.Client, _kubesim_v1_LeasesClient> & { service: _kubesim_v1_LeasesDefinition }
      ListOptions: MessageTypeDefinition<_kubesim_v1_ListOptions, _kubesim_v1_ListOptions__Output>
      ListRequest: MessageTypeDefinition<_kubesim_v1_ListRequest, _kubesim_v1_ListRequest__Output>
      LogChunk: MessageTypeDefinition<_kubesim_v1_LogChunk, _kubesim_v1_LogChunk__Output>
      LogRequest: MessageTypeDefinition<_kubesim_v1_LogRequest, _kubesim_v1_LogRequest__Output>
      Namespaces: SubtypeConstructor<typeof grpc.Client, _kubesim_v1_NamespacesClient> & { service: _kubesim_v1_NamespacesDefinition }
      Nodes: SubtypeConstructor<typeof grpc.Client, _kubesim_v1_NodesClient> & { service: _kubesim_v1_NodesDefinition }
      PatchRequest: MessageTypeDefinition<_kubesim_v1_PatchRequest, _kubesim_v1_PatchRequest__Output>
      PatchScaleRequest: MessageTypeDefinition<_kubesim_v1_PatchScaleRequest, _kubesim_v1_PatchScaleRequest__Output>
      PatchType: EnumTypeDefinition
      Pods: SubtypeConstructor<typeof grpc.Client, _kubesim_v1_PodsClient> & { service: _kubesim_v1_PodsDefinition }
      Preconditions: MessageTypeDefinition<_kubesim_v1_Preconditions, _kubesim_v1_Preconditions__Output>
      PropagationPolicy: EnumTypeDefinition
      RawObject: MessageTypeDefinition<_kubesim_v1_RawObject, _kubesim_v1_RawObject__Output>
      ReplicaSets: SubtypeConstructor<typeof grpc.Client, _kubesim_v1_ReplicaSetsClient> & { service: _kubesim_v1_ReplicaSetsDefinition }
      ReplicationControllers: SubtypeConstructor<typeof grpc.Client, _kubesim_v1_ReplicationControllersClient> & { service: _kubesim_v1_ReplicationControllersDefinition }
      ScaleRequest: MessageTypeDefinition<_kubesim_v1_ScaleRequest, _kubesim_v1_ScaleRequest__Output>
      Services: SubtypeConstructor<typeof grpc.Client, _kubesim_v1_ServicesClient> & { service: _kubesim_v1_ServicesDefinition }
      UpdateRequest: MessageTypeDefinition<_kubesim_v1_UpdateRequest, _kubesim_v1_UpdateRequest__Output>
      UpdateScaleRequest: MessageTypeDefinition<_kubesim_v1_UpdateScaleRequest, _kubesim_v1_UpdateScaleRequest__Output>
      WatchEvent: MessageTypeDefinition<_kubesim_v1_WatchEvent, _kubesim_v1_WatchEvent__Output>
      WatchRequest: MessageTypeDefinition<_kubesim_v1_WatchRequest, _kubesim_v1_WatchRequest__Output>
    }
  }
}

