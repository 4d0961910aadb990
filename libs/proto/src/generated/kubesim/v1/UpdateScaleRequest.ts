// Original file: proto/kubesim/v1/api.proto


export interface UpdateScaleRequest {
  'namespace'?: (string);
  'name'?: (string);
  'scale'?: (Buffer | Uint8Array | string);
}

export interface UpdateScaleRequest__Output {
  'namespace': (string);
  'name': (string);
  'scale': (Buffer);
}
