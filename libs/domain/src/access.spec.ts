import { accountAllowed, canSchedule, roleAtLeast, scopesAllow, seesAllAccounts } from './access.js';

describe('access rules', () => {
  it('orders roles viewer < editor < admin < owner', () => {
    expect(roleAtLeast('editor', 'viewer')).toBe(true);
    expect(roleAtLeast('editor', 'admin')).toBe(false);
    expect(roleAtLeast('owner', 'admin')).toBe(true);
    expect(roleAtLeast('viewer', 'viewer')).toBe(true);
  });

  it('puts contributor between viewer and editor, and only editors and up schedule', () => {
    expect(roleAtLeast('contributor', 'viewer')).toBe(true);
    expect(roleAtLeast('contributor', 'editor')).toBe(false);
    expect(canSchedule('contributor')).toBe(false);
    expect(canSchedule('viewer')).toBe(false);
    expect(canSchedule('editor')).toBe(true);
  });

  it('always shows every account to owners and admins, and follows the list otherwise', () => {
    expect(seesAllAccounts('admin')).toBe(true);
    expect(seesAllAccounts('editor')).toBe(false);
    expect(accountAllowed(null, 'a')).toBe(true);
    expect(accountAllowed(['a'], 'a')).toBe(true);
    expect(accountAllowed(['a'], 'b')).toBe(false);
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
