import { useId, useState, type CSSProperties, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { brandContrastProblems, contrastRatio, DEFAULT_PRODUCT_NAME, HEX_COLOR, MIN_ACCENT_CONTRAST, MIN_PRIMARY_CONTRAST } from '@mwr/domain';

import { describeError, fieldErrorsOf } from '../../../shared/api/errors';
import { brandTokens, type WorkspaceBranding } from '../../../shared/branding/branding';
import { BrandMark } from '../../../shared/branding/BrandTheme';
import { FormError } from '../../../shared/ui/FormError';
import { TextField } from '../../../shared/ui/FormField';
import { Panel } from '../../../shared/ui/Panel';
import { useBrandingSettings, useRemoveLogo, useUpdateBranding, useUploadLogo } from '../api/branding';

import './branding-panel.css';

const DEFAULT_PRIMARY = '#4f46e5';
const DEFAULT_ACCENT = '#6366f1';

/** A colour as text (what is saved) and as a picker (what is easy); the ratio with white, live. */
function ColorField(props: {
  label: string;
  hint: string;
  name: string;
  value: string;
  fallback: string;
  minimum: number;
  errors: readonly string[] | undefined;
  onChange: (value: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const valid = HEX_COLOR.test(props.value);
  const ratio = valid ? contrastRatio(props.value, '#ffffff') : undefined;
  const ok = ratio !== undefined && ratio >= props.minimum;
  const formatted = ratio !== undefined ? new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 }).format(ratio) : '';
  const minimum = new Intl.NumberFormat(i18n.language).format(props.minimum);
  return (
    <div className="branding-color">
      <TextField
        label={props.label}
        name={props.name}
        value={props.value}
        placeholder={props.fallback}
        maxLength={7}
        spellCheck={false}
        autoComplete="off"
        hint={
          <>
            {props.hint}
            {ratio !== undefined ? (
              <span
                className={ok ? 'branding-contrast branding-contrast--ok' : 'branding-contrast branding-contrast--low'}
                data-testid={`${props.name}-contrast`}
              >
                {t('branding.contrast', { ratio: formatted })} — {ok ? t('branding.contrastOk') : t('branding.contrastLow', { minimum })}
              </span>
            ) : null}
          </>
        }
        errors={props.value && !valid ? [t('branding.colorInvalid')] : props.errors}
        onChange={(event) => props.onChange(event.target.value.trim())}
      />
      <input
        type="color"
        className="branding-picker"
        aria-label={t('branding.colorPicker', { label: props.label })}
        value={valid ? props.value.toLowerCase() : props.fallback}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </div>
  );
}

function BrandingForm({ workspaceId, saved }: { workspaceId: string; saved: WorkspaceBranding }) {
  const { t } = useTranslation();
  const update = useUpdateBranding(workspaceId);
  const uploadLogo = useUploadLogo(workspaceId);
  const removeLogo = useRemoveLogo(workspaceId);
  const [productName, setProductName] = useState(saved.productName ?? '');
  const [primaryColor, setPrimaryColor] = useState(saved.primaryColor ?? '');
  const [accentColor, setAccentColor] = useState(saved.accentColor ?? '');
  const [customHost, setCustomHost] = useState(saved.customHost ?? '');
  const logoInputId = useId();
  const fieldErrors = fieldErrorsOf(update.error);
  const colors = {
    primaryColor: HEX_COLOR.test(primaryColor) ? primaryColor.toLowerCase() : null,
    accentColor: HEX_COLOR.test(accentColor) ? accentColor.toLowerCase() : null,
  };
  // The server refuses the same (422 with the ratio); checking here saves a round trip.
  const blocked = brandContrastProblems(colors).length > 0 || (primaryColor !== '' && !colors.primaryColor) || (accentColor !== '' && !colors.accentColor);
  const previewName = productName.trim() || DEFAULT_PRODUCT_NAME;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({
      productName: productName.trim() || null,
      primaryColor: colors.primaryColor,
      accentColor: colors.accentColor,
      customHost: customHost.trim().toLowerCase() || null,
    });
  }

  return (
    <div className="branding-layout">
      <form className="form" onSubmit={submit} noValidate aria-label={t('branding.form')}>
        <FormError error={update.error} title={t('branding.saveFailed')} fields={['productName', 'primaryColor', 'accentColor', 'customHost']} />
        <TextField
          label={t('branding.productName')}
          name="productName"
          maxLength={60}
          value={productName}
          placeholder={DEFAULT_PRODUCT_NAME}
          hint={t('branding.productNameHint', { default: DEFAULT_PRODUCT_NAME })}
          errors={fieldErrors.productName}
          onChange={(event) => setProductName(event.target.value)}
        />
        <div className="form-row">
          <ColorField
            label={t('branding.primaryColor')}
            hint={t('branding.primaryColorHint')}
            name="primaryColor"
            value={primaryColor}
            fallback={DEFAULT_PRIMARY}
            minimum={MIN_PRIMARY_CONTRAST}
            errors={fieldErrors.primaryColor}
            onChange={setPrimaryColor}
          />
          <ColorField
            label={t('branding.accentColor')}
            hint={t('branding.accentColorHint')}
            name="accentColor"
            value={accentColor}
            fallback={DEFAULT_ACCENT}
            minimum={MIN_ACCENT_CONTRAST}
            errors={fieldErrors.accentColor}
            onChange={setAccentColor}
          />
        </div>
        <TextField
          label={t('branding.customHost')}
          name="customHost"
          value={customHost}
          placeholder="review.acme.com"
          spellCheck={false}
          autoComplete="off"
          inputMode="url"
          hint={t('branding.customHostHint')}
          errors={fieldErrors.customHost}
          onChange={(event) => setCustomHost(event.target.value)}
        />
        <div className="form-field">
          <label className="form-label" htmlFor={logoInputId}>
            {t('branding.logo')}
          </label>
          <div className="branding-logo-row">
            {saved.logoUrl ? <img className="branding-logo-current" src={saved.logoUrl} alt={t('branding.logo')} /> : null}
            <input
              id={logoInputId}
              type="file"
              className="input"
              accept="image/png,image/jpeg,image/webp"
              aria-describedby={`${logoInputId}-hint`}
              disabled={uploadLogo.isPending}
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) uploadLogo.mutate(file);
                event.target.value = '';
              }}
            />
            {saved.logoUrl ? (
              <button type="button" className="button button--ghost" disabled={removeLogo.isPending} onClick={() => removeLogo.mutate()}>
                {t('branding.removeLogo')}
              </button>
            ) : null}
          </div>
          <p className="form-hint" id={`${logoInputId}-hint`}>
            {t('branding.logoHint')}
          </p>
          {uploadLogo.isError || removeLogo.isError ? (
            <p className="form-errors" role="alert">
              {t('branding.logoFailed')}: {describeError(uploadLogo.error ?? removeLogo.error)}
            </p>
          ) : null}
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={update.isPending || blocked}>
            {update.isPending ? t('common.saving') : t('branding.save')}
          </button>
          <span className="form-success" aria-live="polite">
            {update.isSuccess ? t('branding.saved') : ''}
          </span>
        </div>
      </form>
      <BrandingPreview name={previewName} logoUrl={saved.logoUrl} colors={colors} />
    </div>
  );
}

/** The brand as it will look, live: its tokens apply to this box only until saved. */
function BrandingPreview({
  name,
  logoUrl,
  colors,
}: {
  name: string;
  logoUrl: string | null;
  colors: { primaryColor: string | null; accentColor: string | null };
}) {
  const { t } = useTranslation();
  const headingId = useId();
  // Invalid or too-pale colours are not previewed: what shows is what can be saved.
  const usable = {
    primaryColor: brandContrastProblems({ primaryColor: colors.primaryColor }).length ? null : colors.primaryColor,
    accentColor: brandContrastProblems({ accentColor: colors.accentColor }).length ? null : colors.accentColor,
  };
  return (
    <section className="branding-preview" aria-labelledby={headingId} data-testid="branding-preview" style={brandTokens(usable) as CSSProperties}>
      <h3 id={headingId} className="branding-preview-title">
        {t('branding.preview')}
      </h3>
      <p className="muted">{t('branding.previewDescription')}</p>
      <div className="branding-preview-card">
        <BrandMark branding={{ productName: name, logoUrl, ...usable }} />
        <p>{t('branding.previewText')}</p>
        <div className="branding-preview-actions">
          <span className="button button--primary">{t('branding.previewButton')}</span>
          <span className="branding-preview-link">{t('branding.previewLink')}</span>
        </div>
      </div>
    </section>
  );
}

/** Settings → Branding (white-label): product name, logo, colours and custom host, with a live preview. */
export function BrandingPanel({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const branding = useBrandingSettings(workspaceId);
  return (
    <Panel title={t('branding.title')} description={t('branding.description')}>
      {branding.isError ? <p role="alert">{t('branding.loadFailed')}</p> : null}
      {branding.data ? <BrandingForm key={workspaceId} workspaceId={workspaceId} saved={branding.data} /> : null}
    </Panel>
  );
}
