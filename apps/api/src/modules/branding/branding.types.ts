/** What e-mails and client review pages say the product is and look like (issue 25, white-label). */
export interface Branding {
  productName: string;
  /** Absolute URL of the logo (e-mails are read outside the app), or null. */
  logoUrl: string | null;
  /** `#rrggbb`; null: the default theme's. */
  primaryColor: string | null;
  accentColor: string | null;
  /** Where this workspace's web app and review links live: its custom host, else PUBLIC_URL. */
  baseUrl: string;
}

/** A workspace's branding row; null columns mean "the default". */
export interface WorkspaceBrandingRow {
  workspaceId: string;
  productName: string | null;
  logoKey: string | null;
  logoFile: string | null;
  logoContentType: LogoContentType | null;
  primaryColor: string | null;
  accentColor: string | null;
  customHost: string | null;
  updatedAt: Date;
}

export const LOGO_CONTENT_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type LogoContentType = (typeof LOGO_CONTENT_TYPES)[number];
