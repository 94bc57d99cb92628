import type { ParseKeys } from 'i18next';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { PLATFORM_LABELS, useAccounts, type SocialAccount } from '../../../shared/content/accounts';
import { unattendedOptions, usePlatforms, type UnattendedOptionField } from '../../../shared/content/platforms';
import { formatDateTime } from '../../../shared/lib/dates';
import { Button } from '../../../shared/ui/Button';
import { SelectField, TextField } from '../../../shared/ui/FormField';
import { usePublishedItems } from '../api/own-posts';
import { useDebouncedValue } from '../hooks/use-debounced-value';
import { FieldErrors } from './FieldErrors';
import { newRuleDraft, REPOST_METRICS, ruleProblems, type RuleDraft, type RuleProblem } from './repost-rules';
import { TextAreaField } from './TextAreaField';

interface RepostRulesFieldProps {
  workspaceId: string;
  label: string;
  /** The rules' drafts as JSON (config-fields' draft of `rules`). */
  value: string;
  onChange: (value: string) => void;
  /** The API's messages about the rules. */
  errors?: string[] | undefined;
  /** After a save attempt: each rule's problems show under their fields. */
  showProblems: boolean;
  disabled?: boolean;
}

const PROBLEM_KEYS = {
  idFormat: 'botControl.reposter.problems.idFormat',
  idTaken: 'botControl.reposter.problems.idTaken',
  sourcePost: 'botControl.reposter.problems.sourcePost',
  sourceAccount: 'botControl.reposter.problems.sourceAccount',
  targets: 'botControl.reposter.problems.targets',
  targetIsSource: 'botControl.reposter.problems.targetIsSource',
  hours: 'botControl.reposter.problems.hours',
  atLeast: 'botControl.reposter.problems.atLeast',
  captionVariant: 'botControl.reposter.problems.captionVariant',
} as const satisfies Record<Extract<RuleProblem, string>, string>;

/** The caption variant's variables, shown as written (the texts name them with their braces). */
const VARIABLES = { caption: '{{caption}}', title: '{{title}}', account: '{{account}}', sourceAccount: '{{sourceAccount}}' };

const accountLabel = (account: SocialAccount) => `@${account.handle} (${PLATFORM_LABELS[account.platform]})`;

/**
 * The auto-reposter's rules as a form: for each rule its name, what it re-posts (one post, or every
 * post of an account), where (target accounts, a privacy level for TikTok), when (a delay or a
 * result reached) and with which caption. No JSON to write; the API still checks everything.
 */
export function RepostRulesField({ workspaceId, label, value, onChange, errors, showProblems, disabled = false }: RepostRulesFieldProps) {
  const { t, i18n } = useTranslation();
  const accounts = useAccounts(workspaceId);
  const rules = JSON.parse(value) as RuleDraft[];
  const platforms = usePlatforms();
  const unattendedOf = (account: SocialAccount | undefined) => unattendedOptions(platforms.data, account?.platform);
  const problems = ruleProblems(rules, (accountId) => unattendedOf(accounts.data?.find((account) => account.id === accountId)));
  const set = (next: RuleDraft[]) => onChange(JSON.stringify(next));
  const update = (index: number, patch: Partial<RuleDraft>) => set(rules.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)));

  return (
    <fieldset className="repost-rules form-field">
      <legend className="form-label">{label}</legend>
      {rules.length === 0 ? <p className="muted">{t('botControl.reposter.noRules')}</p> : null}
      {rules.map((rule, index) => (
        <RuleEditor
          key={index}
          workspaceId={workspaceId}
          index={index}
          rule={rule}
          accounts={accounts.data ?? []}
          problems={showProblems ? (problems[index] ?? {}) : {}}
          onChange={(patch) => update(index, patch)}
          onRemove={() => set(rules.filter((_, i) => i !== index))}
          disabled={disabled}
          unattendedOf={unattendedOf}
          problemText={(problem) => {
            if (!problem) return undefined;
            // A key the registry names that this build does not know shows the generic targets problem.
            if (typeof problem !== 'string')
              return i18n.exists(problem.unattended.problemKey) ? t(problem.unattended.problemKey as ParseKeys) : t(PROBLEM_KEYS.targets);
            return t(PROBLEM_KEYS[problem], VARIABLES);
          }}
        />
      ))}
      {disabled ? null : (
        <div>
          <Button size="small" onClick={() => set([...rules, newRuleDraft(rules)])} disabled={rules.length >= 20}>
            {t('botControl.reposter.addRule')}
          </Button>
        </div>
      )}
      <FieldErrors errors={errors} />
    </fieldset>
  );
}

interface RuleEditorProps {
  workspaceId: string;
  index: number;
  rule: RuleDraft;
  accounts: readonly SocialAccount[];
  problems: ReturnType<typeof ruleProblems>[number];
  /** The options a re-post to this account must carry (its platform's registry entry), each asked for per target. */
  unattendedOf: (account: SocialAccount) => UnattendedOptionField[];
  onChange: (patch: Partial<RuleDraft>) => void;
  onRemove: () => void;
  disabled: boolean;
  problemText: (problem: RuleProblem | undefined) => string | undefined;
}

function RuleEditor({ workspaceId, index, rule, accounts, problems, unattendedOf, onChange, onRemove, disabled, problemText }: RuleEditorProps) {
  const { t, i18n } = useTranslation();
  // Keys come from the API (the registry): one this build does not know shows the raw text.
  const loose = t as unknown as (key: string, values?: Record<string, string>) => string;
  const text = (key: string, fallback: string, values?: Record<string, string>) => (i18n.exists(key) ? loose(key, values) : fallback);
  const id = useId();
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search, 250);
  const items = usePublishedItems(workspaceId, rule.source === 'post' ? debounced : '');
  const errorsOf = (field: keyof typeof problems) => {
    const message = problemText(problems[field]);
    return message ? [message] : undefined;
  };
  const name = rule.id || String(index + 1);
  const targetIds = rule.targets.map((target) => target.accountId);
  const toggleTarget = (accountId: string, on: boolean) =>
    onChange({ targets: on ? [...rule.targets, { accountId, options: {} }] : rule.targets.filter((target) => target.accountId !== accountId) });
  const setOption = (accountId: string, name: string, value: string) =>
    onChange({
      targets: rule.targets.map((target) => {
        if (target.accountId !== accountId) return target;
        const { [name]: _previous, ...rest } = target.options;
        return { accountId, options: value ? { ...rest, [name]: value } : rest };
      }),
    });
  const chosenItem = items.data?.find((item) => item.id === rule.sourceContentItemId);

  return (
    <section className="repost-rule" aria-label={t('botControl.reposter.ruleLabel', { name })}>
      <div className="repost-rule-header">
        <TextField
          label={t('botControl.reposter.name')}
          value={rule.id}
          onChange={(event) => onChange({ id: event.target.value })}
          hint={t('botControl.reposter.nameHint')}
          errors={errorsOf('id')}
          disabled={disabled}
          maxLength={40}
        />
        <label className="radio">
          <input type="checkbox" checked={rule.enabled} disabled={disabled} onChange={(event) => onChange({ enabled: event.target.checked })} />
          {t('botControl.reposter.enabled')}
        </label>
      </div>

      <fieldset className="checkbox-group">
        <legend className="form-label">{t('botControl.reposter.source')}</legend>
        <label className="radio">
          <input type="radio" name={`${id}-source`} checked={rule.source === 'account'} disabled={disabled} onChange={() => onChange({ source: 'account' })} />
          {t('botControl.reposter.sourceAccount')}
        </label>
        <label className="radio">
          <input type="radio" name={`${id}-source`} checked={rule.source === 'post'} disabled={disabled} onChange={() => onChange({ source: 'post' })} />
          {t('botControl.reposter.sourcePost')}
        </label>
        {rule.source === 'account' ? (
          <SelectField
            label={t('botControl.reposter.sourceAccountLabel')}
            value={rule.sourceAccountId}
            onChange={(event) => onChange({ sourceAccountId: event.target.value })}
            errors={errorsOf('source')}
            disabled={disabled}
          >
            <option value="">{t('botControl.reposter.chooseAccount')}</option>
            {accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {accountLabel(account)}
              </option>
            ))}
          </SelectField>
        ) : (
          <>
            <TextField
              type="search"
              label={t('botControl.reposter.searchPosts')}
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              disabled={disabled}
            />
            <SelectField
              label={t('botControl.reposter.sourcePostLabel')}
              value={rule.sourceContentItemId}
              onChange={(event) => onChange({ sourceContentItemId: event.target.value })}
              errors={errorsOf('source')}
              disabled={disabled}
            >
              <option value="">{t('botControl.reposter.choosePost')}</option>
              {rule.sourceContentItemId && !chosenItem ? <option value={rule.sourceContentItemId}>{t('botControl.reposter.savedPost')}</option> : null}
              {(items.data ?? []).map((item) => (
                <option key={item.id} value={item.id}>
                  {`${item.title || item.caption.slice(0, 60)}${item.scheduledAt ? ` — ${formatDateTime(item.scheduledAt)}` : ''}`}
                </option>
              ))}
            </SelectField>
          </>
        )}
      </fieldset>

      <fieldset className="checkbox-group">
        <legend className="form-label">{t('botControl.reposter.targets')}</legend>
        {accounts.length === 0 ? <p className="muted">{t('botControl.reposter.noAccounts')}</p> : null}
        {accounts.map((account) => {
          const target = rule.targets.find((entry) => entry.accountId === account.id);
          const isSource = rule.source === 'account' && rule.sourceAccountId === account.id;
          return (
            <div key={account.id} className="repost-target">
              <label className="radio">
                <input
                  type="checkbox"
                  checked={targetIds.includes(account.id)}
                  disabled={disabled || (isSource && !target)}
                  onChange={(event) => toggleTarget(account.id, event.target.checked)}
                />
                {accountLabel(account)}
              </label>
              {target
                ? unattendedOf(account).map((field) => {
                    const value = target.options[field.name];
                    return (
                      <SelectField
                        key={field.name}
                        label={text(field.unattended.labelKey, `${field.name} (@${account.handle})`, { handle: account.handle })}
                        value={typeof value === 'string' ? value : ''}
                        onChange={(event) => setOption(account.id, field.name, event.target.value)}
                        disabled={disabled}
                      >
                        <option value="">{text(field.unattended.placeholderKey, field.name)}</option>
                        {(field.values ?? []).map((option) => (
                          <option key={option} value={option}>
                            {field.valueLabelKeyPrefix ? text(`${field.valueLabelKeyPrefix}.${option}`, option) : option}
                          </option>
                        ))}
                      </SelectField>
                    );
                  })
                : null}
            </div>
          );
        })}
        <FieldErrors errors={errorsOf('targets')} />
      </fieldset>

      <fieldset className="checkbox-group">
        <legend className="form-label">{t('botControl.reposter.trigger')}</legend>
        <label className="radio">
          <input type="radio" name={`${id}-trigger`} checked={rule.trigger === 'delay'} disabled={disabled} onChange={() => onChange({ trigger: 'delay' })} />
          {t('botControl.reposter.triggerDelay')}
        </label>
        <label className="radio">
          <input
            type="radio"
            name={`${id}-trigger`}
            checked={rule.trigger === 'threshold'}
            disabled={disabled}
            onChange={() => onChange({ trigger: 'threshold' })}
          />
          {t('botControl.reposter.triggerThreshold')}
        </label>
        {rule.trigger === 'delay' ? (
          <TextField
            label={t('botControl.reposter.hours')}
            type="number"
            inputMode="numeric"
            min={1}
            max={720}
            value={rule.hours}
            onChange={(event) => onChange({ hours: event.target.value })}
            errors={errorsOf('trigger')}
            disabled={disabled}
          />
        ) : (
          <div className="repost-threshold">
            <SelectField
              label={t('botControl.reposter.metric')}
              value={rule.metric}
              onChange={(event) => onChange({ metric: REPOST_METRICS.find((metric) => metric === event.target.value) ?? 'views' })}
              disabled={disabled}
            >
              {REPOST_METRICS.map((metric) => (
                <option key={metric} value={metric}>
                  {t(`botControl.reposter.metrics.${metric}`)}
                </option>
              ))}
            </SelectField>
            <TextField
              label={t('botControl.reposter.atLeast')}
              type="number"
              inputMode="numeric"
              min={1}
              value={rule.atLeast}
              onChange={(event) => onChange({ atLeast: event.target.value })}
              errors={errorsOf('trigger')}
              disabled={disabled}
            />
          </div>
        )}
      </fieldset>

      <TextAreaField
        label={t('botControl.reposter.captionVariant')}
        rows={3}
        value={rule.captionVariant}
        onChange={(event) => onChange({ captionVariant: event.target.value })}
        hint={t('botControl.reposter.captionHint', VARIABLES)}
        errors={errorsOf('captionVariant')}
        disabled={disabled}
      />

      {disabled ? null : (
        <div>
          <Button size="small" variant="ghost" onClick={onRemove}>
            {t('botControl.reposter.removeRule', { name })}
          </Button>
        </div>
      )}
    </section>
  );
}
