import { HttpStatus } from '@nestjs/common';

import { AppException } from '../../common/errors/app-exception.js';

export class ReviewNotFound extends AppException {
  constructor(what: 'Content item' | 'Comment' | 'Member') {
    super('NOT_FOUND', `${what} not found`, HttpStatus.NOT_FOUND);
  }
}

/** Approving or requesting changes takes an owner, an admin or a member marked approver. */
export class ApproverRequired extends AppException {
  constructor() {
    super('APPROVER_REQUIRED', 'Only owners, admins and approvers of this workspace can approve or request changes', HttpStatus.FORBIDDEN);
  }
}

/** The author of a post cannot approve it unless the workspace allows it. */
export class SelfApprovalForbidden extends AppException {
  constructor() {
    super('SELF_APPROVAL_FORBIDDEN', 'You wrote this post: someone else has to approve it (or the workspace has to allow self-approval)', HttpStatus.FORBIDDEN);
  }
}

/** The reviewer approved a version that is not the current one. */
export class ApprovalStale extends AppException {
  constructor(currentHash: string, currentVersion: number) {
    super('APPROVAL_STALE', 'The post changed since this version was reviewed: review the current version', HttpStatus.CONFLICT, {
      currentHash,
      currentVersion,
    });
  }
}

/** Nothing to decide: the item is not waiting for a review (or is already published). */
export class ReviewNotOpen extends AppException {
  constructor(message = 'This post is not waiting for a review') {
    super('REVIEW_NOT_OPEN', message, HttpStatus.CONFLICT);
  }
}

/** Review requests need a policy other than none. */
export class ApprovalsOff extends AppException {
  constructor() {
    super('APPROVALS_OFF', 'Approvals are off in this workspace: an admin sets a policy in Settings', HttpStatus.CONFLICT);
  }
}

export class MentionNotMember extends AppException {
  constructor(userIds: string[]) {
    super('MENTION_NOT_MEMBER', 'Only members of this workspace can be mentioned', HttpStatus.BAD_REQUEST, { userIds });
  }
}

/** Threads are one level deep: a reply answers the thread's first comment. */
export class CommentReplyDepth extends AppException {
  constructor() {
    super('COMMENT_REPLY_DEPTH', 'Reply to the first comment of the thread, not to a reply', HttpStatus.BAD_REQUEST);
  }
}
