/**
 * The apiserver's PATCH semantics: RFC 7386 merge patch, RFC 6902 JSON patch, Kubernetes'
 * strategic merge patch with per-kind schemas, and a simple server-side apply.
 */
export { jsonMergePatch } from './merge-patch.js';
export { jsonPatch, MAX_JSON_PATCH_OPERATIONS } from './json-patch.js';
export { strategicMergePatch, type FieldPatchMeta, type PatchSchema } from './strategic.js';
export { schemaForKind, hasSchemaForKind } from './schemas.js';
export { applyPatch, applyConfiguration, PatchType, type KindInfo } from './apply.js';
export { newPatchApplyError, type JsonValue } from './json.js';
