import * as RadixToast from '@radix-ui/react-toast';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

import { ACTION_TOAST_DURATION_MS, currentToasts, subscribeToasts, toast, TOAST_DURATION_MS, type ToastMessage } from './toast-store';

export { toast, useToast, type ToastAction, type ToastMessage, type ToastTone } from './toast-store';

function ToastItem({ message }: { message: ToastMessage }) {
  const { t } = useTranslation();
  return (
    <RadixToast.Root
      className={`toast toast--${message.tone}`}
      duration={message.action ? ACTION_TOAST_DURATION_MS : TOAST_DURATION_MS[message.tone]}
      // Errors interrupt screen readers; confirmations wait their turn.
      type={message.tone === 'error' ? 'foreground' : 'background'}
      onOpenChange={(open) => {
        if (!open) toast.dismiss(message.id);
      }}
      data-testid="toast"
    >
      <div className="toast-text">
        <RadixToast.Title className="toast-title">{message.title}</RadixToast.Title>
        {message.description ? <RadixToast.Description className="toast-description">{message.description}</RadixToast.Description> : null}
      </div>
      {message.action ? (
        <RadixToast.Action asChild altText={message.action.label}>
          <button type="button" className="button button--ghost button--small toast-action" onClick={message.action.onAction}>
            {message.action.label}
          </button>
        </RadixToast.Action>
      ) : null}
      <RadixToast.Close className="toast-close" aria-label={t('common.dismiss')}>
        <span aria-hidden="true">×</span>
      </RadixToast.Close>
    </RadixToast.Root>
  );
}

/**
 * Renders the toasts of the store in a fixed corner (nothing on the page moves when one
 * appears). Radix announces each one to screen readers; F8 moves focus to them.
 */
export function Toaster() {
  const { t } = useTranslation();
  const messages = useSyncExternalStore(subscribeToasts, currentToasts, currentToasts);
  return (
    <RadixToast.Provider swipeDirection="right" label={t('ui.toast.label')}>
      {messages.map((message) => (
        <ToastItem key={message.id} message={message} />
      ))}
      {/* Radix puts the F8 shortcut in place of {hotkey}. */}
      <RadixToast.Viewport className="toast-viewport" label={t('ui.toast.region')} />
    </RadixToast.Provider>
  );
}
