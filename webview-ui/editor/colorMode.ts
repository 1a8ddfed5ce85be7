import { useEffect, useState } from 'react';

type Mode = 'light' | 'dark';

/** VS Code puts the theme kind on <body> (vscode-light, vscode-dark, vscode-high-contrast[-light]). */
function readMode(): Mode {
  const c = document.body.classList;
  return c.contains('vscode-light') || c.contains('vscode-high-contrast-light') ? 'light' : 'dark';
}

/** React Flow's colorMode, following theme switches while the editor is open. */
export function useColorMode(): Mode {
  const [mode, setMode] = useState(readMode);
  useEffect(() => {
    const observer = new MutationObserver(() => setMode(readMode()));
    observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
    return () => observer.disconnect();
  }, []);
  return mode;
}
