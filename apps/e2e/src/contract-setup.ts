import { checkFetchResponses, takeContractMismatches } from './contract-check';

/**
 * A response that breaks the OpenAPI document's promise fails the test that received it (issue
 * #34), as in the API's int-specs: Node's fetch is checked from here on, Playwright's request
 * contexts from launchChromium (browser.ts).
 */
checkFetchResponses();

async function failOnMismatches(): Promise<void> {
  const seen = await takeContractMismatches();
  if (seen.length > 0) throw new Error(`${seen.length} response(s) broke the OpenAPI contract:\n${seen.join('\n')}`);
}

afterEach(failOnMismatches);
afterAll(failOnMismatches);
