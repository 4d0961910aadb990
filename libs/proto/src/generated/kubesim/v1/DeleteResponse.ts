// Original file: proto/kubesim/v1/api.proto


export interface DeleteResponse {
  'object'?: (Buffer | Uint8Array | string);
  'finished'?: (boolean);
}

export interface DeleteResponse__Output {
  'object': (Buffer);
  'finished': (boolean);
}
