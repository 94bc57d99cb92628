import { brandContrastProblems, contrastRatio, HOSTNAME, hostnameOf } from './branding.js';

describe('branding rules', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBe(21);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    // The default primary (indigo 600) on white.
    expect(contrastRatio('#4f46e5', '#ffffff')).toBeCloseTo(6.29, 1);
    // WebAIM's reference: #777777 on white is 4.47:1, just under AA.
    expect(contrastRatio('#777777', '#ffffff')).toBe(4.47);
  });

  it('refuses a primary colour white text cannot be read on, with the ratio', () => {
    expect(brandContrastProblems({ primaryColor: '#4f46e5', accentColor: '#0284c7' })).toEqual([]);
    expect(brandContrastProblems({ primaryColor: '#FFD700' })).toEqual([
      { field: 'primaryColor', color: '#ffd700', against: '#ffffff', ratio: 1.4, minimum: 4.5 },
    ]);
    expect(brandContrastProblems({ accentColor: '#fde68a' })[0]).toMatchObject({ field: 'accentColor', minimum: 3 });
  });

  it('accepts host names and refuses the rest', () => {
    for (const ok of ['review.acme.com', 'a.io', 'studio-1.brand.example']) expect(HOSTNAME.test(ok)).toBe(true);
    for (const bad of ['localhost', 'acme.com:8443', '-a.com', 'a..com', '127.0.0.1', 'Acme.com', 'acme.com/x', 'a b.com', '*.acme.com'])
      expect(HOSTNAME.test(bad)).toBe(false);
  });

  it('reads the host name from a Host header', () => {
    expect(hostnameOf('Review.Acme.com:443')).toBe('review.acme.com');
    expect(hostnameOf('acme.com.')).toBe('acme.com');
    expect(hostnameOf(undefined)).toBeUndefined();
  });
});
