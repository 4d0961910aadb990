/**
 * @kubesim/discovery: what the apiserver tells clients about itself, as pure functions it serves
 * from its HTTP routes: `/version`, legacy and aggregated discovery (`/api`, `/apis`, `/api/v1`,
 * `/apis/<group>/<version>`), the OpenAPI v2 and v3 documents (`/openapi/v2`, `/openapi/v3/…`),
 * strict field validation (`fieldValidation=Strict|Warn`) and the decoding errors of request bodies
 * (`typeErrors`, reported whatever fieldValidation says), all derived from the resource
 * table and the Kubernetes v1.33 schemas (`schema/defs.ts`) of `@kubesim/api`.
 */
export { version, KUBERNETES_VERSION, type VersionInfo } from './version.js';
export {
  apiVersions,
  apiGroupList,
  apiGroup,
  apiResourceList,
  aggregatedDiscovery,
  negotiateDiscovery,
  discoveryContentType,
  storageVersionHash,
  type APIVersions,
  type APIGroup,
  type APIGroupDocument,
  type APIGroupList,
  type APIResource,
  type APIResourceList,
  type APIGroupDiscoveryList,
  type APIGroupDiscovery,
  type APIVersionDiscovery,
  type APIResourceDiscovery,
  type APISubresourceDiscovery,
  type DiscoveryVersion,
  type GroupVersionForDiscovery,
  type GroupVersionKindRef,
  type ServerAddressByClientCIDR,
} from './discovery.js';
export {
  openapiV2,
  openapiV2Document,
  openapiV3Root,
  openapiV3,
  openapiV3Body,
  type OpenAPIV3Document,
  type OpenAPIV3Root,
} from './openapi.js';
export {
  unknownFields,
  duplicateFields,
  strictDecodingErrors,
  strictDecodingMessage,
  typeErrors,
  decodeErrorMessage,
  warningHeader,
} from './validation.js';
export { schemaForKind, typeSchema, type TypeSchema, type FieldSchema, type Shape, type GroupVersionKind } from './schema/model.js';
