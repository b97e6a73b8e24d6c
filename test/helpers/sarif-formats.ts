// The string formats the SARIF 2.1.0 schema uses, for ajv (which knows none without ajv-formats).
import type { Ajv } from 'ajv';

export function addSarifFormats(ajv: Ajv): Ajv {
  ajv.addFormat('uri', (s: string) => {
    try {
      return new URL(s).protocol !== '';
    } catch {
      return false;
    }
  });
  // RFC 3986 URI reference: no spaces or characters that must be escaped, well-formed percent escapes.
  ajv.addFormat('uri-reference', (s: string) => /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/.test(s) && !/%(?![0-9A-Fa-f]{2})/.test(s));
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT/.test(s) && !Number.isNaN(Date.parse(s)));
  return ajv;
}
