import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'urql';
import { App } from './app.tsx';
import { createDashboardClient } from './graphql/client.ts';
import { ConnectionContext } from './graphql/live.ts';
import './styles.css';

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
