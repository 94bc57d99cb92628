/** What e-mails and review pages say the product is. */
export interface Branding {
  productName: string;
}

export const DEFAULT_BRANDING: Branding = { productName: 'Marketing War Room' };

/**
 * A workspace's branding. The one place e-mails and client review pages get it from: white-label
 * (issue 25, a later part) extends this with the workspace's own name, logo and colours.
 */
export function brandingOf(_workspace: { id: string; name: string }): Branding {
  return DEFAULT_BRANDING;
}
