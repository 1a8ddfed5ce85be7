import '@vscode/codicons/dist/codicon.css';
import '../common/theme.css';
import './review.css';
import { createRoot } from 'react-dom/client';
import { ReviewApp } from './ReviewApp';
import { startReview } from './reviewStore';

const root = document.getElementById('root');
if (root) createRoot(root).render(<ReviewApp />);
// The store listens from here on, before it says ready: nothing the host posts after the handshake is missed.
startReview();
