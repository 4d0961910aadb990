// Original file: proto/kubesim/v1/kubelet.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { LogChunk as _kubesim_v1_LogChunk, LogChunk__Output as _kubesim_v1_LogChunk__Output } from '../../kubesim/v1/LogChunk.js';
import type { LogRequest as _kubesim_v1_LogRequest, LogRequest__Output as _kubesim_v1_LogRequest__Output } from '../../kubesim/v1/LogRequest.js';

export interface KubeletClient extends grpc.Client {
  ContainerLogs(argument: _kubesim_v1_LogRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kubesim_v1_LogChunk__Output>;
  ContainerLogs(argument: _kubesim_v1_LogRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kubesim_v1_LogChunk__Output>;
  containerLogs(argument: _kubesim_v1_LogRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_kubesim_v1_LogChunk__Output>;
  containerLogs(argument: _kubesim_v1_LogRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_kubesim_v1_LogChunk__Output>;
  
}

export interface KubeletHandlers extends grpc.UntypedServiceImplementation {
  ContainerLogs: grpc.handleServerStreamingCall<_kubesim_v1_LogRequest__Output, _kubesim_v1_LogChunk>;
  
}

export interface KubeletDefinition extends grpc.ServiceDefinition {
  ContainerLogs: MethodDefinition<_kubesim_v1_LogRequest, _kubesim_v1_LogChunk, _kubesim_v1_LogRequest__Output, _kubesim_v1_LogChunk__Output>
}
