/**
 * Kubernetes' cachingObject: an object that many watchers receive (the watch cache shares one object
 * per event) is serialized once, keyed weakly by the object, which must never change afterwards.
 */
const serialized = new WeakMap<object, Buffer>();

/** The UTF-8 bytes of JSON.stringify(obj), computed once per object; callers must not write to them. */
export function cachedJSONBytes(obj: object): Buffer {
  let b = serialized.get(obj);
  if (b === undefined) {
    b = Buffer.from(JSON.stringify(obj));
    serialized.set(obj, b);
  }
  return b;
}
