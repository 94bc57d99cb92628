import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

import type { AutomationKey } from '../api/automations';
import { useTemplatePreview, type TemplateProblem } from '../api/preview';
import { useDebouncedValue } from '../hooks/use-debounced-value';
import { TextAreaField } from './TextAreaField';

/** Time after the last keystroke before the preview is asked for. */
export const PREVIEW_DEBOUNCE_MS = 300;

interface TemplateEditorProps {
  workspaceId: string;
  automationKey: AutomationKey;
  /** The setting the template is (`message`, `commentReplyMessage`). */
  field: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors?: readonly string[] | undefined;
  disabled?: boolean;
}

/** A DM template with the message it produces: rendered by the API as the engine would, with its problems. */
export function TemplateEditor({ workspaceId, automationKey, field, label, value, onChange, errors, disabled = false }: TemplateEditorProps) {
  const { t } = useTranslation();
  const previewId = useId();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const template = useDebouncedValue(value, PREVIEW_DEBOUNCE_MS);
  const preview = useTemplatePreview(workspaceId, automationKey, field, template);
  const variables = preview.data?.allowedVariables ?? [];

  const problemText = (problem: TemplateProblem): string => {
    const max = preview.data?.maxBytes ?? 1000;
    switch (problem.code) {
      case 'unknown_variable':
        return t('botControl.template.problems.unknown_variable', { variable: `{{${problem.variable ?? ''}}}` });
      case 'malformed_placeholder':
        return t('botControl.template.problems.malformed_placeholder', { open: '{{', close: '}}', example: '{{username}}' });
      case 'empty':
        return t('botControl.template.problems.empty');
      case 'too_long':
        return t('botControl.template.problems.too_long', { bytes: problem.bytes, max });
      case 'may_be_too_long':
        return t('botControl.template.problems.may_be_too_long', { bytes: problem.bytes, max });
      default:
        return problem.message;
    }
  };

  /** Puts `{{name}}` where the cursor is (or at the end). */
  const insert = (name: string) => {
    const element = textarea.current;
    const placeholder = `{{${name}}}`;
    const start = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? value.length;
    onChange(`${value.slice(0, start)}${placeholder}${value.slice(end)}`);
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + placeholder.length, start + placeholder.length);
    });
  };

  return (
    <div className="template-editor">
      <TextAreaField
        ref={textarea}
        label={label}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        errors={errors}
        disabled={disabled}
        rows={3}
        aria-controls={previewId}
        hint={variables.length > 0 ? t('botControl.template.variablesHint', { variables: variables.map((name) => `{{${name}}}`).join(', ') }) : undefined}
      />
      {variables.length > 0 && !disabled ? (
        <div className="template-variables" role="group" aria-label={t('botControl.template.insertLabel', { label })}>
          {variables.map((name) => (
            <button key={name} type="button" className="button button--ghost button--small" onClick={() => insert(name)}>
              {t('botControl.template.insert', { variable: `{{${name}}}` })}
            </button>
          ))}
        </div>
      ) : null}
      <section
        className="template-preview"
        id={previewId}
        aria-label={t('botControl.template.previewOf', { label })}
        aria-busy={preview.isFetching || template !== value}
      >
        <p className="template-preview-title">{t('botControl.template.preview')}</p>
        {preview.data ? (
          <>
            <p className="template-preview-bubble" data-testid="template-preview-text">
              {preview.data.text}
            </p>
            <p className="template-preview-meta">
              {t('botControl.template.bytes', { bytes: preview.data.bytes, max: preview.data.maxBytes })}
              {' · '}
              {t('botControl.template.sampleValues', {
                values: Object.entries(preview.data.sampleValues)
                  .map(([name, sample]) => `{{${name}}} = ${sample}`)
                  .join(', '),
              })}
            </p>
            {preview.data.problems.length > 0 ? (
              <ul className="template-problems" aria-label={t('botControl.template.problemsOf', { label })}>
                {preview.data.problems.map((problem) => (
                  <li key={`${problem.code}-${problem.variable ?? ''}`}>{problemText(problem)}</li>
                ))}
              </ul>
            ) : (
              <p className="template-preview-ok">{t('botControl.template.noProblems')}</p>
            )}
          </>
        ) : preview.isError ? (
          <p className="form-errors">{t('botControl.template.previewFailed')}</p>
        ) : (
          <p className="muted">{t('botControl.template.rendering')}</p>
        )}
      </section>
    </div>
  );
}
