/**
 * Server-side printing: what the apiserver answers when kubectl asks for
 * `application/json;as=Table;v=v1;g=meta.k8s.io`. Mirrors `printers.HumanReadableGenerator.GenerateTable`
 * (always wide), `rest.defaultTableConvertor` for types without a printer, and the handlers'
 * `asTable`, which replaces each row's object according to `includeObject`.
 */
import { findResource, groupVersion, newBadRequest, StatusError } from '@kubesim/api';
import type {
  Endpoints,
  Event,
  KubeObject,
  Lease,
  ListMeta,
  Namespace,
  Node,
  Pod,
  ReplicaSet,
  ReplicationController,
  Service,
} from '@kubesim/api';
import {
  defaultColumns,
  endpointsColumns,
  eventColumns,
  leaseColumns,
  namespaceColumns,
  nodeColumns,
  podColumns,
  replicaSetColumns,
  replicationControllerColumns,
  serviceColumns,
} from './columns.js';
import {
  printDefault,
  printEndpoints,
  printEvent,
  printLease,
  printNamespace,
  printNode,
  printPod,
  printReplicaSet,
  printReplicationController,
  printService,
  type PrintedRow,
} from './printers.js';
import type { IncludeObjectPolicy, PartialObjectMetadata, Table, TableColumnDefinition, TableRow } from './types.js';

export interface PrintOptions {
  /** The clock every AGE / LAST SEEN / "(… ago)" cell is measured against. */
  now: Date;
  /** What each row's `object` holds; `Metadata` (kubectl's default, and the server's for ''). */
  includeObject?: IncludeObjectPolicy | '';
  /** Leave `columnDefinitions` empty (TableOptions.noHeaders). */
  noHeaders?: boolean;
  /**
   * The list's metadata, for a list response: copied into the Table's metadata. Without it the
   * objects are taken as a single GET or watch event, and a lone object's resourceVersion is used.
   */
  listMeta?: ListMeta;
  /** The Table's group version the client asked for: `meta.k8s.io/v1` (default) or `meta.k8s.io/v1beta1`. */
  apiVersion?: string;
}

/** A printer: column definitions plus one row per object. */
export interface TableHandler {
  columns: readonly TableColumnDefinition[];
  print(obj: KubeObject, now: Date): PrintedRow;
}

const HANDLERS: Record<string, TableHandler> = {
  pods: { columns: podColumns, print: (o, now) => printPod(o as Pod, now) },
  replicationcontrollers: {
    columns: replicationControllerColumns,
    print: (o, now) => printReplicationController(o as ReplicationController, now),
  },
  replicasets: { columns: replicaSetColumns, print: (o, now) => printReplicaSet(o as ReplicaSet, now) },
  nodes: { columns: nodeColumns, print: (o, now) => printNode(o as Node, now) },
  events: { columns: eventColumns, print: (o, now) => printEvent(o as Event, now) },
  namespaces: { columns: namespaceColumns, print: (o, now) => printNamespace(o as Namespace, now) },
  leases: { columns: leaseColumns, print: (o, now) => printLease(o as Lease, now) },
  services: { columns: serviceColumns, print: (o, now) => printService(o as Service, now) },
  endpoints: { columns: endpointsColumns, print: (o, now) => printEndpoints(o as Endpoints, now) },
};

const DEFAULT_HANDLER: TableHandler = { columns: defaultColumns, print: (o) => printDefault(o) };

const TABLE_GROUP_VERSIONS = new Set(['meta.k8s.io/v1', 'meta.k8s.io/v1beta1']);

/**
 * The printer for a resource named by plural, singular, short name or kind (`pods`, `po`, `Pod`;
 * `replicasets.apps` also works); the default NAME / CREATED AT convertor for anything else.
 */
export function tableHandlerFor(resource: string): TableHandler {
  const [name = '', ...groupParts] = resource.split('.');
  const info = findResource(name, groupParts.length > 0 ? groupParts.join('.') : undefined);
  return (info && HANDLERS[info.resource]) ?? DEFAULT_HANDLER;
}

/** A copy of the column definitions `printTable` sends for a resource. */
export function columnDefinitions(resource: string): TableColumnDefinition[] {
  return tableHandlerFor(resource).columns.map((c) => ({ ...c }));
}

function notAcceptable(message: string): StatusError {
  return new StatusError({
    apiVersion: 'v1',
    kind: 'Status',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'NotAcceptable',
    code: 406,
  });
}

function tableMetadata(objects: readonly KubeObject[], listMeta: ListMeta | undefined): ListMeta {
  const md: ListMeta = {};
  if (listMeta) {
    if (listMeta.resourceVersion) md.resourceVersion = listMeta.resourceVersion;
    if (listMeta.continue) md.continue = listMeta.continue;
    if (listMeta.remainingItemCount !== undefined && listMeta.remainingItemCount !== null) {
      md.remainingItemCount = listMeta.remainingItemCount;
    }
  } else if (objects.length === 1 && objects[0]!.metadata.resourceVersion) {
    md.resourceVersion = objects[0]!.metadata.resourceVersion;
  }
  return md;
}

/**
 * The `meta.k8s.io/v1` Table the apiserver returns for `objects` of `resource`: every column
 * (kubectl hides priority-1 ones without `-o wide`), one row per object in order. Each row's
 * `object` is, per `includeObject`, a PartialObjectMetadata (default), the full object with its
 * `kind`/`apiVersion` filled in, or absent. Throws a BadRequest StatusError for an unknown
 * `includeObject` and a NotAcceptable one for a Table group version other than meta.k8s.io/v1 or v1beta1.
 */
export function printTable(resource: string, objects: readonly KubeObject[], opts: PrintOptions): Table {
  const apiVersion = opts.apiVersion ?? 'meta.k8s.io/v1';
  if (!TABLE_GROUP_VERSIONS.has(apiVersion)) throw notAcceptable(`no Table exists in group version ${apiVersion}`);
  const includeObject = opts.includeObject || 'Metadata';
  if (includeObject !== 'None' && includeObject !== 'Metadata' && includeObject !== 'Object') {
    throw newBadRequest(`unrecognized includeObject value: "${String(includeObject)}"`);
  }

  const [name = '', ...groupParts] = resource.split('.');
  const info = findResource(name, groupParts.length > 0 ? groupParts.join('.') : undefined);
  const handler = tableHandlerFor(resource);

  const rows: TableRow[] = objects.map((obj) => {
    const printed = handler.print(obj, opts.now);
    const row: TableRow = { cells: printed.cells };
    if (printed.conditions) row.conditions = printed.conditions;
    if (includeObject === 'Metadata') {
      const partial: PartialObjectMetadata = {
        kind: 'PartialObjectMetadata',
        apiVersion,
        metadata: { ...obj.metadata },
      };
      row.object = partial;
    } else if (includeObject === 'Object') {
      // ConvertToVersion stamps the served kind and group version on the object.
      const { apiVersion: _av, kind: _k, ...rest } = obj;
      row.object = info
        ? { apiVersion: groupVersion(info), kind: info.kind, ...rest }
        : { ...(obj.apiVersion ? { apiVersion: obj.apiVersion } : {}), ...(obj.kind ? { kind: obj.kind } : {}), ...rest };
    }
    return row;
  });

  return {
    kind: 'Table',
    apiVersion,
    metadata: tableMetadata(objects, opts.listMeta),
    columnDefinitions: opts.noHeaders ? [] : handler.columns.map((c) => ({ ...c })),
    rows,
  };
}
