import { StrictMode, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'urql';
import { CatalogPage } from './pages/catalog-page';
import { createUrqlClient } from './urql';
import './styles.css';

function App() {
  const client = useMemo(createUrqlClient, []);
  return (
    <Provider value={client}>
      <header className="topbar">
        <span className="brand">Vetline</span>
        <nav>
          <a href="/" aria-current="page">
            Catalog
          </a>
          <a href="/graphql">GraphiQL</a>
        </nav>
      </header>
      <main>
        <CatalogPage />
      </main>
    </Provider>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
