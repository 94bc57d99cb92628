import { SetMetadata } from '@nestjs/common';

export const ACCOUNT_SCOPE_KEY = 'mwr:accountScope';

/**
 * What a route parameter names, for per-account access (issue 25): each of these rows belongs to
 * social accounts, and a member limited to some accounts sees it only when they may see those.
 * Rows that belong to the workspace as a whole (videos, trends, members, webhooks…) are not here.
 */
export type AccountScopedKind = 'account' | 'contentItem' | 'publication' | 'experiment' | 'comment' | 'queueSlot' | 'reviewLink';

export interface AccountScope {
  kind: AccountScopedKind;
  param: string;
}

/**
 * The route's `param` names a row of this kind: the AuthGuard answers 404 (the same answer as for
 * an id of another workspace) when the caller is limited to accounts that do not include its own.
 */
export const AccountScoped = (kind: AccountScopedKind, param = 'id'): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCOUNT_SCOPE_KEY, { kind, param } satisfies AccountScope);

/**
 * SQL predicate: the content item `item` (an alias with id, created_by) is visible under the
 * access in `accessParam` (uuid[] of allowed accounts, NULL for every account) to the user in
 * `userParam`. Rule: every one of its targets is an allowed account — an item that also targets a
 * forbidden account is invisible, since it shows that account's plan; an item without targets
 * (a fresh draft) is visible to its author only.
 */
export function itemVisibleSql(item: string, accessParam: string, userParam: string): string {
  return `(${accessParam}::uuid[] IS NULL OR CASE
      WHEN EXISTS (SELECT 1 FROM content_item_targets vt WHERE vt.content_item_id = ${item}.id)
      THEN NOT EXISTS (SELECT 1 FROM content_item_targets vt
                        WHERE vt.content_item_id = ${item}.id AND vt.social_account_id <> ALL (${accessParam}::uuid[]))
      ELSE ${item}.created_by IS NOT DISTINCT FROM ${userParam}::uuid AND ${userParam}::uuid IS NOT NULL
    END)`;
}

/** SQL predicate: the account id expression is allowed under the access in `accessParam`. */
export function accountVisibleSql(accountId: string, accessParam: string): string {
  return `(${accessParam}::uuid[] IS NULL OR ${accountId} = ANY (${accessParam}::uuid[]))`;
}

/** Who reads a list, for per-account filtering in repositories: the allowed accounts (null: all) and the user (an item's author). */
export interface AccountViewer {
  allowedAccountIds: readonly string[] | null;
  userId: string | null;
}

/** Every account: for background work and callers that are not limited. */
export const ALL_ACCOUNTS: AccountViewer = { allowedAccountIds: null, userId: null };
