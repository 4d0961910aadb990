// Original file: proto/kubesim/v1/api.proto


export interface ScaleRequest {
  'namespace'?: (string);
  'name'?: (string);
}

export interface ScaleRequest__Output {
  'namespace': (string);
  'name': (string);
}
