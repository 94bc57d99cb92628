import type { ReactNode } from 'react';
import {
  BotIcon,
  CalendarIcon,
  PulseIcon,
  QueueIcon,
  SettingsIcon,
  TrendIcon,
  UsersIcon,
} from '../../shared/ui/icons';

export interface NavItem {
  to: '/' | '/calendar' | '/bot-control' | '/account-health' | '/trends' | '/accounts' | '/settings';
  /** Visible text and accessible name of the link; equals the screen's <h1>. */
  label: string;
  icon: ReactNode;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', label: 'Queue', icon: <QueueIcon /> },
  { to: '/calendar', label: 'Calendar', icon: <CalendarIcon /> },
  { to: '/bot-control', label: 'Bot Control', icon: <BotIcon /> },
  { to: '/account-health', label: 'Account Health', icon: <PulseIcon /> },
  { to: '/trends', label: 'Trends', icon: <TrendIcon /> },
  { to: '/accounts', label: 'Accounts', icon: <UsersIcon /> },
  { to: '/settings', label: 'Settings', icon: <SettingsIcon /> },
];
