/** meta.k8s.io/v1 Table and its parts, field for field as the apiserver serialises them. */
import type { KubeObject, ListMeta, ObjectMeta } from '@kubesim/api';

export interface TableColumnDefinition {
  /** Header text; kubectl upper-cases it (`Nominated Node` → `NOMINATED NODE`). */
  name: string;
  /** OpenAPI type: `string`, `integer`, `number`, `boolean`, `date`. */
  type: string;
  /** `name` marks the column kubectl prefixes with `kind/` for multi-type gets; otherwise ''. */
  format: string;
  description: string;
  /** 0: always shown; 1: shown only with `-o wide`. */
  priority: number;
}

export interface TableRowCondition {
  /** Only `Completed` is defined. */
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: string;
  metadata: ObjectMeta;
}

/** A cell is printed verbatim by kubectl: strings, or integers for `integer` columns. */
export type TableCell = string | number | boolean;

export interface TableRow {
  /** One cell per column definition (wide ones included), in the same order. */
  cells: TableCell[];
  conditions?: TableRowCondition[];
  /** Absent for includeObject=None. */
  object?: PartialObjectMetadata | KubeObject;
}

export interface Table {
  kind: 'Table';
  apiVersion: string;
  metadata: ListMeta;
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

export type IncludeObjectPolicy = 'None' | 'Metadata' | 'Object';
