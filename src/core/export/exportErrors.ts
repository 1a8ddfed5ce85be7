import { DgfError } from '../errors';

/** The pipeline's `exports` mapping for a format is malformed (not a record's fault): nothing was written. */
export class ExportMappingError extends DgfError {
  constructor(message: string) {
    super('export-mapping', message);
  }
}
