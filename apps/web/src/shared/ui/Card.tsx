import type { HTMLAttributes, ReactNode } from 'react';

interface CardProps extends HTMLAttributes<HTMLDivElement> {
  children: ReactNode;
  /** Less padding, for cards in lists. */
  compact?: boolean;
}

/** A surface with a border: a box around one thing. For a titled section, use Panel. */
export function Card({ children, compact = false, className, ...rest }: CardProps) {
  return (
    <div className={`card${compact ? ' card--compact' : ''}${className ? ` ${className}` : ''}`} {...rest}>
      {children}
    </div>
  );
}
