import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';

import { Switch } from './Switch';

function Harness({ onChange }: { onChange: (checked: boolean) => void }) {
  const [on, setOn] = useState(false);
  return (
    <Switch
      checked={on}
      label="Auto-reply"
      onCheckedChange={(checked) => {
        onChange(checked);
        setOn(checked);
      }}
    />
  );
}

describe('Switch', () => {
  it('is a switch named by its label that toggles on click and reports aria-checked', () => {
    const onChange = vi.fn();
    render(<Harness onChange={onChange} />);
    const control = screen.getByRole('switch', { name: 'Auto-reply' });
    expect(control.getAttribute('aria-checked')).toBe('false');

    fireEvent.click(control);
    expect(onChange).toHaveBeenLastCalledWith(true);
    expect(control.getAttribute('aria-checked')).toBe('true');

    fireEvent.click(screen.getByText('Auto-reply'));
    expect(onChange).toHaveBeenLastCalledWith(false);
    expect(control.getAttribute('aria-checked')).toBe('false');
  });

  it('does nothing while disabled', () => {
    const onChange = vi.fn();
    render(<Switch checked={false} onCheckedChange={onChange} aria-label="Enable @acme on TikTok" disabled />);
    fireEvent.click(screen.getByRole('switch', { name: 'Enable @acme on TikTok' }));
    expect(onChange).not.toHaveBeenCalled();
  });
});
