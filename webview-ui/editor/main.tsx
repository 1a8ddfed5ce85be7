import '@vscode/codicons/dist/codicon.css';
import '@xyflow/react/dist/style.css';
import '../common/theme.css';
import './editor.css';
import { createRoot } from 'react-dom/client';
import { client } from './editorClient';
import { EditorApp } from './EditorApp';

createRoot(document.getElementById('root')!).render(<EditorApp />);
// The store listens already (editorClient subscribes at import), so the host may post at once.
client.ready();
