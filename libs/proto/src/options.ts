import type { ServerOptions } from '@grpc/grpc-js';

/**
 * Options every kubesim gRPC server starts with. No channelz: nothing reads it, and it costs
 * trackers, closures and time stamps on every call.
 */
export const GRPC_SERVER_OPTIONS: Readonly<ServerOptions> = { 'grpc.enable_channelz': 0 };
