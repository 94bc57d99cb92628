import { createContext, useContext, type ReactNode } from 'react';

import { LogoMark } from '../ui/icons';

import './branding.css';

import { brandThemeCss, productNameOf, type PublicBranding } from './branding';

const BrandContext = createContext<PublicBranding | undefined>(undefined);

/** The brand in effect on this screen (the workspace's when signed in, else the host's); undefined: the default. */
export function useBrand(): PublicBranding | undefined {
  return useContext(BrandContext);
}

/** The product name to show: the brand's, else the default. */
export function useProductName(): string {
  return productNameOf(useBrand());
}

/**
 * Applies a brand below it: its colours as the light theme's tokens (a <style>; nothing when it
 * sets none, so the default theme stays) and its name and logo for BrandMark and titles.
 */
export function BrandProvider({ branding, children }: { branding: PublicBranding | undefined; children: ReactNode }) {
  const css = branding ? brandThemeCss(branding) : '';
  return (
    <BrandContext.Provider value={branding}>
      {css ? <style data-testid="brand-theme">{css}</style> : null}
      {children}
    </BrandContext.Provider>
  );
}

/** The logo (or the default mark) and the product name, as the header shows them. */
export function BrandMark({ branding }: { branding?: PublicBranding | undefined }) {
  const context = useBrand();
  const brand = branding ?? context;
  const name = productNameOf(brand);
  return (
    <div className="brand">
      {brand?.logoUrl ? <img className="brand-logo" src={brand.logoUrl} alt="" height={28} /> : <LogoMark />}
      <span className="brand-name" data-testid="brand-name">
        {name}
      </span>
    </div>
  );
}
