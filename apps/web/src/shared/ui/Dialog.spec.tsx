import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';

import { Dialog } from './Dialog';

function Harness({ onDismiss, dismissable = true }: { onDismiss?: () => void; dismissable?: boolean }) {
  const [open, setOpen] = useState(false);
  const close = () => {
    onDismiss?.();
    setOpen(false);
  };
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Remove member
      </button>
      {open ? (
        <Dialog
          title="Remove Sam Lee?"
          description="They lose access at once."
          role="alertdialog"
          onDismiss={dismissable ? close : undefined}
          actions={
            <>
              <button type="button" onClick={close} data-autofocus>
                Cancel
              </button>
              <button type="button" onClick={close}>
                Remove
              </button>
            </>
          }
        />
      ) : null}
    </>
  );
}

describe('Dialog', () => {
  it('is a labelled modal: title as name, description, role', async () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole('button', { name: 'Remove member' }));

    const dialog = await screen.findByRole('alertdialog', { name: 'Remove Sam Lee?' });
    expect(dialog.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(dialog.getAttribute('aria-describedby')!)?.textContent).toBe('They lose access at once.');
    // The page behind is hidden from assistive technology while it is open.
    expect(screen.queryByRole('button', { name: 'Remove member' })).toBeNull();
  });

  it('moves focus to the element marked data-autofocus, and back to the opener when it closes', async () => {
    render(<Harness />);
    const opener = screen.getByRole('button', { name: 'Remove member' });
    opener.focus();
    fireEvent.click(opener);

    await waitFor(() => expect(document.activeElement?.textContent).toBe('Cancel'));
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));

    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(opener));
  });

  it('closes on Escape through onDismiss', async () => {
    const onDismiss = vi.fn();
    render(<Harness onDismiss={onDismiss} />);
    fireEvent.click(screen.getByRole('button', { name: 'Remove member' }));
    const dialog = await screen.findByRole('alertdialog');

    fireEvent.keyDown(dialog, { key: 'Escape' });

    expect(onDismiss).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });

  it('stays open on Escape when it must be closed with one of its buttons', async () => {
    render(<Harness dismissable={false} />);
    fireEvent.click(screen.getByRole('button', { name: 'Remove member' }));
    const dialog = await screen.findByRole('alertdialog');

    fireEvent.keyDown(dialog, { key: 'Escape' });

    expect(screen.getByRole('alertdialog')).toBeDefined();
  });
});
