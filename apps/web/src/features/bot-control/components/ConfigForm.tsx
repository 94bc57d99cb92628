import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { useAccounts } from '../../../shared/content/accounts';
import { unattendedOptions, usePlatforms } from '../../../shared/content/platforms';
import { Button } from '../../../shared/ui/Button';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { TextField } from '../../../shared/ui/FormField';
import { Switch } from '../../../shared/ui/Switch';
import { automationErrorMessages, useSetAutomation, type Automation } from '../api/automations';
import { AccountScopeField } from './AccountScopeField';
import {
  ACCOUNT_SCOPE_PLATFORM,
  buildConfig,
  fieldSpecs,
  IG_WELCOME_DM_GROUPS,
  localizeDefaults,
  splitMessages,
  toDraft,
  type Draft,
  type FieldProblem,
  type FieldSpec,
} from './config-fields';
import { OwnPostsPicker } from './OwnPostsPicker';
import { RepostRulesField } from './RepostRulesField';
import { TemplateEditor } from './TemplateEditor';
import { TextAreaField } from './TextAreaField';

/** A message's variables, kept as written in a translated default message. */
const TEMPLATE_VARIABLES = { username: '{{username}}', account: '{{account}}', keyword: '{{keyword}}' };

/** Settings with a readable label; others show under their own name. */
const CONFIG_LABELS = {
  message: 'botControl.config.message',
  requireOptIn: 'botControl.config.requireOptIn',
  replyWithinHours: 'botControl.config.replyWithinHours',
  commentKeywords: 'botControl.config.commentKeywords',
  commentMediaIds: 'botControl.config.commentMediaIds',
  commentReplyMessage: 'botControl.config.commentReplyMessage',
  welcomeOncePerDays: 'botControl.config.welcomeOncePerDays',
  optOutKeywords: 'botControl.config.optOutKeywords',
  maxMessagesPerHour: 'botControl.config.maxMessagesPerHour',
  postsPerDayByWeek: 'botControl.config.postsPerDayByWeek',
  autoSpread: 'botControl.config.autoSpread',
  rules: 'botControl.config.rules',
  lookbackDays: 'botControl.config.lookbackDays',
  maxPerDay: 'botControl.config.maxPerDay',
  accountIds: 'botControl.config.accountIds',
} as const;

/** Hints for settings whose format is not obvious. */
const CONFIG_HINTS = {
  commentKeywords: 'botControl.form.hints.commentKeywords',
  optOutKeywords: 'botControl.form.hints.optOutKeywords',
  requireOptIn: 'botControl.form.hints.requireOptIn',
} as const;

const PROBLEM_MESSAGES = {
  number: 'botControl.form.problems.number',
  numberList: 'botControl.form.problems.numberList',
  json: 'botControl.form.problems.json',
  accountsNone: 'botControl.form.problems.accountsNone',
  rules: 'botControl.form.problems.rules',
} as const satisfies Record<FieldProblem, string>;

/** The entry of `table` for a setting, if it has one (settings come from the API: any name). */
function entryFor<T extends Record<string, string>>(table: T, name: string): T[keyof T] | undefined {
  return Object.hasOwn(table, name) ? table[name as keyof T] : undefined;
}

interface ConfigFormProps {
  automation: Automation;
  workspaceId: string;
  canManage: boolean;
}

interface FormState {
  /** The config the draft started from (JSON), to tell edits from news. */
  base: string;
  draft: Draft;
}

/**
 * An automation's settings: the Instagram welcome DM's in groups with its DM templates previewed,
 * any other automation's from the shape of its config. The API validates; its messages show
 * under the settings they name. A change made elsewhere replaces the form unless it was edited.
 */
export function ConfigForm({ automation, workspaceId, canManage }: ConfigFormProps) {
  const { t } = useTranslation();
  const { key } = automation;
  const save = useSetAutomation(workspaceId, { successMessage: t('botControl.form.saved') });
  const configJson = JSON.stringify(automation.config);
  const specs = useMemo(() => fieldSpecs(key, JSON.parse(configJson) as Record<string, unknown>), [key, configJson]);
  // The API's default messages are English; the form shows them in the UI's language (a draft until saved).
  const localize = (config: Record<string, unknown>) =>
    localizeDefaults(key, config, (name) => t(`botControl.defaults.${key}.${name}`, { defaultValue: '', ...TEMPLATE_VARIABLES }));
  const draftOf = (config: Record<string, unknown>) => toDraft(fieldSpecs(key, config), localize(config));
  const [form, setForm] = useState<FormState>(() => ({ base: configJson, draft: draftOf(automation.config) }));
  const [problems, setProblems] = useState<Record<string, FieldProblem>>({});
  const accounts = useAccounts(workspaceId);
  const platforms = usePlatforms();
  const unattendedOf = (accountId: string) => unattendedOptions(platforms.data, accounts.data?.find((account) => account.id === accountId)?.platform);

  const baseConfig = JSON.parse(form.base) as Record<string, unknown>;
  const dirty = JSON.stringify(form.draft) !== JSON.stringify(draftOf(baseConfig));
  // The stored messages are still the English defaults shown translated: saving stores what is shown.
  const translatedDefaults = JSON.stringify(localize(baseConfig)) !== form.base;
  // News from the API (a save here or in another tab, over SSE): take it unless the user is editing.
  if (configJson !== form.base && !dirty) setForm({ base: configJson, draft: draftOf(automation.config) });

  const names = specs.map((spec) => spec.name);
  const apiMessages = save.isError ? splitMessages(automationErrorMessages(save.error), names) : { byField: {}, general: [] };
  const label = (name: string): string => {
    const labelKey = entryFor(CONFIG_LABELS, name);
    return labelKey ? t(labelKey) : name;
  };
  const errorsOf = (name: string): string[] | undefined => {
    const problem = problems[name];
    const own = problem ? [t(PROBLEM_MESSAGES[problem])] : [];
    const fromApi = (apiMessages.byField as Record<string, string[]>)[name] ?? [];
    const all = [...own, ...fromApi];
    return all.length > 0 ? all : undefined;
  };
  const setValue = (name: string, value: string | boolean) => setForm((current) => ({ ...current, draft: { ...current.draft, [name]: value } }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = buildConfig(specs, form.draft, { unattendedOf });
    if ('problems' in built) {
      setProblems(built.problems);
      return;
    }
    setProblems({});
    save.mutate(
      { key, enabled: automation.enabled, config: built.config },
      { onSuccess: (saved) => setForm({ base: JSON.stringify(saved.config), draft: draftOf(saved.config) }) },
    );
  };
  const discard = () => {
    setProblems({});
    save.reset();
    setForm({ base: configJson, draft: draftOf(automation.config) });
  };

  const renderField = (spec: FieldSpec) => {
    const value = form.draft[spec.name];
    const errors = errorsOf(spec.name);
    const hintKey = entryFor(CONFIG_HINTS, spec.name);
    const hint = hintKey ? t(hintKey) : undefined;
    const disabled = !canManage;
    switch (spec.kind) {
      case 'template':
        return (
          <TemplateEditor
            key={spec.name}
            workspaceId={workspaceId}
            automationKey={key}
            field={spec.name}
            label={label(spec.name)}
            value={typeof value === 'string' ? value : ''}
            onChange={(next) => setValue(spec.name, next)}
            errors={errors}
            disabled={disabled}
          />
        );
      case 'boolean':
      case 'locked':
        return (
          <div key={spec.name} className="form-field">
            <Switch
              checked={value === true}
              onCheckedChange={(next) => setValue(spec.name, next)}
              label={label(spec.name)}
              disabled={disabled || spec.kind === 'locked'}
            />
            {hint ? <p className="form-hint">{hint}</p> : null}
            {errors ? (
              <ul className="form-errors">
                {errors.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            ) : null}
          </div>
        );
      case 'number':
        return (
          <TextField
            key={spec.name}
            label={label(spec.name)}
            type="number"
            inputMode="numeric"
            value={String(value ?? '')}
            onChange={(event) => setValue(spec.name, event.target.value)}
            errors={errors}
            hint={hint}
            disabled={disabled}
          />
        );
      case 'numberList':
        return (
          <TextField
            key={spec.name}
            label={label(spec.name)}
            value={String(value ?? '')}
            onChange={(event) => setValue(spec.name, event.target.value)}
            errors={errors}
            hint={hint ?? t('botControl.form.hints.numberList')}
            disabled={disabled}
          />
        );
      case 'stringList':
        return (
          <TextAreaField
            key={spec.name}
            label={label(spec.name)}
            rows={3}
            value={String(value ?? '')}
            onChange={(event) => setValue(spec.name, event.target.value)}
            errors={errors}
            hint={hint ?? t('botControl.form.hints.stringList')}
            disabled={disabled}
          />
        );
      case 'accounts':
        return (
          <AccountScopeField
            key={spec.name}
            workspaceId={workspaceId}
            platform={ACCOUNT_SCOPE_PLATFORM[key] ?? 'instagram'}
            label={label(spec.name)}
            value={String(value ?? '')}
            onChange={(next) => setValue(spec.name, next)}
            errors={errors}
            disabled={disabled}
          />
        );
      case 'ownPosts':
        return (
          <OwnPostsPicker
            key={spec.name}
            workspaceId={workspaceId}
            label={label(spec.name)}
            value={String(value ?? '')}
            onChange={(next) => setValue(spec.name, next)}
            errors={errors}
            disabled={disabled}
          />
        );
      case 'repostRules':
        return (
          <RepostRulesField
            key={spec.name}
            workspaceId={workspaceId}
            label={label(spec.name)}
            value={String(value ?? '[]')}
            onChange={(next) => setValue(spec.name, next)}
            errors={errors}
            showProblems={problems[spec.name] !== undefined}
            disabled={disabled}
          />
        );
      case 'json':
        return (
          <TextAreaField
            key={spec.name}
            code
            label={label(spec.name)}
            rows={6}
            spellCheck={false}
            value={String(value ?? '')}
            onChange={(event) => setValue(spec.name, event.target.value)}
            errors={errors}
            hint={t('botControl.form.hints.json')}
            disabled={disabled}
          />
        );
      default: {
        const text = String(value ?? '');
        return text.length > 60 ? (
          <TextAreaField
            key={spec.name}
            label={label(spec.name)}
            rows={3}
            value={text}
            onChange={(event) => setValue(spec.name, event.target.value)}
            errors={errors}
            hint={hint}
            disabled={disabled}
          />
        ) : (
          <TextField
            key={spec.name}
            label={label(spec.name)}
            value={text}
            onChange={(event) => setValue(spec.name, event.target.value)}
            errors={errors}
            hint={hint}
            disabled={disabled}
          />
        );
      }
    }
  };

  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const grouped = key === 'ig_welcome_dm' ? IG_WELCOME_DM_GROUPS : [];
  const inGroups = new Set<string>(grouped.flatMap((group) => group.fields));
  const rest = specs.filter((spec) => !inGroups.has(spec.name));

  return (
    <form
      className="automation-form"
      onSubmit={submit}
      noValidate
      aria-label={t('botControl.form.label', { name: t(`botControl.automations.${key}.name`, { defaultValue: key }) })}
    >
      {grouped.map((group) => {
        const fields = group.fields.map((name) => byName.get(name)).filter((spec): spec is FieldSpec => spec !== undefined);
        if (fields.length === 0) return null;
        return (
          <fieldset key={group.id} className="automation-form-group">
            <legend>{t(`botControl.form.groups.${group.id}`)}</legend>
            {fields.map(renderField)}
          </fieldset>
        );
      })}
      {rest.length > 0 ? <div className="automation-form-fields">{rest.map(renderField)}</div> : null}
      {specs.length === 0 ? <p className="muted">{t('botControl.form.noSettings')}</p> : null}

      {apiMessages.general.length > 0 ? (
        <ErrorNotice title={t('botControl.form.saveFailed')}>
          <ul className="plain-list">
            {apiMessages.general.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </ErrorNotice>
      ) : save.isError ? (
        <ErrorNotice title={t('botControl.form.saveFailed')}>{t('common.checkFields')}</ErrorNotice>
      ) : null}

      {canManage ? (
        <div className="automation-form-actions">
          <Button type="submit" variant="primary" loading={save.isPending} disabled={!dirty && !translatedDefaults}>
            {save.isPending ? t('botControl.form.saving') : t('botControl.form.save')}
          </Button>
          {dirty ? (
            <Button variant="ghost" onClick={discard} disabled={save.isPending}>
              {t('botControl.form.discard')}
            </Button>
          ) : null}
          {dirty ? <span className="muted">{t('botControl.form.unsaved')}</span> : null}
          {!dirty && translatedDefaults ? <span className="muted">{t('botControl.form.translatedDefaults')}</span> : null}
        </div>
      ) : (
        <p className="muted">{t('botControl.form.adminOnly')}</p>
      )}
    </form>
  );
}
