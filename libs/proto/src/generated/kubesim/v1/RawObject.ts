// Original file: proto/kubesim/v1/api.proto


export interface RawObject {
  'object'?: (Buffer | Uint8Array | string);
}

export interface RawObject__Output {
  'object': (Buffer);
}
