// Original file: proto/kubesim/v1/api.proto

import type { Long } from '@grpc/proto-loader';

export interface LogRequest {
  'namespace'?: (string);
  'name'?: (string);
  'container'?: (string);
  'follow'?: (boolean);
  'previous'?: (boolean);
  'tailLines'?: (number | string | Long);
  'timestamps'?: (boolean);
  'sinceSeconds'?: (number | string | Long);
  'limitBytes'?: (number | string | Long);
  'sinceTime'?: (string);
  '_tailLines'?: "tailLines";
  '_sinceSeconds'?: "sinceSeconds";
  '_limitBytes'?: "limitBytes";
  '_sinceTime'?: "sinceTime";
}

export interface LogRequest__Output {
  'namespace': (string);
  'name': (string);
  'container': (string);
  'follow': (boolean);
  'previous': (boolean);
  'tailLines'?: (number);
  'timestamps': (boolean);
  'sinceSeconds'?: (number);
  'limitBytes'?: (number);
  'sinceTime'?: (string);
  '_tailLines'?: "tailLines";
  '_sinceSeconds'?: "sinceSeconds";
  '_limitBytes'?: "limitBytes";
  '_sinceTime'?: "sinceTime";
}
