import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TryFiles } from './tryStore';

/** TryFiles in a folder on disk (the CLI, tests): written to a temporary file, then renamed. */
export function nodeTryFiles(folder: string): TryFiles {
  return {
    async read(name) {
      try {
        return await readFile(join(folder, name), 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async write(name, text) {
      await mkdir(folder, { recursive: true });
      const temp = join(folder, `${name}.tmp`);
      await writeFile(temp, text, 'utf8');
      await rename(temp, join(folder, name));
    },
  };
}
