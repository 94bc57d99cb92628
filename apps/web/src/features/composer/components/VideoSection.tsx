import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { formatBytes, formatPercent } from '../../../shared/i18n/format';
import type { Asset } from '../api/assets';
import { useTusUpload } from '../hooks/useTusUpload';
import { LibraryPicker } from './LibraryPicker';

interface VideoSectionProps {
  workspaceId: string;
  assetId: string | null;
  /** The chosen video, named under the library button. */
  current: Asset | undefined;
  onAsset: (id: string | null) => void;
  /** The file being uploaded (for the previews), or null when a stored video is picked. */
  onLocalFile: (file: File | null) => void;
}

/** Upload a video (resumable) or choose one from the library. */
export function VideoSection({ workspaceId, assetId, current, onAsset, onLocalFile }: VideoSectionProps) {
  const { t } = useTranslation();
  const id = useId();
  const [mode, setMode] = useState<'upload' | 'pick'>(assetId ? 'pick' : 'upload');
  const upload = useTusUpload();
  const { state } = upload;
  const fraction = state.bytesTotal > 0 ? state.bytesSent / state.bytesTotal : 0;
  const uploadedId = state.status === 'done' ? state.assetId : null;
  useEffect(() => {
    if (uploadedId) onAsset(uploadedId);
  }, [uploadedId, onAsset]);

  return (
    <fieldset className="composer-section">
      <legend className="composer-section-title">{t('composer.video')}</legend>
      <div className="segmented" role="radiogroup" aria-label={t('composer.videoSource')}>
        {(['upload', 'pick'] as const).map((value) => (
          <label key={value} className="radio">
            <input type="radio" name={`${id}-mode`} checked={mode === value} onChange={() => setMode(value)} />
            {t(`composer.source.${value}`)}
          </label>
        ))}
      </div>
      {mode === 'upload' ? (
        <div className="upload">
          <label className="form-label" htmlFor={`${id}-file`}>
            {t('composer.videoFile')}
          </label>
          <input
            id={`${id}-file`}
            className="input"
            type="file"
            accept="video/mp4,video/quicktime,video/*"
            onChange={(event) => {
              const file = event.target.files?.[0];
              onAsset(null);
              onLocalFile(file ?? null);
              if (file) upload.start(file);
            }}
          />
          {state.status !== 'idle' ? (
            <div className="upload-progress">
              <progress max={1} value={fraction} aria-label={t('composer.uploadProgress')} />
              <span aria-live="polite">
                {t(`composer.upload.${state.status}`, {
                  percent: formatPercent(fraction),
                  sent: formatBytes(state.bytesSent),
                  total: formatBytes(state.bytesTotal),
                })}
              </span>
              {state.status === 'uploading' ? (
                <button type="button" className="button button--secondary button--small" onClick={upload.pause}>
                  {t('composer.pause')}
                </button>
              ) : null}
              {state.status === 'paused' ? (
                <button type="button" className="button button--secondary button--small" onClick={upload.resume}>
                  {t('composer.resume')}
                </button>
              ) : null}
              {state.error != null ? <span className="form-errors">{describeError(state.error)}</span> : null}
              {state.duplicateOf ? <span className="form-hint">{t('composer.duplicateUpload')}</span> : null}
            </div>
          ) : null}
        </div>
      ) : (
        <div className="pick">
          <LibraryPicker
            workspaceId={workspaceId}
            onPick={(asset) => {
              onLocalFile(null);
              onAsset(asset.id);
            }}
          />
          <p className="muted" aria-live="polite">
            {current && current.id === assetId ? t('library.picker.chosen', { name: current.filename }) : t('library.picker.none')}
          </p>
        </div>
      )}
    </fieldset>
  );
}
