import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { i18n } from '../../../shared/i18n/i18n';
import { setLiveStatus } from '../../../shared/live/live-status';
import { LiveStatus } from './LiveStatus';

afterEach(() => {
  setLiveStatus('off');
});

describe('LiveStatus', () => {
  it('shows nothing without a live connection, then Live and Reconnecting as the stream changes', async () => {
    render(<LiveStatus />);
    expect(screen.queryByRole('status')).toBeNull();
    act(() => setLiveStatus('live'));
    expect(screen.getByRole('status').textContent).toBe('Live');
    act(() => setLiveStatus('reconnecting'));
    expect(screen.getByRole('status').textContent).toBe('Reconnecting…');
    await act(() => i18n.changeLanguage('fr'));
    expect(screen.getByRole('status').textContent).toBe('Reconnexion…');
  });
});
