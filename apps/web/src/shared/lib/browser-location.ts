/**
 * Full-page navigation away from the SPA (e.g. to a platform's consent page). Behind an object so
 * tests can spy on it: jsdom's `window.location.assign` cannot be replaced.
 */
export const browserLocation = {
  assign(url: string): void {
    window.location.assign(url);
  },
};
