/**
 * Go's encoding/json error text for a body that does not parse, which Kubernetes puts in its
 * decode errors: "unexpected end of JSON input" or "invalid character 'x' looking for beginning
 * of value". Derived from JSON.parse's error position.
 */
export function goJSONSyntaxError(text: string, err: Error): string {
  const m = /position (\d+)/.exec(err.message);
  const pos = m ? Number(m[1]) : -1;
  if (pos < 0 || pos >= text.trimEnd().length || /Unexpected end/i.test(err.message)) return 'unexpected end of JSON input';
  const ch = text[pos]!;
  const shown = ch === "'" ? "\\'" : ch;
  const before = text.slice(0, pos).trimEnd();
  const last = before[before.length - 1];
  if (last === '{' || last === ',') return `invalid character '${shown}' looking for beginning of object key string`;
  if (last === ':' || last === '[' || before === '') return `invalid character '${shown}' looking for beginning of value`;
  if (last === '"' && /"[^"]*"\s*$/.test(before) && /[{,]\s*"[^"]*"\s*$/.test(before)) return `invalid character '${shown}' after object key`;
  return `invalid character '${shown}' after object key:value pair`;
}

/** runtime.summarizeData: the first `max` bytes of the body, then " ...". */
export function summarizeData(text: string, max = 30): string {
  return text.length > max ? `${text.slice(0, max)} ...` : text;
}
