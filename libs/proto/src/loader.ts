import { loadPackageDefinition, type GrpcObject } from '@grpc/grpc-js';
import { loadSync, type Options } from '@grpc/proto-loader';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProtoGrpcType as ApiProto } from './generated/api.js';
import type { ProtoGrpcType as KubeletProto } from './generated/kubelet.js';

/**
 * The options `loadSync` gets. scripts/gen-proto.sh passes exactly these to
 * proto-loader-gen-types, so the generated types describe what the loader really produces.
 */
export const LOADER_OPTIONS: Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** The `proto/` directory: beside the repository root in a checkout, or KUBESIM_PROTO_DIR. */
export function protoDir(): string {
  if (process.env['KUBESIM_PROTO_DIR']) return process.env['KUBESIM_PROTO_DIR'];
  // libs/proto/{src,dist}/loader.* -> repository root
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'proto', 'kubesim', 'v1', 'api.proto'))) return join(dir, 'proto');
    dir = dirname(dir);
  }
  throw new Error('kubesim: cannot find the proto/ directory; set KUBESIM_PROTO_DIR');
}

let cached: (ApiProto & KubeletProto) | undefined;

/** Loads the contract once per process. The only place in the workspace that reads .proto files. */
export function loadProto(): ApiProto & KubeletProto {
  if (!cached) {
    const def = loadSync(['kubesim/v1/api.proto', 'kubesim/v1/kubelet.proto'], {
      ...LOADER_OPTIONS,
      includeDirs: [protoDir()],
    });
    cached = loadPackageDefinition(def) as GrpcObject as unknown as ApiProto & KubeletProto;
  }
  return cached;
}
