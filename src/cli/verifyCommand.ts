import type { VerifyArgs } from './args';
import { EXIT } from './exitCodes';
import { loadInputs } from './loadInputs';
import { loadWorkspaceBlocks } from './workspaceBlocks';
import { loadSettings } from './workspaceSettings';

/** `datagenflow verify`: prints every problem of the pipeline and the seeds; exit 0 when there is no error. */
export async function verifyCommand(args: VerifyArgs, out: NodeJS.WriteStream): Promise<number> {
  // With the workspace's custom blocks, so pipelines using them verify; the ones that do not load are warnings.
  const settings = await loadSettings(args.workspace);
  const blocks = loadWorkspaceBlocks(args.workspace, settings);
  for (const warning of blocks.warnings) out.write(`${warning}\n`);
  const inputs = await loadInputs(args.pipeline, args.seeds, blocks.registry, settings);
  for (const line of inputs.lines) out.write(`${line}\n`);
  if (inputs.ok) {
    out.write(`${args.seeds}: ${inputs.seeds.length} seed(s) OK for ${args.pipeline}${inputs.lines.length ? ' (with warnings)' : ''}\n`);
    return EXIT.ok;
  }
  return EXIT.couldNotRun;
}
