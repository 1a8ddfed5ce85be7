/**
 * A file-system error (errno code and path) as one line for the user: which file, what went wrong, what to do.
 * Undefined for anything else, which then stays an unexpected error (a bug) at the CLI edge.
 */
export function fileErrorMessage(error: unknown, file?: string): string | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  // Some fs calls (readFile on a folder) leave `path` out; the caller then says which file it was reading.
  const path = typeof e?.path === 'string' ? e.path : file;
  if (!(e instanceof Error) || typeof e.code !== 'string' || path === undefined) return undefined;
  const reasons: Record<string, string> = {
    ENOENT: `${path} does not exist. Check the path.`,
    EACCES: `permission denied on ${path}. Check its permissions and those of its folder.`,
    EPERM: `the operation is not permitted on ${path}. Check its permissions and those of its folder.`,
    EROFS: `${path} is on a read-only file system. Choose a path on a writable disk.`,
    EISDIR: `${path} is a folder, not a file. Give a file path.`,
    ENOTDIR: `a part of the path ${path} is a file, not a folder. Check the path.`,
    EEXIST: `${path} already exists where a folder was needed. Check the path.`,
    ENOSPC: `the disk is full (${path}). Free some space and try again.`,
    EDQUOT: `the disk quota is exceeded (${path}). Free some space and try again.`,
    ENAMETOOLONG: `the path ${path} is too long.`,
    ELOOP: `the path ${path} has a symbolic link loop.`,
    EMFILE: `too many open files (at ${path}). Close other programs or raise the limit (ulimit -n).`,
  };
  const reason = reasons[e.code];
  return reason === undefined ? undefined : `cannot ${e.syscall ?? 'use'} ${path}: ${reason}`;
}
