import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { workspaceId } from '../../../test/fixtures';
import { createTestQueryClient } from '../../../test/query-client';
import { renderPage } from '../../../test/render-page';
import { seedSignedIn } from '../../../test/seed';
import type { Experiment } from '../api/experiments';
import { ExperimentResults } from './ExperimentResults';

const variant = (label: string, caption: string, itemId: string): Experiment['variants'][number] => ({
  label,
  caption,
  hashtags: [],
  accountId: `a000000${label === 'A' ? 1 : 2}-0000-4000-8000-000000000001`,
  handle: label === 'A' ? 'acme' : 'acme.two',
  itemId,
  scheduledAt: '2030-01-01T10:00:00.000Z',
  publicationId: null,
  publicationStatus: 'posted',
  postedAt: '2030-01-01T10:00:00.000Z',
  permalink: null,
});

const base: Experiment = {
  id: 'e0000000-0000-4000-8000-000000000001',
  itemId: 'b0000000-0000-4000-8000-000000000001',
  platform: 'tiktok',
  mode: 'accounts',
  metric: 'views',
  age: '24h',
  status: 'decided',
  cancelReason: null,
  variants: [variant('A', 'First caption', 'c0000000-0000-4000-8000-000000000001'), variant('B', 'Second caption', 'c0000000-0000-4000-8000-000000000002')],
  verdict: {
    outcome: 'winner',
    winner: 'B',
    threshold: 0.95,
    method: 'Bayesian comparison of log figures',
    variants: [
      { label: 'A', value: 1000, score: 0, sd: 0.03, varianceSource: 'account', pBest: 0.0007, baselinePosts: 6 },
      { label: 'B', value: 1700, score: 0.53, sd: 0.03, varianceSource: 'account', pBest: 0.9993, baselinePosts: 6 },
    ],
  },
  decidedAt: '2030-01-02T10:06:00.000Z',
  createdAt: '2029-12-30T10:00:00.000Z',
};

function render(experiment: Experiment) {
  const queryClient = createTestQueryClient();
  seedSignedIn(queryClient);
  renderPage(queryClient, () => <ExperimentResults workspaceId={workspaceId} experiment={experiment} timeZone="UTC" />);
}

describe('a caption experiment’s results', () => {
  it('names the winner in words with its probability, and shows each variant’s figure, its gap to the usual and P(best)', async () => {
    render(base);
    expect(await screen.findByText('Variant B wins: 99.9% probability of being the best caption (Views at 24 hours).')).toBeTruthy();
    const table = screen.getByRole('table', { name: 'The variants of this experiment and their results' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[3]!.textContent)).toEqual(['1,000', '1,700']);
    expect(rows.map((row) => within(row).getAllByRole('cell')[5]!.textContent)).toEqual(['0.1%', '99.9%']);
    expect(rows.map((row) => within(row).getAllByRole('cell')[4]!.textContent)).toEqual(['×1', '×1.7']);
    expect(within(rows[1]!).getByRole('meter', { name: 'Probability of being best' }).getAttribute('value')).toBe('0.9993');
  });

  it('says there is no clear winner when none reaches 95 %', async () => {
    render({
      ...base,
      status: 'no_clear_winner',
      verdict: {
        ...base.verdict!,
        outcome: 'no_clear_winner',
        winner: null,
        variants: base.verdict!.variants.map((v) => ({ ...v, pBest: v.label === 'B' ? 0.81 : 0.19 })),
      },
    });
    expect(await screen.findByText(/^No clear winner: no variant reached 95% probability of being best\./)).toBeTruthy();
    expect(screen.queryByText(/wins:/)).toBeNull();
  });

  it('offers to cancel a running experiment and shows no verdict yet', async () => {
    render({ ...base, status: 'waiting_for_age', verdict: null, decidedAt: null });
    expect(await screen.findByRole('button', { name: 'Cancel the experiment' })).toBeTruthy();
    expect(screen.getByText(/Waiting: the posts are live, the comparison comes at 24 hours/)).toBeTruthy();
    expect(screen.getAllByText('not yet')).toHaveLength(2);
  });
});
