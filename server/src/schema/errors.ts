import { builder } from './builder.js';

/** An expected failure the client can act on; subclasses become typed results. */
export class DomainError extends Error {}

/** Input that breaks a rule; `fields` says which and why. */
export class ValidationError extends DomainError {
  override name = 'ValidationError';
  constructor(readonly problems: { field: string; message: string }[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
}

export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
}

export class InvalidCredentialsError extends DomainError {
  override name = 'InvalidCredentialsError';
  constructor() {
    super('The e-mail or password is wrong');
  }
}

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
