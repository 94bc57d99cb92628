import type { ReactNode } from 'react';

interface EmptyStateProps {
  /** Decorative icon, hidden from assistive technology. */
  icon?: ReactNode;
  title: string;
  /** What will appear here once there is data. */
  children: ReactNode;
  /** The first thing to do. */
  action?: ReactNode;
}

export function EmptyState({ icon, title, children, action }: EmptyStateProps) {
  return (
    <section className="empty-state" aria-label={title}>
      {icon ? (
        <div className="empty-state-icon" aria-hidden="true">
          {icon}
        </div>
      ) : null}
      <p className="empty-state-title">{title}</p>
      <div className="empty-state-text">{children}</div>
      {action ? <div className="empty-state-action">{action}</div> : null}
    </section>
  );
}
