// Child process for the lock tests: `probe <db>` opens the database, prints what it got and closes it;
// `hold <db>` opens it, prints the same and keeps the lock until its stdin closes.
import { openItems } from './itemsStore';

async function main(): Promise<void> {
  const [mode, path] = process.argv.slice(2);
  if ((mode !== 'probe' && mode !== 'hold') || !path) throw new Error('usage: openProbe.ts probe|hold <db>');
  const { database, readOnly, lockedBy, staleLock } = await openItems(path, { holder: `probe ${process.pid}` });
  process.stdout.write(`${JSON.stringify({ readOnly, lockedBy, staleLock })}\n`);
  if (mode === 'hold') {
    process.stdin.resume();
    await new Promise((resolve) => process.stdin.on('end', resolve));
  }
  await database.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
