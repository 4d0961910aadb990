/**
 * The schema model of the served kinds (`defs.ts` expanded into types, fields and shapes) lives in
 * @kubesim/api, whose validation and decoding need it too; discovery serves it as OpenAPI.
 */
import { schema } from '@kubesim/api';

export type FieldDef = schema.FieldDef;
export type TypeDef = schema.TypeDef;
export type GroupVersionKind = schema.GroupVersionKind;
export type Shape = schema.Shape;
export type FieldSchema = schema.FieldSchema;
export type TypeSchema = schema.TypeSchema;
export type WellKnown = schema.WellKnown;

export const { WELL_KNOWN, parseField, typeSchema, definitionId, schemaForKind, reachable } = schema;
