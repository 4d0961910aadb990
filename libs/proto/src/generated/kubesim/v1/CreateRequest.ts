// Original file: proto/kubesim/v1/api.proto


export interface CreateRequest {
  'namespace'?: (string);
  'object'?: (Buffer | Uint8Array | string);
  'dryRun'?: (boolean);
  'fieldManager'?: (string);
}

export interface CreateRequest__Output {
  'namespace': (string);
  'object': (Buffer);
  'dryRun': (boolean);
  'fieldManager': (string);
}
