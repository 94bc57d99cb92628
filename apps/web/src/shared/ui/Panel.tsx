import { useId, type ReactNode } from 'react';

interface PanelProps {
  title: string;
  description?: string;
  /** Shown at the right of the panel header (badges, buttons). */
  aside?: ReactNode;
  children: ReactNode;
}

export function Panel({ title, description, aside, children }: PanelProps) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <header className="panel-header">
        <div>
          <h2 className="panel-title" id={headingId}>
            {title}
          </h2>
          {description ? <p className="panel-description">{description}</p> : null}
        </div>
        {aside ? <div className="panel-aside">{aside}</div> : null}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
