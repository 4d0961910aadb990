// Original file: proto/kubesim/v1/api.proto


export interface BindRequest {
  'namespace'?: (string);
  'name'?: (string);
  'binding'?: (Buffer | Uint8Array | string);
}

export interface BindRequest__Output {
  'namespace': (string);
  'name': (string);
  'binding': (Buffer);
}
