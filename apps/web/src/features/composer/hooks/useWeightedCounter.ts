import { useEffect, useState } from 'react';

import type { PlatformInfo } from '../api/platforms';
import { loadWeightedCounter, weightedCounterLoaded } from '../components/caption-rules';

/**
 * Loads X's weighted counter when one of the chosen platforms counts that way, and renders again
 * once it is there (the counters and the caption blocker then count as X does).
 */
export function useWeightedCounter(platforms: readonly Pick<PlatformInfo, 'caption'>[]): void {
  const needed = platforms.some((platform) => platform.caption.counting === 'x_weighted');
  const [, setLoaded] = useState(weightedCounterLoaded);
  useEffect(() => {
    if (!needed || weightedCounterLoaded()) return;
    let live = true;
    void loadWeightedCounter().then(() => {
      if (live) setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, [needed]);
}
