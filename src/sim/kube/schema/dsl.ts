// A small schema language for the built-in kinds: enough structure for strategic-merge patching
// (merge keys and strategies on lists, both on the server and in the OpenAPI documents kubectl
// computes its patches from) and for OpenAPI generation. Unknown fields are tolerated everywhere.
export type Schema =
  | { t: 'string'; format?: string }
  | { t: 'integer'; format?: 'int32' | 'int64' }
  | { t: 'number' }
  | { t: 'boolean' }
  | { t: 'object'; props: Record<string, Schema>; strategy?: string }
  | { t: 'map'; values: Schema }
  | { t: 'array'; items: Schema; mergeKey?: string; strategy?: string; listType?: 'atomic' | 'map' | 'set'; mapKeys?: string[] }
  | { t: 'ref'; name: string; strategy?: string }
  | { t: 'any' };

export const str: Schema = { t: 'string' };
export const int: Schema = { t: 'integer', format: 'int32' };
export const int64: Schema = { t: 'integer', format: 'int64' };
export const num: Schema = { t: 'number' };
export const bool: Schema = { t: 'boolean' };
export const any: Schema = { t: 'any' };
export const ref = (name: string, strategy?: string): Schema => ({ t: 'ref', name, ...(strategy ? { strategy } : {}) });
export const obj = (props: Record<string, Schema>, strategy?: string): Schema => ({
  t: 'object',
  props,
  ...(strategy ? { strategy } : {}),
});
export const mapOf = (values: Schema): Schema => ({ t: 'map', values });
export const strMap: Schema = mapOf(str);
/** A list replaced as a whole by a strategic merge patch. */
export const atomic = (items: Schema): Schema => ({ t: 'array', items, listType: 'atomic' });
/** A list of scalars merged as a set. */
export const set = (items: Schema = str): Schema => ({ t: 'array', items, strategy: 'merge', listType: 'set' });
/** A list of objects merged by a key field. */
export const keyed = (items: Schema, mergeKey: string, mapKeys: string[] = [mergeKey], strategy = 'merge'): Schema => ({
  t: 'array',
  items,
  mergeKey,
  strategy,
  listType: 'map',
  mapKeys,
});
