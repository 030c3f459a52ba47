import { builder } from './builder.js';
import {
  ActionRefusedError,
  ForbiddenError,
  InvalidCredentialsError,
  InvalidStatusError,
  NotFoundError,
  RateLimitedError,
  SubmissionIncompleteError,
  ValidationError,
} from '../domain/errors.js';
import type { Reason } from '../domain/lifecycle.js';

export {
  ActionRefusedError,
  ForbiddenError,
  InvalidCredentialsError,
  InvalidStatusError,
  NotFoundError,
  RateLimitedError,
  SubmissionIncompleteError,
  ValidationError,
};

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'An expected failure, returned as data.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

const FieldProblem = builder.objectRef<{ field: string; message: string }>('FieldProblem').implement({
  fields: (t) => ({ field: t.exposeString('field'), message: t.exposeString('message') }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ problems: t.field({ type: [FieldProblem], resolve: (e) => e.problems }) }),
});

builder.objectType(NotFoundError, { name: 'NotFoundError', interfaces: [ErrorInterface] });
builder.objectType(InvalidCredentialsError, { name: 'InvalidCredentialsError', interfaces: [ErrorInterface] });
builder.objectType(RateLimitedError, {
  name: 'RateLimitedError',
  description: 'Too many attempts; nothing was tried. Try again after `retryAfterSeconds`.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});

export const ReasonCodeEnum = builder.enumType('ReasonCode', {
  values: [
    'FORBIDDEN',
    'WRONG_STATUS',
    'INCOMPLETE',
    'NOT_CLAIMED',
    'CLAIMED_BY_ANOTHER',
    'ALREADY_CLAIMED',
    'OPEN_BLOCKING_THREADS',
    'NO_OPEN_THREAD',
    'FAILED_ITEMS',
    'APP_DELETED',
    'ACTIVE_INSTALLATIONS',
    'API_VERSION_TOO_OLD',
    'COUNTRY_NOT_SERVED',
    'SCOPES_NOT_GRANTED',
    'LAST_OWNER',
    'ALREADY_MEMBER',
    'INVITATION_EXPIRED',
    'INVITATION_USED',
    'INVITATION_FOR_ANOTHER',
    'ACCOUNT_EXISTS',
    'WRONG_CONNECTION_METHOD',
    'MODULE_FAILED',
    'INVITATION_CANCELLED',
    'LAST_ADMIN',
    'MODULE_ADDRESS_REFUSED',
    'REQUEST_IN_PROGRESS',
  ] as const,
});

export const MissingItemRef = builder.objectRef<{ field: string; message: string }>('MissingItem').implement({
  description: 'Something to fill before sending to moderation.',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'A path such as `listing.name.ru` or `checklist.test-account`.' }),
    message: t.exposeString('message'),
  }),
});

export const ReasonRef = builder.objectRef<Reason>('Reason').implement({
  description: 'Why an action is not possible now.',
  fields: (t) => ({
    code: t.expose('code', { type: ReasonCodeEnum }),
    message: t.exposeString('message'),
    missing: t.field({ type: [MissingItemRef], resolve: (r) => r.missing ?? [] }),
  }),
});

const ActionRefusedInterface = builder.interfaceRef<ActionRefusedError>('ActionRefused').implement({
  description: 'A lifecycle rule refused the action; nothing changed.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ reasons: t.field({ type: [ReasonRef], resolve: (e) => e.reasons }) }),
});

builder.objectType(ActionRefusedError, { name: 'ActionRefusedError', interfaces: [ErrorInterface, ActionRefusedInterface] });
builder.objectType(ForbiddenError, { name: 'ForbiddenError', interfaces: [ErrorInterface, ActionRefusedInterface] });
builder.objectType(InvalidStatusError, { name: 'InvalidStatusError', interfaces: [ErrorInterface, ActionRefusedInterface] });
builder.objectType(SubmissionIncompleteError, {
  name: 'SubmissionIncompleteError',
  interfaces: [ErrorInterface, ActionRefusedInterface],
  fields: (t) => ({ missing: t.field({ type: [MissingItemRef], resolve: (e) => e.missing }) }),
});

/** The error results every lifecycle mutation may return, most specific first. */
export const ACTION_ERRORS = [
  SubmissionIncompleteError,
  ForbiddenError,
  InvalidStatusError,
  ActionRefusedError,
  NotFoundError,
  ValidationError,
] as const;
