/** One message of a chat prompt (the OpenAI chat format's common subset). */
export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

export interface CompletionOptions {
  /** Stream the answer: `onDelta` gets each piece of text as it arrives. */
  stream: boolean;
  onDelta?: (text: string) => void;
  /** The caller went away (the browser closed the stream): stop asking. */
  signal?: AbortSignal;
}

/**
 * The AI provider behind caption suggestions (issue 24): takes a prompt, returns the model's text.
 * One driver today (an OpenAI-compatible HTTP server); another provider is another implementation.
 * Failures are AiProviderErrors (unreachable, timeout, refused, bad_answer).
 */
export interface CaptionSuggester {
  complete(messages: readonly ChatMessage[], options: CompletionOptions): Promise<string>;
}

/** DI token of the CaptionSuggester; null when the server has no provider (AI_BASE_URL unset). */
export const CAPTION_SUGGESTER = Symbol('CAPTION_SUGGESTER');
