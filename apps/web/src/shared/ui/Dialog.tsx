import * as RadixDialog from '@radix-ui/react-dialog';
import { useState, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  /** One line under the title. */
  description?: ReactNode;
  children?: ReactNode;
  /** Buttons at the bottom, primary action last. */
  actions: ReactNode;
  /**
   * Called on Escape or a click outside. Leave it out when the dialog must be closed with one of
   * its buttons (e.g. a secret shown once, or while a request is in flight).
   */
  onDismiss?: () => void;
  /** `alertdialog` for confirmations of destructive actions. */
  role?: 'dialog' | 'alertdialog';
}

/**
 * Modal dialog, open while mounted (callers render it conditionally). Radix handles the modal
 * behaviour: focus moves in (to the element marked `data-autofocus`, else the first focusable
 * one), Tab stays inside, the rest of the page is hidden from assistive technology, and focus
 * returns to where it was when it closes.
 */
export function Dialog({ title, description, children, actions, onDismiss, role = 'dialog' }: DialogProps) {
  // Opened by its caller rendering it, not by a Radix trigger: remember where focus was to return it.
  const [returnFocusTo] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  return (
    <RadixDialog.Root
      open
      onOpenChange={(open) => {
        if (!open) onDismiss?.();
      }}
    >
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-backdrop" />
        <RadixDialog.Content
          className="dialog"
          role={role}
          // Radix links a description by default; without one there is nothing to describe.
          {...(description ? {} : { 'aria-describedby': undefined })}
          onOpenAutoFocus={(event) => {
            const target = (event.currentTarget as HTMLElement | null)?.querySelector<HTMLElement>('[data-autofocus]');
            if (target) {
              event.preventDefault();
              target.focus();
            }
          }}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            if (returnFocusTo?.isConnected) returnFocusTo.focus();
          }}
          onEscapeKeyDown={(event) => {
            if (!onDismiss) event.preventDefault();
          }}
          onInteractOutside={(event) => {
            if (!onDismiss) event.preventDefault();
          }}
        >
          <RadixDialog.Title className="dialog-title">{title}</RadixDialog.Title>
          {description ? <RadixDialog.Description className="dialog-description">{description}</RadixDialog.Description> : null}
          {children ? <div className="dialog-body">{children}</div> : null}
          <div className="dialog-actions">{actions}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
