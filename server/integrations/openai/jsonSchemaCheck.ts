// Just enough JSON Schema for the fake to hold both sides of OpenAI's strict Structured Outputs:
// the request's schema must be strict-compatible (OpenAI refuses it otherwise), and the responder's
// output must match it (OpenAI guarantees that, so a responder that breaks it is a bug in the test).

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** OpenAI's wording for a schema strict mode refuses, or undefined when it is acceptable. */
export function strictSchemaProblem(schema: unknown, context: string[] = []): string | undefined {
  if (!isSchema(schema)) return undefined;
  const where = `In context=(${context.map((part) => `'${part}'`).join(', ')})`;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('object') || isSchema(schema.properties)) {
    if (schema.additionalProperties !== false) {
      return `${where}, 'additionalProperties' is required to be supplied and to be false.`;
    }
    const keys = Object.keys(isSchema(schema.properties) ? schema.properties : {});
    const required = Array.isArray(schema.required) ? schema.required : undefined;
    if (!required || keys.some((key) => !required.includes(key))) {
      return `${where}, 'required' is required to be supplied and to be an array including every key in properties.`;
    }
  }
  for (const [keyword, child] of children(schema)) {
    const problem = strictSchemaProblem(child, [...context, ...keyword]);
    if (problem) return problem;
  }
  return undefined;
}

function children(schema: Schema): Array<[string[], unknown]> {
  const found: Array<[string[], unknown]> = [];
  for (const keyword of ['properties', '$defs', 'definitions']) {
    const map = schema[keyword];
    if (isSchema(map)) for (const [key, child] of Object.entries(map)) found.push([[keyword, key], child]);
  }
  if (isSchema(schema.items)) found.push([['items'], schema.items]);
  for (const keyword of ['anyOf', 'allOf']) {
    const list = schema[keyword];
    if (!Array.isArray(list)) continue;
    for (const [index, child] of list.entries()) found.push([[keyword, String(index)], child]);
  }
  return found;
}

/** Where `value` breaks `schema` (as `$.path: why`), or undefined when it matches. */
export function schemaMismatch(
  value: unknown,
  schema: unknown,
  root: unknown = schema,
  path = '$',
): string | undefined {
  if (!isSchema(schema)) return undefined;
  if (typeof schema.$ref === 'string')
    return schemaMismatch(value, resolveRef(root, schema.$ref), root, path);
  if (Array.isArray(schema.anyOf)) {
    const fits = schema.anyOf.some((branch) => schemaMismatch(value, branch, root, path) === undefined);
    if (!fits) return `${path}: matches none of anyOf`;
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((type) => hasType(value, type))) return `${path}: expected ${types.join(' or ')}`;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => option === value)) {
    return `${path}: not one of ${JSON.stringify(schema.enum)}`;
  }
  if ('const' in schema && schema.const !== value) return `${path}: expected ${JSON.stringify(schema.const)}`;
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum)
      return `${path}: below ${schema.minimum}`;
    if (typeof schema.maximum === 'number' && value > schema.maximum)
      return `${path}: above ${schema.maximum}`;
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    for (const [index, item] of value.entries()) {
      const problem = schemaMismatch(item, schema.items, root, `${path}[${index}]`);
      if (problem) return problem;
    }
  }
  if (isSchema(value)) return objectMismatch(value, schema, root, path);
  return undefined;
}

function objectMismatch(value: Schema, schema: Schema, root: unknown, path: string): string | undefined {
  const properties = isSchema(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  for (const key of required) if (!(key in value)) return `${path}.${String(key)}: required`;
  for (const [key, item] of Object.entries(value)) {
    if (key in properties) {
      const problem = schemaMismatch(item, properties[key], root, `${path}.${key}`);
      if (problem) return problem;
    } else if (schema.additionalProperties === false) {
      return `${path}.${key}: not allowed`;
    }
  }
  return undefined;
}

function hasType(value: unknown, type: unknown): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isSchema(value);
    case 'string':
    case 'boolean':
      return typeof value === type;
    default:
      return true;
  }
}

// Local refs only (`#/definitions/x`, `#/$defs/x`, `#`): what the SDK's zod helpers emit.
function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(part).replaceAll('~1', '/').replaceAll('~0', '~');
    node = isSchema(node) ? node[key] : undefined;
  }
  return node;
}
