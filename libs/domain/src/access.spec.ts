import { roleAtLeast, scopesAllow } from './access.js';

describe('access rules', () => {
  it('orders roles viewer < editor < admin < owner', () => {
    expect(roleAtLeast('editor', 'viewer')).toBe(true);
    expect(roleAtLeast('editor', 'admin')).toBe(false);
    expect(roleAtLeast('owner', 'admin')).toBe(true);
    expect(roleAtLeast('viewer', 'viewer')).toBe(true);
  });

  it('lets a write scope read, but not a read scope write', () => {
    expect(scopesAllow(['content:write'], 'content:read')).toBe(true);
    expect(scopesAllow(['content:read'], 'content:write')).toBe(false);
  });

  it('lets the admin scope do anything and nothing else cross over', () => {
    expect(scopesAllow(['admin'], 'automations:write')).toBe(true);
    expect(scopesAllow(['accounts:read'], 'content:read')).toBe(false);
  });
});
