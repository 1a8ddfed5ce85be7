import { readdirSync, readFileSync } from 'node:fs';

/** CPU time (user + system, ms) of this process's main thread and of the others, by name (Linux only; empty elsewhere). */
export function threadCpuByName(): Map<string, number> {
  const out = new Map<string, number>();
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  for (const tid of tasks) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      // Fields after the name: state is [0], utime [11], stime [12].
      const ms = (Number(fields[11]) + Number(fields[12])) * tick;
      // Node names its threads "node" (V8's compiler and GC helpers, the libuv pool, worker threads) on Linux.
      const key = tid === String(process.pid) ? 'main' : name === 'node' ? 'other threads' : name;
      out.set(key, (out.get(key) ?? 0) + ms);
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/** What each thread name used between two readings (threads that ended meanwhile are lost, so read around a run). */
export function threadCpuSince(before: Map<string, number>): Map<string, number> {
  const now = threadCpuByName();
  return new Map([...now].map(([name, ms]) => [name, ms - (before.get(name) ?? 0)]));
}
