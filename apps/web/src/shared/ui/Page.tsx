import type { ReactNode } from 'react';

import { useProductName } from '../branding/BrandTheme';

interface PageProps {
  /** Screen name: the page's only <h1> and the document title. */
  title: string;
  /** One line under the heading saying what the screen is for. */
  description?: string;
  /** Buttons or links shown at the right of the header. */
  actions?: ReactNode;
  children?: ReactNode;
}

export function Page({ title, description, actions, children }: PageProps) {
  const productName = useProductName();
  return (
    <div className="page">
      <title>{`${title} · ${productName}`}</title>
      <header className="page-header">
        <div>
          <h1 className="page-title">{title}</h1>
          {description ? <p className="page-description">{description}</p> : null}
        </div>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </header>
      <div className="page-body">{children}</div>
    </div>
  );
}
