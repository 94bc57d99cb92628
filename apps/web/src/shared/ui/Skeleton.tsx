interface SkeletonProps {
  /** CSS width, e.g. '12rem' or '60%'. */
  width?: string;
}

/** Placeholder bar shown while data loads; hidden from assistive technology. */
export function Skeleton({ width = '100%' }: SkeletonProps) {
  return <span className="skeleton" style={{ width }} aria-hidden="true" />;
}
