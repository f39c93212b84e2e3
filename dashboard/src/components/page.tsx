import type { ReactNode } from 'react';

/** A top-level page: its title, a line under it, buttons on the right, then its content. */
export function Page({
  testId,
  title,
  subtitle,
  subtitleTestId,
  actions,
  children,
}: {
  testId: string;
  title: string;
  /** Left out while it is null or false (e.g. before the data it tells of arrives). */
  subtitle?: ReactNode;
  subtitleTestId?: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="page" data-testid={testId}>
      <header className="page-header">
        <div>
          <h1>{title}</h1>
          {subtitle != null && subtitle !== false && (
            <p className="subtitle" data-testid={subtitleTestId}>
              {subtitle}
            </p>
          )}
        </div>
        {actions}
      </header>
      {children}
    </section>
  );
}
