/**
 * A hand-written encoder for the part of gnostic's `openapi.v2.Document` protobuf
 * (github.com/google/gnostic-models openapiv2/OpenAPIv2.proto) that kubectl reads from
 * `/openapi/v2`: the paths, their operations' vendor extensions (`x-kubernetes-group-version-kind`)
 * and non-body parameters (`fieldValidation`), and `consumes` (the PATCH content types).
 * Definitions, descriptions, body parameters and responses are left out: kubectl 1.27/1.28
 * download this document for every create/apply/edit.
 */

type Json = Record<string, unknown>;

/** A protobuf message being written: fields appended in order, length-delimited on nesting. */
class Message {
  private readonly chunks: Buffer[] = [];

  private tag(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  private varint(n: number): void {
    const bytes: number[] = [];
    while (n > 0x7f) {
      bytes.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    bytes.push(n);
    this.chunks.push(Buffer.from(bytes));
  }

  /** Proto3 omits empty strings. */
  string(field: number, value: unknown): this {
    if (typeof value !== 'string' || value === '') return this;
    const b = Buffer.from(value, 'utf8');
    this.tag(field, 2);
    this.varint(b.length);
    this.chunks.push(b);
    return this;
  }

  strings(field: number, values: unknown): this {
    if (Array.isArray(values)) for (const v of values) this.string(field, v);
    return this;
  }

  bool(field: number, value: unknown): this {
    if (value !== true) return this;
    this.tag(field, 0);
    this.varint(1);
    return this;
  }

  message(field: number, build: (m: Message) => void): this {
    const m = new Message();
    build(m);
    const b = m.bytes();
    this.tag(field, 2);
    this.varint(b.length);
    this.chunks.push(b);
    return this;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** `NamedAny` vendor extensions: the value travels as YAML (JSON is YAML). */
function vendorExtensions(m: Message, field: number, obj: Json): void {
  for (const [name, value] of Object.entries(obj)) {
    if (!name.startsWith('x-')) continue;
    m.message(field, (named) => named.string(1, name).message(2, (any) => any.string(2, `${JSON.stringify(value)}\n`)));
  }
}

/** `ParametersItem` → `Parameter` → `NonBodyParameter` → query (3) or path (4) sub-schema. */
function parameter(m: Message, field: number, p: Json): void {
  if (p.in !== 'query' && p.in !== 'path') return;
  m.message(field, (item) =>
    item.message(1, (param) =>
      param.message(2, (nonBody) =>
        nonBody.message(p.in === 'query' ? 3 : 4, (sub) => {
          sub.bool(1, p.required).string(2, p.in).string(4, p.name);
          // QueryParameterSubSchema: type = 6, unique_items = 20; PathParameterSubSchema: 5, 19.
          if (p.in === 'query') sub.string(6, p.type).bool(20, p.uniqueItems);
          else sub.string(5, p.type).bool(19, p.uniqueItems);
        }),
      ),
    ),
  );
}

const OPERATION_FIELDS: Readonly<Record<string, number>> = { get: 2, put: 3, post: 4, delete: 5, patch: 8 };

function operation(m: Message, field: number, op: Json): void {
  m.message(field, (o) => {
    o.strings(1, op.tags).string(5, op.operationId).strings(6, op.produces).strings(7, op.consumes);
    for (const p of (op.parameters as Json[] | undefined) ?? []) parameter(o, 8, p);
    o.strings(10, op.schemes);
    vendorExtensions(o, 13, op);
  });
}

/** Encodes a swagger 2.0 JSON document (as `openapiV2Document` builds it) to protobuf. */
export function encodeOpenAPIV2Proto(doc: Json): Buffer {
  const root = new Message();
  root.string(1, doc.swagger);
  const info = doc.info as Json;
  root.message(2, (i) => i.string(1, info.title).string(2, info.version));
  root.message(8, (paths) => {
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      paths.message(2, (named) =>
        named.string(1, path).message(2, (pi) => {
          for (const [method, field] of Object.entries(OPERATION_FIELDS)) {
            if (item[method]) operation(pi, field, item[method] as Json);
          }
          for (const p of (item.parameters as Json[] | undefined) ?? []) parameter(pi, 9, p);
        }),
      );
    }
  });
  return root.bytes();
}
