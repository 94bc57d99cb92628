import type { ReactNode } from 'react';

import { BotIcon, CalendarIcon, ChartIcon, CheckIcon, FilmIcon, PulseIcon, QueueIcon, SettingsIcon, TrendIcon, UsersIcon } from '../../shared/ui/icons';

export interface NavItem {
  to: '/' | '/calendar' | '/reviews' | '/library' | '/analytics' | '/experiments' | '/bot-control' | '/account-health' | '/trends' | '/accounts' | '/settings';
  /** Key of the visible text and accessible name of the link; equals the screen's <h1>. */
  labelKey:
    | `nav.${'queue' | 'calendar' | 'botControl' | 'accountHealth' | 'trends' | 'accounts' | 'settings'}`
    | 'library.title'
    | 'analytics.title'
    | 'experiments.title'
    | 'review.title';
  icon: ReactNode;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', labelKey: 'nav.queue', icon: <QueueIcon /> },
  { to: '/calendar', labelKey: 'nav.calendar', icon: <CalendarIcon /> },
  { to: '/reviews', labelKey: 'review.title', icon: <CheckIcon /> },
  { to: '/library', labelKey: 'library.title', icon: <FilmIcon /> },
  { to: '/analytics', labelKey: 'analytics.title', icon: <ChartIcon /> },
  { to: '/experiments', labelKey: 'experiments.title', icon: <ChartIcon /> },
  { to: '/bot-control', labelKey: 'nav.botControl', icon: <BotIcon /> },
  { to: '/account-health', labelKey: 'nav.accountHealth', icon: <PulseIcon /> },
  { to: '/trends', labelKey: 'nav.trends', icon: <TrendIcon /> },
  { to: '/accounts', labelKey: 'nav.accounts', icon: <UsersIcon /> },
  { to: '/settings', labelKey: 'nav.settings', icon: <SettingsIcon /> },
];
