import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './app-shell';
import './styles.css';
import './styles-adaptive.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
