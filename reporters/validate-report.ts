// Checks a parsed compliance.json against reporters/compliance.schema.json (Ajv, with date-time formats). Used by the
// report merger on its inputs and by the tests on every report written. Pure.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import schema from './compliance.schema.json' with { type: 'json' };
import { COMPLIANCE_SCHEMA_VERSION } from './report-model.ts';

// ajv-formats is CommonJS with a default export; under NodeNext its namespace may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

let validator: ValidateFunction | undefined;

/** Problems with a parsed report, one sentence each (empty when valid). */
export function reportProblems(value: unknown): string[] {
  if (typeof value === 'object' && value !== null && 'schemaVersion' in value && value.schemaVersion !== COMPLIANCE_SCHEMA_VERSION) {
    return [`unsupported schemaVersion ${JSON.stringify(value.schemaVersion)} (this tool reads version ${COMPLIANCE_SCHEMA_VERSION})`];
  }
  validator ??= addFormats(new Ajv({ allErrors: true, strict: true, allowUnionTypes: true })).compile(schema);
  if (validator(value)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}${e.keyword === 'additionalProperties' ? ` '${String((e.params as { additionalProperty?: string }).additionalProperty)}'` : ''}`);
}
