import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import type { PublicBranding } from '../../../shared/branding/branding';
import { BrandMark, BrandProvider } from '../../../shared/branding/BrandTheme';
import { clientReviewQueryOptions, useClientDecision, type ClientReview } from '../../../shared/notifications/notifications';
import { Button } from '../../../shared/ui/Button';

import '../../notifications/components/notifications.css';

type Item = ClientReview['items'][number];
// TODO(lead): switch to schema.gen after npm run openapi — ClientReviewDto gained `branding` (white-label, #25).
type BrandedClientReview = ClientReview & { branding?: PublicBranding };

function ClientItem({ token, item }: { token: string; item: Item }) {
  const { t, i18n } = useTranslation();
  const decide = useClientDecision(token);
  const [asking, setAsking] = useState(false);
  const [comment, setComment] = useState('');
  const commentId = useId();
  const headingId = useId();
  const date = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'full', timeStyle: 'short', timeZone: item.timeZone }).format(new Date(iso));
  return (
    <article className="client-review__item" aria-labelledby={headingId} data-testid="client-review-item">
      <h2 id={headingId}>{item.title || item.caption.slice(0, 60)}</h2>
      <p className="muted">
        {item.scheduledAt ? t('notifications.client.scheduled', { date: date(item.scheduledAt) }) : t('notifications.client.notScheduled')}
      </p>
      {item.targets.map((target) => (
        <section
          key={`${target.platform}:${target.accountName}`}
          aria-label={t('notifications.client.on', { platform: target.platform, account: target.accountName })}
        >
          <h3>{t('notifications.client.on', { platform: target.platform, account: target.accountName })}</h3>
          <p className="client-review__preview">
            {item.caption}
            {item.hashtags.length ? `\n${item.hashtags.map((h) => `#${h.replace(/^#/, '')}`).join(' ')}` : ''}
          </p>
        </section>
      ))}
      <p role="status" data-testid="client-decision">
        {t(`notifications.client.decision.${item.decision}`)}
      </p>
      {item.comments.length ? (
        <>
          <h3>{t('notifications.client.yourComments')}</h3>
          <ul>
            {item.comments.map((c) => (
              <li key={c.id}>{c.body}</li>
            ))}
          </ul>
        </>
      ) : null}
      {!item.open ? (
        <p className="muted">{t('notifications.client.closed')}</p>
      ) : (
        <div className="client-review__actions">
          <Button variant="primary" loading={decide.isPending} onClick={() => decide.mutate({ itemId: item.id, decision: 'approved' })}>
            {t('notifications.client.approve')}
          </Button>
          <Button variant="secondary" aria-expanded={asking} onClick={() => setAsking((a) => !a)}>
            {t('notifications.client.requestChanges')}
          </Button>
        </div>
      )}
      {asking && item.open ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            decide.mutate({ itemId: item.id, decision: 'changes_requested', comment }, { onSuccess: () => (setAsking(false), setComment('')) });
          }}
        >
          <label className="form-label" htmlFor={commentId}>
            {t('notifications.client.comment')}
          </label>
          <textarea id={commentId} className="input" required maxLength={5000} value={comment} onChange={(e) => setComment(e.target.value)} />
          <Button type="submit" variant="primary" loading={decide.isPending}>
            {t('notifications.client.send')}
          </Button>
        </form>
      ) : null}
      {decide.isError ? <p className="form-errors">{describeError(decide.error)}</p> : null}
    </article>
  );
}

/** /review/:token (issue 25): what a client without an account sees through a review link. Nothing else of the workspace. */
export function ClientReviewPage() {
  const { t, i18n } = useTranslation();
  const { token } = useParams({ from: '/review/$token' });
  const review = useQuery(clientReviewQueryOptions(token));
  // The workspace's brand (white-label): its colours, logo and product name, and nothing else of it.
  const branding = (review.data as BrandedClientReview | undefined)?.branding;
  return (
    <BrandProvider branding={branding}>
      <main id="main-content" className="client-review">
        {review.data ? <title>{`${t('notifications.client.title')} · ${review.data.productName}`}</title> : null}
        {review.isPending ? <p>{t('notifications.client.loading')}</p> : null}
        {review.isError ? (
          <>
            <h1>{t('notifications.client.title')}</h1>
            <p role="alert" data-testid="client-review-not-found">
              {t('notifications.client.notFound')}
            </p>
          </>
        ) : null}
        {review.data ? (
          <>
            <header className="client-review-brand">
              <BrandMark branding={branding ?? { productName: review.data.productName, logoUrl: null, primaryColor: null, accentColor: null }} />
            </header>
            <h1>{t('notifications.client.title')}</h1>
            <p>{t('notifications.client.intro')}</p>
            {review.data.items.map((item) => (
              <ClientItem key={item.id} token={token} item={item} />
            ))}
            <p className="muted">
              {t('notifications.client.expires', {
                date: new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long' }).format(new Date(review.data.expiresAt)),
              })}
            </p>
          </>
        ) : null}
      </main>
    </BrandProvider>
  );
}
