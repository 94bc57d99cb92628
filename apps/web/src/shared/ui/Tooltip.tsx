import * as RadixTooltip from '@radix-ui/react-tooltip';
import type { ReactElement, ReactNode } from 'react';

interface TooltipProps {
  /** What the tooltip says. Never the only place of essential information: touch has no hover. */
  content: ReactNode;
  /** One focusable element (a button, a link): the tooltip shows on its hover and focus. */
  children: ReactElement;
  side?: 'top' | 'right' | 'bottom' | 'left';
}

/** A hint on hover and keyboard focus, linked to its element with aria-describedby; Escape hides it. */
export function Tooltip({ content, children, side = 'top' }: TooltipProps) {
  return (
    // Its own provider, so a tooltip works on any screen and in tests without app-level setup.
    <RadixTooltip.Provider delayDuration={300}>
      <RadixTooltip.Root>
        <RadixTooltip.Trigger asChild>{children}</RadixTooltip.Trigger>
        <RadixTooltip.Portal>
          <RadixTooltip.Content className="tooltip" side={side} sideOffset={6}>
            {content}
            <RadixTooltip.Arrow className="tooltip-arrow" />
          </RadixTooltip.Content>
        </RadixTooltip.Portal>
      </RadixTooltip.Root>
    </RadixTooltip.Provider>
  );
}
