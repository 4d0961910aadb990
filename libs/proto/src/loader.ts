import { loadPackageDefinition, type GrpcObject, type MethodDefinition, type ServiceDefinition } from '@grpc/grpc-js';
import type { Options } from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProtoGrpcType as ApiProto } from './generated/api.js';
import type { ProtoGrpcType as KubeletProto } from './generated/kubelet.js';

/**
 * The options the contract's codecs use, as @grpc/proto-loader's `loadSync` takes them.
 * scripts/gen-proto.sh passes exactly these to proto-loader-gen-types, so the generated types
 * describe what the codecs really produce.
 */
export const LOADER_OPTIONS: Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** grpc-js' package definition (the type its `loadPackageDefinition` takes). */
export type PackageDefinition = Parameters<typeof loadPackageDefinition>[0];

/** The contract's files, relative to `protoDir()`. */
export const PROTO_FILES = ['kubesim/v1/api.proto', 'kubesim/v1/kubelet.proto'];

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

/** gRPC method names are PascalCase; clients and handlers also answer to the camelCase name. */
function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function serializer(type: protobuf.Type): (value: object) => Buffer {
  return (value) => {
    if (Array.isArray(value)) throw new Error(`Failed to serialize message: expected object with ${type.name} structure, got array instead`);
    return type.encode(type.fromObject(value)).finish() as Buffer;
  };
}

function deserializer(type: protobuf.Type): (buf: Buffer) => object {
  const opts = LOADER_OPTIONS as protobuf.IConversionOptions;
  return (buf) => type.toObject(type.decode(buf), opts);
}

/**
 * The services of the parsed contract as grpc-js service definitions: what @grpc/proto-loader's
 * `loadSync` makes of them (paths, streaming flags, codecs converting with LOADER_OPTIONS, camelCase
 * `originalName`), without the reflection descriptors it also builds for every message type. Those
 * (protobufjs' descriptor extension, a FileDescriptorProto per file) cost every process ~1 MB of
 * heap and nothing here reads them.
 */
export function packageDefinition(root: protobuf.Root): PackageDefinition {
  root.resolveAll();
  const def: PackageDefinition = {};
  const visit = (ns: protobuf.NamespaceBase, prefix: string) => {
    for (const obj of ns.nestedArray) {
      const name = prefix ? `${prefix}.${obj.name}` : obj.name;
      if (obj instanceof protobuf.Service) {
        const service: Record<string, MethodDefinition<object, object>> = {};
        for (const m of obj.methodsArray) {
          const req = m.resolvedRequestType!;
          const res = m.resolvedResponseType!;
          const method: MethodDefinition<object, object> = {
            path: `/${name}/${m.name}`,
            requestStream: !!m.requestStream,
            responseStream: !!m.responseStream,
            requestSerialize: serializer(req),
            requestDeserialize: deserializer(req),
            responseSerialize: serializer(res),
            responseDeserialize: deserializer(res),
            originalName: lowerFirst(m.name),
          };
          service[m.name] = method;
        }
        def[name] = service as ServiceDefinition;
      } else if (obj instanceof protobuf.Namespace && !(obj instanceof protobuf.Type)) {
        visit(obj, name);
      }
    }
  };
  visit(root, '');
  return def;
}

/**
 * Parses .proto files, their imports resolved against `dir`: by default the contract's (the only
 * place in the workspace that reads them); other services' (etcd's) with `dir`, `files` and
 * `keepCase` of their own.
 */
export function loadRoot(opts: { dir?: string; files?: string[]; keepCase?: boolean } = {}): protobuf.Root {
  const dir = opts.dir ?? protoDir();
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (target.startsWith('/') ? target : join(dir, target));
  root.loadSync(opts.files ?? PROTO_FILES, { keepCase: opts.keepCase ?? LOADER_OPTIONS.keepCase ?? false });
  return root;
}

let cached: (ApiProto & KubeletProto) | undefined;

/** Loads the contract once per process. */
export function loadProto(): ApiProto & KubeletProto {
  if (!cached) cached = loadPackageDefinition(packageDefinition(loadRoot())) as GrpcObject as unknown as ApiProto & KubeletProto;
  return cached;
}
