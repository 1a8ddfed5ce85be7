import { resolve } from 'node:path';
import { responseCacheDir } from '../core/cache/responseCache';
import { clearResponseCache, responseCacheSize } from '../core/cache/responseStore';
import type { CacheArgs } from './args';
import { EXIT } from './exitCodes';

/** `datagenflow cache info|clear`: the workspace's stored answers. */
export async function cacheCommand(args: CacheArgs, stdout: NodeJS.WriteStream): Promise<number> {
  const dir = responseCacheDir(resolve(args.workspace));
  const size = args.action === 'clear' ? await clearResponseCache(dir) : await responseCacheSize(dir);
  const what = `${size.answers} stored answer(s), ${(size.bytes / 1024 / 1024).toFixed(1)} MB`;
  stdout.write(args.action === 'clear' ? `Deleted ${what} from ${dir}\n` : `${what} in ${dir}\n`);
  return EXIT.ok;
}
