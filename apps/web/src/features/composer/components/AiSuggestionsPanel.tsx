import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { errorMessage } from '../../../shared/api/errors';
import { streamCaptionSuggestions, useAiStatus, useUpdateAiSettings, type CaptionSuggestion, type CaptionSuggestions } from '../api/ai-suggestions';

import './ai-suggestions.css';

export interface AiSuggestionsPanelProps {
  workspaceId: string;
  /** The video's title, when there is one. */
  title?: string;
  draft: string;
  /** The chosen accounts' platforms (id and name): suggestions are asked and checked per platform. */
  platforms: readonly { id: string; displayName: string }[];
  /** A person picked a suggestion: it goes into the draft as if typed. */
  onPick: (caption: string) => void;
}

/**
 * AI caption suggestions (issue 24), lazy-loaded into the composer. Hidden when the server has
 * no AI provider; explains (and lets an admin turn it on) when the workspace has it off. Only
 * suggestions that pass their platform's rules can be picked; the others are listed with the rule.
 * A provider failure is a message in the panel, never a broken composer.
 */
export default function AiSuggestionsPanel({ workspaceId, title, draft, platforms, onPick }: AiSuggestionsPanelProps) {
  const { t } = useTranslation();
  const status = useAiStatus(workspaceId);
  const turnOn = useUpdateAiSettings(workspaceId);
  const [written, setWritten] = useState(0);
  const [picked, setPicked] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);
  const ask = useMutation({
    meta: { toast: false },
    mutationFn: async (): Promise<CaptionSuggestions> => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setWritten(0);
      return streamCaptionSuggestions(
        { title: title ?? '', draft, platforms: platforms.map((p) => p.id) as CaptionSuggestion['platform'][] },
        { onDelta: (text) => setWritten((n) => n + [...text].length), signal: controller.signal },
      );
    },
  });

  const data = status.data;
  if (!data || !data.serverEnabled) return null;
  const nameOf = (platform: string) => platforms.find((p) => p.id === platform)?.displayName ?? platform;

  if (!data.workspaceEnabled) {
    return (
      <section className="composer-section ai-suggestions" aria-labelledby="ai-suggestions-title" data-testid="ai-suggestions">
        <h2 id="ai-suggestions-title" className="composer-section-title">
          {t('ai.panel.title')}
        </h2>
        <p className="form-hint">{data.canManage ? t('ai.panel.workspaceOffAdmin', { model: data.model ?? '' }) : t('ai.panel.workspaceOff')}</p>
        {data.canManage ? (
          <button type="button" className="button button--secondary" disabled={turnOn.isPending} onClick={() => turnOn.mutate(true)}>
            {turnOn.isPending ? t('ai.panel.turningOn') : t('ai.panel.turnOn')}
          </button>
        ) : null}
        {turnOn.isError ? (
          <p className="form-error" role="alert">
            {errorMessage(turnOn.error, t)}
          </p>
        ) : null}
      </section>
    );
  }

  const result = ask.data;
  return (
    <section className="composer-section ai-suggestions" aria-labelledby="ai-suggestions-title" data-testid="ai-suggestions">
      <h2 id="ai-suggestions-title" className="composer-section-title">
        {t('ai.panel.title')}
      </h2>
      <p className="form-hint">{t('ai.panel.intro')}</p>
      <p className="form-hint">{t('ai.panel.sends', { model: data.model ?? '' })}</p>
      {platforms.length === 0 ? (
        <p className="form-hint">{t('ai.panel.chooseAccounts')}</p>
      ) : (
        <div className="form-actions">
          <button type="button" className="button button--secondary" disabled={ask.isPending} onClick={() => ask.mutate()}>
            {result ? t('ai.panel.askAgain') : t('ai.panel.ask')}
          </button>
          {ask.isPending ? (
            <button type="button" className="button button--ghost" onClick={() => abort.current?.abort()}>
              {t('ai.panel.cancel')}
            </button>
          ) : null}
        </div>
      )}
      <p className="form-hint" role="status" aria-live="polite">
        {ask.isPending ? t('ai.panel.writing', { count: written }) : ''}
      </p>
      {ask.isError ? (
        <div className="form-error" role="alert" data-testid="ai-suggestions-error">
          <p>{t('ai.panel.failed')}</p>
          <p>{errorMessage(ask.error, t)}</p>
        </div>
      ) : null}
      {result && !ask.isPending
        ? result.basis.map((basis) => {
            const items = result.items.filter((i) => i.platform === basis.platform);
            const offered = items.filter((i) => i.accepted);
            const refused = items.filter((i) => !i.accepted);
            const platform = nameOf(basis.platform);
            const caps =
              (basis.maxHashtags !== undefined ? t('ai.panel.hashtagCap', { count: basis.maxHashtags }) : '') +
              (basis.maxMentions !== undefined ? t('ai.panel.mentionCap', { count: basis.maxMentions }) : '');
            return (
              <div key={basis.platform} className="ai-suggestions-platform" data-testid={`ai-suggestions-${basis.platform}`}>
                <h3>{platform}</h3>
                <p className="form-hint">{t('ai.panel.basis', { count: basis.examples, maxLength: basis.maxLength, caps })}</p>
                {offered.length === 0 ? <p className="form-hint">{t('ai.panel.none', { platform })}</p> : null}
                <ul className="ai-suggestions-list">
                  {offered.map((item) => (
                    <li key={item.caption} className="ai-suggestion" data-testid="ai-suggestion">
                      <span className="badge">{t('ai.panel.aiWritten')}</span>
                      <p className="ai-suggestion-text">{item.caption}</p>
                      <button
                        type="button"
                        className="button button--secondary"
                        aria-pressed={picked === item.caption && draft === item.caption}
                        onClick={() => {
                          setPicked(item.caption);
                          onPick(item.caption);
                        }}
                      >
                        {picked === item.caption && draft === item.caption ? t('ai.panel.used') : t('ai.panel.use')}
                      </button>
                    </li>
                  ))}
                </ul>
                {refused.length > 0 ? (
                  <details className="ai-suggestions-refused" data-testid="ai-suggestions-refused">
                    <summary>{t('ai.panel.refusedTitle', { count: refused.length })}</summary>
                    <ul>
                      {refused.map((item) => (
                        <li key={item.caption}>
                          <span className="badge">{t('ai.panel.aiWritten')}</span>
                          <p className="ai-suggestion-text">{item.caption}</p>
                          <p className="form-hint">
                            {t('ai.panel.refused', {
                              reason: item.refusals.map((r) => t(`ai.refusals.${r.code}`, { platform, limit: r.limit, actual: r.actual })).join('; '),
                            })}
                          </p>
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </div>
            );
          })
        : null}
    </section>
  );
}
