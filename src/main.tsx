import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { applyTheme } from './ui/shell/theme';
import '@xyflow/react/dist/style.css';
import './app/app.css';

// The theme goes on <html> before the first paint, so a dark-room projector never flashes white.
applyTheme();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
