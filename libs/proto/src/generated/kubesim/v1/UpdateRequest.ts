// Original file: proto/kubesim/v1/api.proto


export interface UpdateRequest {
  'namespace'?: (string);
  'name'?: (string);
  'object'?: (Buffer | Uint8Array | string);
  'dryRun'?: (boolean);
  'fieldManager'?: (string);
}

export interface UpdateRequest__Output {
  'namespace': (string);
  'name': (string);
  'object': (Buffer);
  'dryRun': (boolean);
  'fieldManager': (string);
}
