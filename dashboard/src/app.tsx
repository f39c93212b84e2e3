import { useEffect, useState } from 'react';
import { useConnection } from './graphql/live.ts';
import { JobPage } from './pages/job/job-page.tsx';
import { JobsPage } from './pages/jobs-page.tsx';
import { SubmitPage } from './pages/submit-page.tsx';
import { WorkersPage } from './pages/workers-page.tsx';
import { Link, matchRoute, usePathname } from './router.tsx';

export function App() {
  const route = matchRoute(usePathname());
  const section = route.page === 'job' ? 'jobs' : route.page;
  return (
    <>
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden /> Render farm
        </Link>
        <nav className="nav" aria-label="Main">
          <NavLink to="/jobs" active={section === 'jobs'} testId="nav-jobs">
            Jobs
          </NavLink>
          <NavLink to="/workers" active={section === 'workers'} testId="nav-workers">
            Workers
          </NavLink>
          <NavLink to="/submit" active={section === 'submit'} testId="nav-submit">
            Submit
          </NavLink>
        </nav>
      </header>
      <ConnectionBanner />
      <main className="main">
        {route.page === 'jobs' && <JobsPage />}
        {route.page === 'job' && <JobPage key={route.jobId} jobId={route.jobId} />}
        {route.page === 'workers' && <WorkersPage />}
        {route.page === 'submit' && <SubmitPage />}
        {route.page === 'not-found' && (
          <section className="page">
            <h1>Not found</h1>
            <p>
              Nothing lives at <code>{route.path}</code>. <Link to="/jobs">See the jobs</Link>
            </p>
          </section>
        )}
      </main>
    </>
  );
}

function NavLink({ to, active, testId, children }: { to: string; active: boolean; testId: string; children: string }) {
  return (
    <Link to={to} className={active ? 'active' : undefined} aria-current={active ? 'page' : undefined} data-testid={testId}>
      {children}
    </Link>
  );
}

/**
 * Shown while the live connection is down. The first connection gets a moment before it
 * counts as a problem, so a normal page load does not flash the banner.
 */
function ConnectionBanner() {
  const { state } = useConnection();
  const [slowStart, setSlowStart] = useState(false);
  useEffect(() => {
    if (state !== 'connecting') return;
    const timer = setTimeout(() => setSlowStart(true), 1500);
    return () => clearTimeout(timer);
  }, [state]);
  if (state === 'connected' || (state === 'connecting' && !slowStart)) return null;
  return (
    <div className="connection-banner" role="status" data-testid="connection-banner">
      <span className="spinner" aria-hidden /> {state === 'reconnecting' ? 'Connection to the farm lost — reconnecting…' : 'Connecting to the farm…'}
    </div>
  );
}
