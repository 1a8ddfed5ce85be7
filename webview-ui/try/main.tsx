import '@vscode/codicons/dist/codicon.css';
import '../common/theme.css';
import './try.css';
import { createRoot } from 'react-dom/client';
import { TryApp } from './TryApp';
import { startTry } from './tryStore';

const root = document.getElementById('root');
if (root) createRoot(root).render(<TryApp />);
// The store listens from here on, before it says ready: nothing the host posts after the handshake is missed.
startTry();
