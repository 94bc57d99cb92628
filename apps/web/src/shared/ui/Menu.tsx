import * as RadixMenu from '@radix-ui/react-dropdown-menu';
import type { ReactElement, ReactNode } from 'react';

interface MenuProps {
  /** The button that opens the menu (one element; it gets aria-haspopup and aria-expanded). */
  trigger: ReactElement;
  children: ReactNode;
  align?: 'start' | 'center' | 'end';
  side?: 'top' | 'right' | 'bottom' | 'left';
  /** Accessible name of the menu itself, when the trigger's text does not say it. */
  label?: string;
}

/**
 * A dropdown menu of actions or choices (ARIA menu pattern): arrow keys move, typing jumps to an
 * item, Escape closes and focus goes back to the trigger.
 */
export function Menu({ trigger, children, align = 'start', side = 'bottom', label }: MenuProps) {
  return (
    <RadixMenu.Root>
      <RadixMenu.Trigger asChild>{trigger}</RadixMenu.Trigger>
      <RadixMenu.Portal>
        <RadixMenu.Content className="menu" align={align} side={side} sideOffset={6} collisionPadding={8} aria-label={label}>
          {children}
        </RadixMenu.Content>
      </RadixMenu.Portal>
    </RadixMenu.Root>
  );
}

export function MenuItem({
  children,
  onSelect,
  disabled,
  danger = false,
}: {
  children: ReactNode;
  onSelect: () => void;
  disabled?: boolean;
  danger?: boolean;
}) {
  return (
    <RadixMenu.Item className={`menu-item${danger ? ' menu-item--danger' : ''}`} onSelect={onSelect} disabled={disabled}>
      {children}
    </RadixMenu.Item>
  );
}

export function MenuLabel({ children }: { children: ReactNode }) {
  return <RadixMenu.Label className="menu-label">{children}</RadixMenu.Label>;
}

export function MenuSeparator() {
  return <RadixMenu.Separator className="menu-separator" />;
}

/** One choice among several (menuitemradio): the checked one is marked and announced. */
export function MenuRadioGroup({
  value,
  onValueChange,
  children,
  label,
}: {
  value: string;
  onValueChange: (value: string) => void;
  children: ReactNode;
  label?: string;
}) {
  return (
    <RadixMenu.RadioGroup value={value} onValueChange={onValueChange} aria-label={label}>
      {children}
    </RadixMenu.RadioGroup>
  );
}

export function MenuRadioItem({ value, children }: { value: string; children: ReactNode }) {
  return (
    <RadixMenu.RadioItem className="menu-item menu-item--radio" value={value}>
      <span className="menu-item-check" aria-hidden="true">
        <RadixMenu.ItemIndicator>✓</RadixMenu.ItemIndicator>
      </span>
      {children}
    </RadixMenu.RadioItem>
  );
}

/** The Radix primitives for menus this wrapper does not cover (submenus, checkbox items). */
export { RadixMenu as DropdownMenu };
