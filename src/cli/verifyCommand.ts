import { createBlockRegistry } from '../core/blocks/blockRegistry';
import type { VerifyArgs } from './args';
import { EXIT } from './exitCodes';
import { loadInputs } from './loadInputs';

/** `datagenflow verify`: prints every problem of the pipeline and the seeds; exit 0 when there is no error. */
export async function verifyCommand(args: VerifyArgs, out: NodeJS.WriteStream): Promise<number> {
  const inputs = await loadInputs(args.pipeline, args.seeds, createBlockRegistry());
  for (const line of inputs.lines) out.write(`${line}\n`);
  if (inputs.ok) {
    out.write(`${args.seeds}: ${inputs.seeds.length} seed(s) OK for ${args.pipeline}${inputs.lines.length ? ' (with warnings)' : ''}\n`);
    return EXIT.ok;
  }
  return EXIT.couldNotRun;
}
