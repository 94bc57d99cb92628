import { takeIllegalTransitions } from '../src/modules/queue/queue.errors.js';

/**
 * A status move the publication ledger refused is a bug wherever it happens — in a request, or in
 * a job the test's in-process worker ran (where the runner only logs it): the test fails. A test
 * that provokes a refusal on purpose takes it with takeIllegalTransitions().
 */
function failOnRefusals(): void {
  const seen = takeIllegalTransitions();
  if (seen.length > 0) throw new Error(`the publication ledger refused ${seen.length} status move(s): ${seen.map((e) => e.message).join('; ')}`);
}

afterEach(failOnRefusals);
afterAll(failOnRefusals);
