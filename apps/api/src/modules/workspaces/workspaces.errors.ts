import { HttpStatus } from '@nestjs/common';

import { AppException } from '../../common/errors/app-exception.js';

export class WorkspaceNotFound extends AppException {
  constructor(what = 'Workspace') {
    super('NOT_FOUND', `${what} not found`, HttpStatus.NOT_FOUND);
  }
}

export class LastOwnerProtected extends AppException {
  constructor() {
    super('LAST_OWNER', 'A workspace must keep at least one owner: make someone else owner first', HttpStatus.CONFLICT);
  }
}

export class OwnerOnly extends AppException {
  constructor() {
    super('OWNER_ONLY', 'Only an owner can grant, change or remove the owner role', HttpStatus.FORBIDDEN);
  }
}

export class InvitationInvalid extends AppException {
  constructor(reason: 'not_found' | 'expired' | 'used' | 'revoked') {
    const messages = {
      not_found: 'This invitation link is not valid',
      expired: 'This invitation has expired: ask for a new one',
      used: 'This invitation was already accepted',
      revoked: 'This invitation was withdrawn',
    };
    super(
      reason === 'not_found' ? 'NOT_FOUND' : `INVITATION_${reason.toUpperCase()}`,
      messages[reason],
      reason === 'not_found' ? HttpStatus.NOT_FOUND : HttpStatus.GONE,
    );
  }
}

export class AccountAccessAccountUnknown extends AppException {
  constructor() {
    super('ACCOUNT_ACCESS_UNKNOWN_ACCOUNT', 'One of these accounts is not in this workspace', HttpStatus.UNPROCESSABLE_ENTITY);
  }
}

export class AccountAccessNotForAdmins extends AppException {
  constructor() {
    super('ACCOUNT_ACCESS_NOT_FOR_ADMINS', 'Owners and admins always see every account: change their role first', HttpStatus.CONFLICT);
  }
}
