// Original file: proto/kubesim/v1/api.proto

import type { Long } from '@grpc/proto-loader';

export interface ListOptions {
  'labelSelector'?: (string);
  'fieldSelector'?: (string);
  'limit'?: (number | string | Long);
  'continue'?: (string);
  'resourceVersion'?: (string);
  'resourceVersionMatch'?: (string);
  'allowWatchBookmarks'?: (boolean);
  'timeoutSeconds'?: (number | string | Long);
  'sendInitialEvents'?: (boolean);
}

export interface ListOptions__Output {
  'labelSelector': (string);
  'fieldSelector': (string);
  'limit': (number);
  'continue': (string);
  'resourceVersion': (string);
  'resourceVersionMatch': (string);
  'allowWatchBookmarks': (boolean);
  'timeoutSeconds': (number);
  'sendInitialEvents': (boolean);
}
