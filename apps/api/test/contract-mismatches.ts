import { describeMismatch, takeContractMismatches } from './contract-validator.js';

/**
 * A response that breaks the OpenAPI document's promise (an undeclared status, a body or header
 * that does not match the declared schema) fails the test that received it (issue #34): the
 * validator in test/contract-validator.ts watches every app startTestApp boots.
 */
function failOnMismatches(): void {
  const seen = takeContractMismatches();
  if (seen.length > 0) throw new Error(`${seen.length} response(s) broke the OpenAPI contract:\n${seen.map(describeMismatch).join('\n')}`);
}

afterEach(failOnMismatches);
afterAll(failOnMismatches);
