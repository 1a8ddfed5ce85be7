/**
 * A batch request's `custom_id`: the unit, the block and the call's place among the block's calls in that unit,
 * `s3.r1/answer/0`. Unit keys hold no `/`; a block id may, so it is what lies between the first and last `/`.
 */
export function customId(unitKey: string, blockId: string, call: number): string {
  return `${unitKey}/${blockId}/${call}`;
}

export function parseCustomId(id: string): { unitKey: string; blockId: string; call: number } | undefined {
  const first = id.indexOf('/');
  const last = id.lastIndexOf('/');
  if (first <= 0 || last <= first + 1) return undefined;
  const call = Number(id.slice(last + 1));
  if (!Number.isInteger(call) || call < 0) return undefined;
  return { unitKey: id.slice(0, first), blockId: id.slice(first + 1, last), call };
}
