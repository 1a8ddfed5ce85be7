// `code-server --install-extension <vsix>` into a run folder's profile: the same folders startCodeServer
// (test/integration/codeServerProcess.mjs) then serves, so the workbench loads the extension as users get it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** @returns {string} code-server's report ("Extension '…' was successfully installed."); throws when it fails. */
export function installVsix(entry, runDir, vsix) {
  const result = spawnSync(
    process.execPath,
    [entry, '--user-data-dir', join(runDir, 'user-data'), '--extensions-dir', join(runDir, 'extensions'), '--install-extension', vsix],
    {
      cwd: runDir,
      encoding: 'utf8',
      // Without these code-server writes its default config (with a password) under ~/.config, and asks a gallery.
      env: { ...process.env, EXTENSIONS_GALLERY: '{}', XDG_CONFIG_HOME: join(runDir, 'xdg-config'), XDG_DATA_HOME: join(runDir, 'xdg-data'), XDG_CACHE_HOME: join(runDir, 'xdg-cache') },
    },
  );
  const output = `${result.stdout}${result.stderr}`;
  const installed = output.split('\n').find((line) => /was successfully installed/.test(line));
  if (result.status !== 0 || !installed) throw new Error(`code-server --install-extension ${vsix} failed (exit ${result.status}):\n${output}`);
  return installed.trim();
}
