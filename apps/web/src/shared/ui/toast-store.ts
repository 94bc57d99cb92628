import { describeError } from '../api/errors';
import { i18n } from '../i18n/i18n';

/**
 * Short notices in the corner of the screen (the `<Toaster>` shows them). A plain module store,
 * so code outside React (the query client's MutationCache) can raise one too.
 */
export type ToastTone = 'error' | 'success' | 'info';

export interface ToastMessage {
  id: number;
  tone: ToastTone;
  title: string;
  description?: string;
  /** One button in the toast (Undo): it runs `onAction` and closes the toast. */
  action?: ToastAction;
}

export interface ToastAction {
  label: string;
  onAction: () => void;
}

/** A toast with an action (Undo) stays long enough to reach its button. */
export const ACTION_TOAST_DURATION_MS = 10_000;

/** Errors stay until read a little longer than confirmations. */
export const TOAST_DURATION_MS: Record<ToastTone, number> = { error: 8_000, success: 4_000, info: 5_000 };
/** More than this at once is noise: the oldest go first. */
const MAX_TOASTS = 4;

let toasts: readonly ToastMessage[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

function push(message: Omit<ToastMessage, 'id'>): number {
  const id = nextId++;
  // The same notice twice in a row (a double click) is shown once.
  const last = toasts[toasts.length - 1];
  if (last && last.tone === message.tone && last.title === message.title && last.description === message.description) return last.id;
  toasts = [...toasts, { ...message, id }].slice(-MAX_TOASTS);
  emit();
  return id;
}

export const toast = {
  /** The API's own message (describeError), under a title saying what failed. */
  error(error: unknown, options: { title?: string } = {}): number {
    return push({ tone: 'error', title: options.title ?? i18n.t('ui.toast.failed'), description: describeError(error) });
  },
  success(title: string, description?: string): number {
    return push({ tone: 'success', title, ...(description ? { description } : {}) });
  },
  info(title: string, description?: string): number {
    return push({ tone: 'info', title, ...(description ? { description } : {}) });
  },
  /** A confirmation with one action, e.g. "Post deleted · Undo". */
  withAction(title: string, action: ToastAction, description?: string): number {
    return push({ tone: 'success', title, action, ...(description ? { description } : {}) });
  },
  dismiss(id: number): void {
    const remaining = toasts.filter((message) => message.id !== id);
    if (remaining.length === toasts.length) return;
    toasts = remaining;
    emit();
  },
  /** Tests: start from nothing. */
  clear(): void {
    toasts = [];
    emit();
  },
};

/**
 * The toast API for components: `const toast = useToast(); toast.error(mutation.error)`. Import it
 * from here (not Toast.tsx) in code of the first screen: the Radix part loads lazily.
 */
export function useToast(): typeof toast {
  return toast;
}

export function subscribeToasts(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function currentToasts(): readonly ToastMessage[] {
  return toasts;
}
