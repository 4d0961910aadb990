/**
 * @kubesim/printers: Kubernetes' server-side printing. `printTable` turns stored objects into the
 * `meta.k8s.io/v1` Table kubectl asks for (`Accept: application/json;as=Table;…`), with the exact
 * columns and cells of `pkg/printers/internalversion/printers.go`.
 */
export type {
  IncludeObjectPolicy,
  PartialObjectMetadata,
  Table,
  TableCell,
  TableColumnDefinition,
  TableRow,
  TableRowCondition,
} from './types.js';
export { printTable, columnDefinitions, tableHandlerFor, type PrintOptions, type TableHandler } from './table.js';
export {
  printPod,
  printReplicationController,
  printReplicaSet,
  printNode,
  printEvent,
  printNamespace,
  printLease,
  printService,
  printEndpoints,
  printDefault,
  formatEndpoints,
  findNodeRoles,
  layoutContainerCells,
  type PrintedRow,
} from './printers.js';
export { humanDuration, translateTimestampSince, formatRFC3339 } from './duration.js';
export { formatLabels, formatLabelSelector } from './labels.js';
