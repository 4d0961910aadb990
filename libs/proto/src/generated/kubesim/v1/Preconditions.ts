// Original file: proto/kubesim/v1/api.proto


export interface Preconditions {
  'uid'?: (string);
  'resourceVersion'?: (string);
  '_uid'?: "uid";
  '_resourceVersion'?: "resourceVersion";
}

export interface Preconditions__Output {
  'uid'?: (string);
  'resourceVersion'?: (string);
  '_uid'?: "uid";
  '_resourceVersion'?: "resourceVersion";
}
