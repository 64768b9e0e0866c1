import type { ComplianceReport } from './report-model.ts';

/** reports/compliance.json: the model as is, 2-space indented, newline-terminated. */
export function renderJson(model: ComplianceReport): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}
