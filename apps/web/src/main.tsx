import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app/App';
import { createQueryClient } from './app/query-client';
import { createAppRouter } from './app/router';
import { i18nReady } from './shared/i18n/i18n';
import { initTheme } from './shared/ui/theme';

import './app/styles.css';

// theme-init.js applied the saved theme before the first paint; from here on, follow changes.
initTheme();

const container = document.getElementById('root');
if (!container) {
  throw new Error('Missing #root element in index.html');
}

const queryClient = createQueryClient();
const router = createAppRouter({ queryClient });

// The browser language's words are their own chunk (not in the initial JS): render once they are here.
await i18nReady;

createRoot(container).render(
  <StrictMode>
    <App queryClient={queryClient} router={router} />
  </StrictMode>,
);
