import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import { Root } from './app-shell';
import './styles.css';
import './styles-adaptive.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    {/* Until the reader's language has loaded (Russian loads on demand). */}
    <Suspense fallback={null}>
      <Root />
    </Suspense>
  </StrictMode>,
);
