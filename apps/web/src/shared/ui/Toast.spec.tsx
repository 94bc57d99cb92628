import { QueryClientProvider, useMutation } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { createQueryClient } from '../../app/query-client';
import { ApiError } from '../api/errors';
import { toast, Toaster } from './Toast';
import { currentToasts } from './toast-store';

const conflict = () => new ApiError(412, { statusCode: 412, code: 'STALE_VERSION', message: 'Someone changed this item first (now at version 5)' });

function toasts() {
  return screen.getByRole('region', { name: /Notifications/ });
}

function Save({ meta }: { meta?: { toast?: false; errorTitle?: string; successMessage?: string } }) {
  const save = useMutation({
    mutationFn: async (fail: boolean) => {
      if (fail) throw conflict();
      return 'ok';
    },
    ...(meta ? { meta } : {}),
  });
  return (
    <>
      <button type="button" onClick={() => save.mutate(true)}>
        Save and fail
      </button>
      <button type="button" onClick={() => save.mutate(false)}>
        Save
      </button>
      <p>Save status: {save.status}</p>
    </>
  );
}

function renderWithClient(meta?: Parameters<typeof Save>[0]['meta']) {
  render(
    <QueryClientProvider client={createQueryClient()}>
      <Save meta={meta} />
      <Toaster />
    </QueryClientProvider>,
  );
}

afterEach(() => act(() => toast.clear()));

describe('Toasts', () => {
  it("shows the API error worded for people under a title, never a bare 'Something went wrong'", async () => {
    render(<Toaster />);
    act(() => {
      toast.error(conflict(), { title: "Couldn't move the post" });
    });

    const shown = await within(toasts()).findByText('Someone changed this post meanwhile: reload it and apply your change again.');
    expect(shown).toBeDefined();
    expect(within(toasts()).getByText("Couldn't move the post")).toBeDefined();
    expect(toasts().textContent).not.toContain('Something went wrong');
  });

  it('closes with its Dismiss button', async () => {
    render(<Toaster />);
    act(() => {
      toast.success('Rescheduled');
    });
    fireEvent.click(await within(toasts()).findByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(within(toasts()).queryByText('Rescheduled')).toBeNull());
  });

  it('raises a toast with the API error worded for people for a failed mutation, through the query client', async () => {
    renderWithClient({ errorTitle: "Couldn't save" });
    fireEvent.click(screen.getByRole('button', { name: 'Save and fail' }));

    expect(await within(toasts()).findByText('Someone changed this post meanwhile: reload it and apply your change again.')).toBeDefined();
    expect(within(toasts()).getByText("Couldn't save")).toBeDefined();
  });

  it('stays quiet for a mutation whose screen shows the error itself (meta.toast false)', async () => {
    renderWithClient({ toast: false });
    fireEvent.click(screen.getByRole('button', { name: 'Save and fail' }));
    // The mutation has failed (the query client's onError ran before this state) and raised nothing.
    expect(await screen.findByText('Save status: error')).toBeDefined();
    expect(currentToasts()).toEqual([]);
    expect(within(toasts()).queryByText(/Someone changed/)).toBeNull();
  });

  it('confirms a success when the mutation asks for it', async () => {
    renderWithClient({ successMessage: 'Retry queued' });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await within(toasts()).findByText('Retry queued')).toBeDefined();
  });
});
