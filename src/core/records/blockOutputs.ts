// A record's accumulated state minus its seed metadata: the part the export, the Review panel and the CLI's
// JSONL sink show as the record's output. Lives beside the record types so none of them imports the exporter.

/** Only what blocks produced: seed metadata keys and internal `_` keys removed. */
export function blockOutputs(state: Record<string, unknown>, metadata: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(state).filter(([k]) => !k.startsWith('_') && !Object.hasOwn(metadata, k)));
}
