// Original file: proto/kubesim/v1/api.proto


export interface GetRequest {
  'namespace'?: (string);
  'name'?: (string);
  'resourceVersion'?: (string);
}

export interface GetRequest__Output {
  'namespace': (string);
  'name': (string);
  'resourceVersion': (string);
}
