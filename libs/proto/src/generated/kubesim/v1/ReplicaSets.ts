// Original file: proto/kubesim/v1/api.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateRequest as _kubesim_v1_CreateRequest, CreateRequest__Output as _kubesim_v1_CreateRequest__Output } from '../../kubesim/v1/CreateRequest.js';
import type { DeleteCollectionRequest as _kubesim_v1_DeleteCollectionRequest, DeleteCollectionRequest__Output as _kubesim_v1_DeleteCollectionRequest__Output } from '../../kubesim/v1/DeleteCollectionRequest.js';
import type { DeleteRequest as _kubesim_v1_DeleteRequest, DeleteRequest__Output as _kubesim_v1_DeleteRequest__Output } from '../../kubesim/v1/DeleteRequest.js';
import type { DeleteResponse as _kubesim_v1_DeleteResponse, DeleteResponse__Output as _kubesim_v1_DeleteResponse__Output } from '../../kubesim/v1/DeleteResponse.js';
import type { GetRequest as _kubesim_v1_GetRequest, GetRequest__Output as _kubesim_v1_GetRequest__Output } from '../../kubesim/v1/GetRequest.js';
import type { ListRequest as _kubesim_v1_ListRequest, ListRequest__Output as _kubesim_v1_ListRequest__Output } from '../../kubesim/v1/ListRequest.js';
import type { PatchRequest as _kubesim_v1_PatchRequest, PatchRequest__Output as _kubesim_v1_PatchRequest__Output } from '../../kubesim/v1/PatchRequest.js';
import type { PatchScaleRequest as _kubesim_v1_PatchScaleRequest, PatchScaleRequest__Output as _kubesim_v1_PatchScaleRequest__Output } from '../../kubesim/v1/PatchScaleRequest.js';
import type { RawObject as _kubesim_v1_RawObject, RawObject__Output as _kubesim_v1_RawObject__Output } from '../../kubesim/v1/RawObject.js';
import type { ScaleRequest as _kubesim_v1_ScaleRequest, ScaleRequest__Output as _kubesim_v1_ScaleRequest__Output } from '../../kubesim/v1/ScaleRequest.js';
import type { UpdateRequest as _kubesim_v1_UpdateRequest, UpdateRequest__Output as _kubesim_v1_UpdateRequest__Output } from '../../kubesim/v1/UpdateRequest.js';
import type { UpdateScaleRequest as _kubesim_v1_UpdateScaleRequest, UpdateScaleRequest__Output as _kubesim_v1_UpdateScaleRequest__Output } from '../../kubesim/v1/UpdateScaleRequest.js';
import type { WatchEvent as _kubesim_v1_WatchEvent, WatchEvent__Output as _kubesim_v1_WatchEvent__Output } from '../../kubesim/v1/WatchEvent.js';
import type { WatchRequest as _kubesim_v1_WatchRequest, WatchRequest__Output as _kubesim_v1_WatchRequest__Output } from '../../kubesim/v1/WatchRequest.js';

export interface ReplicaSetsClient extends grpc.Client {
  Create(argument: _kubesim_v1_CreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  Create(argument: _kubesim_v1_CreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  Create(argument: _kubesim_v1_CreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  Create(argument: _kubesim_v1_CreateRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  create(argument: _kubesim_v1_CreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  create(argument: _kubesim_v1_CreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  create(argument: _kubesim_v1_CreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  create(argument: _kubesim_v1_CreateRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  
  Delete(argument: _kubesim_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _kubesim_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _kubesim_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _kubesim_v1_DeleteRequest, callback: grpc.requestCallback<_kubesim_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _kubesim_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _kubesim_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _kubesim_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _kubesim_v1_DeleteRequest, callback: grpc.requestCallback<_kubesim_v1_DeleteResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteCollection(argument: _kubesim_v1_DeleteCollectionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  DeleteCollection(argument: _kubesim_v1_DeleteCollectionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  DeleteCollection(argument: _kubesim_v1_DeleteCollectionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  DeleteCollection(argument: _kubesim_v1_DeleteCollectionRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  deleteCollection(argument: _kubesim_v1_DeleteCollectionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  deleteCollection(argument: _kubesim_v1_DeleteCollectionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  deleteCollection(argument: _kubesim_v1_DeleteCollectionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  deleteCollection(argument: _kubesim_v1_DeleteCollectionRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  
  Get(argument: _kubesim_v1_GetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  Get(argument: _kubesim_v1_GetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  Get(argument: _kubesim_v1_GetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  Get(argument: _kubesim_v1_GetRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  get(argument: _kubesim_v1_GetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  get(argument: _kubesim_v1_GetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  get(argument: _kubesim_v1_GetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  get(argument: _kubesim_v1_GetRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  
  GetScale(argument: _kubesim_v1_ScaleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  GetScale(argument: _kubesim_v1_ScaleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  GetScale(argument: _kubesim_v1_ScaleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  GetScale(argument: _kubesim_v1_ScaleRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  getScale(argument: _kubesim_v1_ScaleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  getScale(argument: _kubesim_v1_ScaleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  getScale(argument: _kubesim_v1_ScaleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  getScale(argument: _kubesim_v1_ScaleRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  
  List(argument: _kubesim_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  List(argument: _kubesim_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  List(argument: _kubesim_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  List(argument: _kubesim_v1_ListRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  list(argument: _kubesim_v1_ListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  list(argument: _kubesim_v1_ListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  list(argument: _kubesim_v1_ListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  list(argument: _kubesim_v1_ListRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  
  Patch(argument: _kubesim_v1_PatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  Patch(argument: _kubesim_v1_PatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  Patch(argument: _kubesim_v1_PatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  Patch(argument: _kubesim_v1_PatchRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  patch(argument: _kubesim_v1_PatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  patch(argument: _kubesim_v1_PatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  patch(argument: _kubesim_v1_PatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  patch(argument: _kubesim_v1_PatchRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  
  PatchScale(argument: _kubesim_v1_PatchScaleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  PatchScale(argument: _kubesim_v1_PatchScaleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  PatchScale(argument: _kubesim_v1_PatchScaleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  PatchScale(argument: _kubesim_v1_PatchScaleRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  patchScale(argument: _kubesim_v1_PatchScaleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  patchScale(argument: _kubesim_v1_PatchScaleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  patchScale(argument: _kubesim_v1_PatchScaleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  patchScale(argument: _kubesim_v1_PatchScaleRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  
  PatchStatus(argument: _kubesim_v1_PatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  PatchStatus(argument: _kubesim_v1_PatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  PatchStatus(argument: _kubesim_v1_PatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  PatchStatus(argument: _kubesim_v1_PatchRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  patchStatus(argument: _kubesim_v1_PatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  patchStatus(argument: _kubesim_v1_PatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  patchStatus(argument: _kubesim_v1_PatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  patchStatus(argument: _kubesim_v1_PatchRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  
  Update(argument: _kubesim_v1_UpdateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  Update(argument: _kubesim_v1_UpdateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  Update(argument: _kubesim_v1_UpdateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  Update(argument: _kubesim_v1_UpdateRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  update(argument: _kubesim_v1_UpdateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  update(argument: _kubesim_v1_UpdateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  update(argument: _kubesim_v1_UpdateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  update(argument: _kubesim_v1_UpdateRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  
  UpdateScale(argument: _kubesim_v1_UpdateScaleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  UpdateScale(argument: _kubesim_v1_UpdateScaleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  UpdateScale(argument: _kubesim_v1_UpdateScaleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  UpdateScale(argument: _kubesim_v1_UpdateScaleRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  updateScale(argument: _kubesim_v1_UpdateScaleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  updateScale(argument: _kubesim_v1_UpdateScaleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  updateScale(argument: _kubesim_v1_UpdateScaleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  updateScale(argument: _kubesim_v1_UpdateScaleRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  
  UpdateStatus(argument: _kubesim_v1_UpdateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  UpdateStatus(argument: _kubesim_v1_UpdateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  UpdateStatus(argument: _kubesim_v1_UpdateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  UpdateStatus(argument: _kubesim_v1_UpdateRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  updateStatus(argument: _kubesim_v1_UpdateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  updateStatus(argument: _kubesim_v1_UpdateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  updateStatus(argument: _kubesim_v1_UpdateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  updateStatus(argument: _kubesim_v1_UpdateRequest, callback: grpc.requestCallback<_kubesim_v1_RawObject__Output>): grpc.ClientUnaryCall;
  
  Watch(argument: _kubesim_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kubesim_v1_WatchEvent__Output>;
  Watch(argument: _kubesim_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kubesim_v1_WatchEvent__Output>;
  watch(argument: _kubesim_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kubesim_v1_WatchEvent__Output>;
  watch(argument: _kubesim_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kubesim_v1_WatchEvent__Output>;
  
}

export interface ReplicaSetsHandlers extends grpc.UntypedServiceImplementation {
  Create: grpc.handleUnaryCall<_kubesim_v1_CreateRequest__Output, _kubesim_v1_RawObject>;
  
  Delete: grpc.handleUnaryCall<_kubesim_v1_DeleteRequest__Output, _kubesim_v1_DeleteResponse>;
  
  DeleteCollection: grpc.handleUnaryCall<_kubesim_v1_DeleteCollectionRequest__Output, _kubesim_v1_RawObject>;
  
  Get: grpc.handleUnaryCall<_kubesim_v1_GetRequest__Output, _kubesim_v1_RawObject>;
  
  GetScale: grpc.handleUnaryCall<_kubesim_v1_ScaleRequest__Output, _kubesim_v1_RawObject>;
  
  List: grpc.handleUnaryCall<_kubesim_v1_ListRequest__Output, _kubesim_v1_RawObject>;
  
  Patch: grpc.handleUnaryCall<_kubesim_v1_PatchRequest__Output, _kubesim_v1_RawObject>;
  
  PatchScale: grpc.handleUnaryCall<_kubesim_v1_PatchScaleRequest__Output, _kubesim_v1_RawObject>;
  
  PatchStatus: grpc.handleUnaryCall<_kubesim_v1_PatchRequest__Output, _kubesim_v1_RawObject>;
  
  Update: grpc.handleUnaryCall<_kubesim_v1_UpdateRequest__Output, _kubesim_v1_RawObject>;
  
  UpdateScale: grpc.handleUnaryCall<_kubesim_v1_UpdateScaleRequest__Output, _kubesim_v1_RawObject>;
  
  UpdateStatus: grpc.handleUnaryCall<_kubesim_v1_UpdateRequest__Output, _kubesim_v1_RawObject>;
  
  Watch: grpc.handleServerStreamingCall<_kubesim_v1_WatchRequest__Output, _kubesim_v1_WatchEvent>;
  
}

export interface ReplicaSetsDefinition extends grpc.ServiceDefinition {
  Create: MethodDefinition<_kubesim_v1_CreateRequest, _kubesim_v1_RawObject, _kubesim_v1_CreateRequest__Output, _kubesim_v1_RawObject__Output>
  Delete: MethodDefinition<_kubesim_v1_DeleteRequest, _kubesim_v1_DeleteResponse, _kubesim_v1_DeleteRequest__Output, _kubesim_v1_DeleteResponse__Output>
  DeleteCollection: MethodDefinition<_kubesim_v1_DeleteCollectionRequest, _kubesim_v1_RawObject, _kubesim_v1_DeleteCollectionRequest__Output, _kubesim_v1_RawObject__Output>
  Get: MethodDefinition<_kubesim_v1_GetRequest, _kubesim_v1_RawObject, _kubesim_v1_GetRequest__Output, _kubesim_v1_RawObject__Output>
  GetScale: MethodDefinition<_kubesim_v1_ScaleRequest, _kubesim_v1_RawObject, _kubesim_v1_ScaleRequest__Output, _kubesim_v1_RawObject__Output>
  List: MethodDefinition<_kubesim_v1_ListRequest, _kubesim_v1_RawObject, _kubesim_v1_ListRequest__Output, _kubesim_v1_RawObject__Output>
  Patch: MethodDefinition<_kubesim_v1_PatchRequest, _kubesim_v1_RawObject, _kubesim_v1_PatchRequest__Output, _kubesim_v1_RawObject__Output>
  PatchScale: MethodDefinition<_kubesim_v1_PatchScaleRequest, _kubesim_v1_RawObject, _kubesim_v1_PatchScaleRequest__Output, _kubesim_v1_RawObject__Output>
  PatchStatus: MethodDefinition<_kubesim_v1_PatchRequest, _kubesim_v1_RawObject, _kubesim_v1_PatchRequest__Output, _kubesim_v1_RawObject__Output>
  Update: MethodDefinition<_kubesim_v1_UpdateRequest, _kubesim_v1_RawObject, _kubesim_v1_UpdateRequest__Output, _kubesim_v1_RawObject__Output>
  UpdateScale: MethodDefinition<_kubesim_v1_UpdateScaleRequest, _kubesim_v1_RawObject, _kubesim_v1_UpdateScaleRequest__Output, _kubesim_v1_RawObject__Output>
  UpdateStatus: MethodDefinition<_kubesim_v1_UpdateRequest, _kubesim_v1_RawObject, _kubesim_v1_UpdateRequest__Output, _kubesim_v1_RawObject__Output>
  Watch: MethodDefinition<_kubesim_v1_WatchRequest, _kubesim_v1_WatchEvent, _kubesim_v1_WatchRequest__Output, _kubesim_v1_WatchEvent__Output>
}
