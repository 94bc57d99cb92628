import type { ReactNode } from 'react';

export type BadgeTone = 'neutral' | 'accent' | 'ok' | 'warning' | 'danger';

interface BadgeProps {
  tone?: BadgeTone;
  children: ReactNode;
  /** A longer explanation, read after the text. */
  title?: string;
}

/** A short label (a status, a count). The text carries the meaning; the colour only repeats it. */
export function Badge({ tone = 'neutral', children, title }: BadgeProps) {
  return (
    <span className={`tag tag--${tone}`} title={title}>
      {children}
    </span>
  );
}
