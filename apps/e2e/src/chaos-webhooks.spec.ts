import { checkWebhooks, webhookSummaryLine } from '../chaos/checker.mjs';

describe('chaos checker: webhook deliveries against posts', () => {
  const events = [
    { id: 'evt_1', publicationId: 'p1' },
    { id: 'evt_2', publicationId: 'p2' },
  ];

  it('passes when each posted target has exactly one event id, delivered at least once (redeliveries counted, allowed)', () => {
    const verdict = checkWebhooks({
      postedPublicationIds: ['p1', 'p2'],
      events,
      deliveries: [{ eventId: 'evt_1' }, { eventId: 'evt_2' }, { eventId: 'evt_2' }],
    });
    expect(verdict).toEqual({
      ok: true,
      posted: 2,
      events: 2,
      delivered: 2,
      redelivered: 1,
      problems: { missingEvent: [], duplicateEvents: [], undelivered: [], unexpectedEvent: [], unknownDelivery: [] },
    });
    expect(webhookSummaryLine(verdict)).toBe(
      'webhooks: 2 posted, 2 publication.posted events, 2 delivered (1 redeliveries), each posted target exactly one event id, delivered',
    );
  });

  it('fails a posted target without an event, with two event ids, or whose event never arrived', () => {
    const missing = checkWebhooks({ postedPublicationIds: ['p1', 'p2', 'p3'], events, deliveries: [{ eventId: 'evt_1' }, { eventId: 'evt_2' }] });
    expect(missing).toMatchObject({ ok: false, problems: { missingEvent: [{ publicationId: 'p3' }] } });
    const twice = checkWebhooks({
      postedPublicationIds: ['p1'],
      events: [events[0]!, { id: 'evt_9', publicationId: 'p1' }],
      deliveries: [{ eventId: 'evt_1' }, { eventId: 'evt_9' }],
    });
    expect(twice).toMatchObject({ ok: false, problems: { duplicateEvents: [{ publicationId: 'p1', eventIds: ['evt_1', 'evt_9'] }] } });
    const undelivered = checkWebhooks({ postedPublicationIds: ['p1', 'p2'], events, deliveries: [{ eventId: 'evt_1' }] });
    expect(undelivered).toMatchObject({ ok: false, problems: { undelivered: [{ publicationId: 'p2', eventId: 'evt_2' }] } });
    expect(webhookSummaryLine(undelivered)).toContain('PROBLEMS: undelivered ×1');
  });

  it('fails an event for a publication that is not posted, and a delivery of an id the outbox never had', () => {
    const verdict = checkWebhooks({ postedPublicationIds: ['p1'], events, deliveries: [{ eventId: 'evt_1' }, { eventId: 'evt_2' }, { eventId: 'evt_x' }] });
    expect(verdict.problems.unexpectedEvent).toEqual([{ publicationId: 'p2', eventIds: ['evt_2'] }]);
    expect(verdict.problems.unknownDelivery).toEqual([{ eventId: 'evt_x' }]);
    expect(verdict.ok).toBe(false);
  });
});
