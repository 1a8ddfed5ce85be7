import '@vscode/codicons/dist/codicon.css';
import '../common/theme.css';
import './report.css';
import { createRoot } from 'react-dom/client';
import { ReportApp } from './ReportApp';
import { startReport } from './reportStore';

const root = document.getElementById('root');
if (root) createRoot(root).render(<ReportApp />);
// The store listens from here on, before it says ready: nothing the host posts after the handshake is missed.
startReport();
