import '@vscode/codicons/dist/codicon.css';
import '../common/theme.css';
import './review.css';
import { createRoot } from 'react-dom/client';
import { ReviewApp } from './ReviewApp';

const root = document.getElementById('root');
if (root) createRoot(root).render(<ReviewApp />);
