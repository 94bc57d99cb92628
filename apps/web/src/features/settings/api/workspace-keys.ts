/**
 * Everything under this key belongs to one workspace (the API answers for the session's current
 * one). Keying by id means switching workspaces never shows the previous workspace's data.
 */
export function workspaceKey(workspaceId: string) {
  return ['workspaces', workspaceId] as const;
}
