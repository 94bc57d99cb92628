import * as RadixTabs from '@radix-ui/react-tabs';
import type { ReactNode } from 'react';

/**
 * Tabs with the ARIA tabs pattern (arrow keys move between tabs, Tab goes into the panel):
 * `<Tabs defaultValue="a"><TabList label="…"><Tab value="a">A</Tab></TabList><TabPanel value="a">…</TabPanel></Tabs>`.
 */
export function Tabs({
  children,
  value,
  defaultValue,
  onValueChange,
}: {
  children: ReactNode;
  value?: string;
  defaultValue?: string;
  onValueChange?: (value: string) => void;
}) {
  return (
    <RadixTabs.Root
      className="tabs"
      {...(value !== undefined ? { value } : {})}
      {...(defaultValue !== undefined ? { defaultValue } : {})}
      {...(onValueChange ? { onValueChange } : {})}
    >
      {children}
    </RadixTabs.Root>
  );
}

export function TabList({ label, children }: { label: string; children: ReactNode }) {
  return (
    <RadixTabs.List className="tab-list" aria-label={label}>
      {children}
    </RadixTabs.List>
  );
}

export function Tab({ value, children, disabled }: { value: string; children: ReactNode; disabled?: boolean }) {
  return (
    <RadixTabs.Trigger className="tab" value={value} disabled={disabled}>
      {children}
    </RadixTabs.Trigger>
  );
}

export function TabPanel({ value, children }: { value: string; children: ReactNode }) {
  return (
    <RadixTabs.Content className="tab-panel" value={value}>
      {children}
    </RadixTabs.Content>
  );
}
