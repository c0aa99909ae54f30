// JSON as Foundation's JSONEncoder(.prettyPrinted) writes it: 2-space indent, `"Key" : value`
// (a space before the colon) and `/` escaped as `\/` (research note §1). Consumers must parse
// rather than compare strings, and this keeps us honest about that.

export type FoundationJson = string | number | boolean | null | FoundationJson[] | { [key: string]: FoundationJson };

function str(s: string): string {
  return JSON.stringify(s).replace(/\//g, '\\/');
}

export function foundationJson(value: FoundationJson, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[\n\n' + indent + ']';
    const inner = indent + '  ';
    return '[\n' + value.map((v) => inner + foundationJson(v, inner)).join(',\n') + '\n' + indent + ']';
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) return '{\n\n' + indent + '}';
    const inner = indent + '  ';
    return (
      '{\n' + keys.map((k) => `${inner}${str(k)} : ${foundationJson(value[k] as FoundationJson, inner)}`).join(',\n') + '\n' + indent + '}'
    );
  }
  if (typeof value === 'string') return str(value);
  return JSON.stringify(value);
}
