import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../api/errors';
import { formatDateTime } from '../lib/dates';
import { useMe } from '../session/me';
import { roleAtLeast } from '../session/roles';
import { Badge, type BadgeTone } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Panel } from '../ui/Panel';
import { Skeleton } from '../ui/Skeleton';

import './review.css';

import { useReviewDecision, useReviewState, type ReviewState } from './reviews';

const TONES: Record<ReviewState['state'], BadgeTone> = { none: 'neutral', in_review: 'warning', changes_requested: 'danger', approved: 'ok' };

/** The review status word of an item: "Awaiting approval" while a required approval is missing. */
export function reviewStatusKey(state: ReviewState): `review.status.${'awaiting_approval' | ReviewState['state']}` {
  return state.awaitingApproval && state.state !== 'changes_requested' ? 'review.status.awaiting_approval' : `review.status.${state.state}`;
}

/** Where a post stands in review, and the decisions the caller may take (issue 25). */
export function ReviewPanel({ workspaceId, itemId, timeZone }: { workspaceId: string; itemId: string; timeZone: string }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const review = useReviewState(workspaceId, itemId);
  const decide = useReviewDecision(workspaceId, itemId);
  const [changes, setChanges] = useState<string | null>(null);
  const changesId = useId();
  if (review.isError) return <Panel title={t('review.panel.title')}>{describeError(review.error)}</Panel>;
  if (!review.data) return <Panel title={t('review.panel.title')}>{<Skeleton width="40%" />}</Panel>;
  const state = review.data;
  if (state.policy === 'none' && state.state === 'none') return null;
  const name = (actor: { name: string | null } | undefined) => actor?.name ?? t('review.someone');
  const when = (actor: { at: string } | undefined) => (actor ? formatDateTime(actor.at, timeZone) : '');
  const submitChanges = (event: FormEvent) => {
    event.preventDefault();
    if (!changes?.trim()) return;
    decide.mutate({ kind: 'changes', comment: changes.trim() }, { onSuccess: () => setChanges(null) });
  };
  const canRequest = roleAtLeast(me.role, 'contributor') && state.policy !== 'none' && (state.state === 'none' || state.state === 'changes_requested');
  return (
    <Panel title={t('review.panel.title')} aside={<Badge tone={state.awaitingApproval ? 'warning' : TONES[state.state]}>{t(reviewStatusKey(state))}</Badge>}>
      <div className="review-panel" data-testid="review-panel">
        {state.awaitingApproval ? <p>{t('review.panel.awaiting')}</p> : null}
        {state.voided ? <p role="status">{t('review.voided', { name: name(state.voided), time: when(state.voided) })}</p> : null}
        {state.approved ? <p>{t('review.approvedBy', { name: name(state.approved), time: when(state.approved) })}</p> : null}
        {state.changesRequested ? <p>{t('review.changesRequestedBy', { name: name(state.changesRequested), time: when(state.changesRequested) })}</p> : null}
        {state.clientStep === 'pending' ? <p className="muted">{t('review.clientPending')}</p> : null}
        {state.canDecide && state.selfApprovalBlocked ? <p className="muted">{t('review.panel.selfBlocked')}</p> : null}
        <p className="muted">
          {t('review.panel.hash')}: <span className="mono">{state.hash.slice(0, 12)}</span>
        </p>
        {decide.isError ? <p className="form-errors">{describeError(decide.error, { timeZone })}</p> : null}
        <div className="review-actions">
          {canRequest ? (
            <Button size="small" loading={decide.isPending} onClick={() => decide.mutate({ kind: 'request' })}>
              {t('review.panel.requestReview')}
            </Button>
          ) : null}
          {state.canDecide && state.state !== 'approved' ? (
            <>
              <Button
                variant="primary"
                size="small"
                disabled={state.selfApprovalBlocked}
                loading={decide.isPending}
                onClick={() => decide.mutate({ kind: 'approve', hash: state.hash })}
              >
                {t('review.panel.approve')}
              </Button>
              {changes === null ? (
                <Button size="small" onClick={() => setChanges('')}>
                  {t('review.panel.requestChanges')}
                </Button>
              ) : null}
            </>
          ) : null}
        </div>
        {changes !== null ? (
          <form className="review-changes" onSubmit={submitChanges}>
            <label className="form-label" htmlFor={changesId}>
              {t('review.panel.changesLabel')}
            </label>
            <textarea id={changesId} className="input textarea" rows={3} value={changes} onChange={(event) => setChanges(event.target.value)} />
            <div className="review-actions">
              <Button type="submit" variant="primary" size="small" loading={decide.isPending} disabled={!changes.trim()}>
                {t('review.panel.send')}
              </Button>
              <Button size="small" variant="ghost" onClick={() => setChanges(null)}>
                {t('review.panel.cancel')}
              </Button>
            </div>
          </form>
        ) : null}
      </div>
    </Panel>
  );
}
