// Checks an API response against the OpenAPI document the site serves: the schema of
// paths[template].get.responses[status] (resolved from components), with Ajv's JSON Schema
// 2020-12 dialect (the one OpenAPI 3.1 uses) and its string formats (date-time, uri…).
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

type Json = Record<string, any>;
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export function contractChecker(doc: Json) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const compiled = new Map<string, ValidateFunction>();
  return function check(template: string, status: number, body: unknown): void {
    const response = doc.paths?.[template]?.get?.responses?.[String(status)];
    if (!response) throw new Error(`The document has no ${status} answer for ${template}`);
    const ref: string | undefined = response.content?.['application/json']?.schema?.$ref;
    if (!ref) {
      if (body !== null && body !== undefined && body !== '') throw new Error(`${template} ${status}: the document says no body`);
      return;
    }
    const name = ref.replace('#/components/schemas/', '');
    let validate = compiled.get(name);
    if (!validate) {
      validate = ajv.compile(doc.components.schemas[name]);
      compiled.set(name, validate);
    }
    if (!validate(body)) throw new Error(`${template} ${status} does not match ${name}: ${ajv.errorsText(validate.errors)}`);
  };
}
