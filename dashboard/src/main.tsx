import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'urql';
import { App } from './app.tsx';
import { createDashboardClient } from './graphql/client.ts';
import { ConnectionContext } from './graphql/live.ts';
// In cascade order, as one stylesheet was: later files may refine earlier ones.
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/status.css';
import './styles/tables.css';
import './styles/job-page.css';
import './styles/forms.css';

const dashboard = createDashboardClient();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <Provider value={dashboard.client}>
      <ConnectionContext.Provider value={dashboard.connection}>
        <App />
      </ConnectionContext.Provider>
    </Provider>
  </StrictMode>,
);
