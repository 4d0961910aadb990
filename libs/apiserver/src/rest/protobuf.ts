import { newBadRequest, newUnsupportedMediaType, OBJECT_MEDIA_TYPES, type KubeObject } from '@kubesim/api';

/**
 * Kubernetes' protobuf wire format for request bodies: the magic `k8s\0`, then a runtime.Unknown
 * {typeMeta{apiVersion, kind}, raw, contentEncoding, contentType} whose `raw` is the object in the
 * generated.proto encoding. kubectl's typed generators (1.33 `kubectl create namespace`) send it.
 * kubesim decodes the kinds such generators create; responses are always JSON, which every client
 * that offers protobuf also accepts.
 */
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type Fields = Map<number, Array<Buffer | number>>;

/** Parses one message into field number → values (length-delimited as Buffer, varints as number). */
function fields(buf: Buffer): Fields {
  const out: Fields = new Map();
  let i = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (i >= buf.length) throw newBadRequest('protobuf: truncated varint');
      const b = buf[i++]!;
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
      if (shift > 63) throw newBadRequest('protobuf: varint overflow');
    }
  };
  while (i < buf.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    let value: Buffer | number;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const len = varint();
      if (i + len > buf.length) throw newBadRequest('protobuf: truncated field');
      value = buf.subarray(i, i + len);
      i += len;
    } else if (wire === 1) {
      i += 8;
      continue;
    } else if (wire === 5) {
      i += 4;
      continue;
    } else throw newBadRequest(`protobuf: unsupported wire type ${wire}`);
    const list = out.get(field) ?? [];
    list.push(value);
    out.set(field, list);
  }
  return out;
}

const str = (f: Fields, n: number): string | undefined => {
  const v = f.get(n)?.[0];
  return Buffer.isBuffer(v) ? v.toString('utf8') : undefined;
};

function stringMap(f: Fields, n: number): Record<string, string> | undefined {
  const entries = f.get(n);
  if (!entries?.length) return undefined;
  const out: Record<string, string> = {};
  for (const e of entries) {
    if (!Buffer.isBuffer(e)) continue;
    const kv = fields(e);
    out[str(kv, 1) ?? ''] = str(kv, 2) ?? '';
  }
  return out;
}

/** k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta: the fields a client sets on create. */
function objectMeta(buf: Buffer): KubeObject['metadata'] {
  const f = fields(buf);
  const meta: KubeObject['metadata'] = {};
  const name = str(f, 1);
  if (name) meta.name = name;
  const generateName = str(f, 2);
  if (generateName) meta.generateName = generateName;
  const namespace = str(f, 3);
  if (namespace) meta.namespace = namespace;
  const labels = stringMap(f, 11);
  if (labels) meta.labels = labels;
  const annotations = stringMap(f, 12);
  if (annotations) meta.annotations = annotations;
  const finalizers = f.get(14)?.filter(Buffer.isBuffer).map((b) => b.toString('utf8'));
  if (finalizers?.length) meta.finalizers = finalizers;
  return meta;
}

/** Decodes a protobuf request body into the object's JSON form; 415 for kinds kubesim cannot decode. */
export function decodeProtobufObject(body: Buffer): KubeObject {
  if (body.length < MAGIC.length || !body.subarray(0, 4).equals(MAGIC)) throw newBadRequest('protobuf: missing the k8s envelope prefix');
  const unknown = fields(body.subarray(4));
  const typeMeta = fields((unknown.get(1)?.[0] as Buffer | undefined) ?? Buffer.alloc(0));
  const apiVersion = str(typeMeta, 1) ?? '';
  const kind = str(typeMeta, 2) ?? '';
  const raw = (unknown.get(2)?.[0] as Buffer | undefined) ?? Buffer.alloc(0);
  const obj = fields(raw);
  const metaBuf = obj.get(1)?.[0];
  const metadata = Buffer.isBuffer(metaBuf) ? objectMeta(metaBuf) : {};
  if (apiVersion === 'v1' && kind === 'Namespace') return { apiVersion, kind, metadata };
  throw newUnsupportedMediaType(OBJECT_MEDIA_TYPES.filter((t) => t !== 'application/vnd.kubernetes.protobuf'));
}
