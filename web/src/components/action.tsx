import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type ReactNode, useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AnyVariables, type CombinedError, useMutation } from 'urql';
import { type FragmentType, getFragmentData, graphql } from '../gql';
import { type CapabilityLike, interpretResult, type Outcome, refusalMessages } from '../lib/capabilities';

/** The error part every mutation result selects: the message and whatever details its kind carries. */
export const ActionResult_ErrorFragment = graphql(`
  fragment ActionResult_Error on Error {
    __typename
    message
    ... on ActionRefused {
      reasons {
        code
        message
        missing {
          field
          message
        }
      }
    }
    ... on SubmissionIncompleteError {
      missing {
        field
        message
      }
    }
    ... on ValidationError {
      problems {
        field
        message
      }
    }
    ... on SectionNotEmptyError {
      appCount
    }
  }
`);

type ResultUnion = { __typename?: string; data?: unknown } | FragmentType<typeof ActionResult_ErrorFragment>;
type SuccessData<R> = R extends { data: infer D } ? D : never;

/**
 * Reads a `Success { data } | Error` result (a mutation's, or a query's such as `connectionPage`)
 * as an outcome; no result at all is the transport failure's.
 */
export function readResult<R extends ResultUnion>(result: R | null | undefined, transportError?: CombinedError): Outcome<SuccessData<R>> {
  if (result && 'data' in result && result.data != null) return { ok: true, data: result.data as SuccessData<R> };
  const error = result ? getFragmentData(ActionResult_ErrorFragment, result as FragmentType<typeof ActionResult_ErrorFragment>) : undefined;
  return interpretResult<SuccessData<R>>(error ? { ...error, missing: 'missing' in error ? error.missing : undefined } : undefined, transportError);
}

/**
 * Runs a mutation whose result is a `Success { data } | Error` union and reads the outcome.
 * `onSuccess` typically re-executes the page's query, so lists and capabilities are fresh.
 */
export function useAction<Data, Variables extends AnyVariables, R extends ResultUnion>(
  document: TypedDocumentNode<Data, Variables>,
  pick: (data: Data) => R,
  onSuccess?: (data: SuccessData<R>) => void,
) {
  const [{ fetching }, execute] = useMutation(document);
  const [outcome, setOutcome] = useState<Outcome<SuccessData<R>> | null>(null);
  const run = useCallback(
    async (variables: Variables): Promise<Outcome<SuccessData<R>>> => {
      setOutcome(null);
      const response = await execute(variables);
      const next = readResult(response.data ? pick(response.data) : undefined, response.error);
      setOutcome(next);
      if (next.ok) onSuccess?.(next.data);
      return next;
    },
    [execute, pick, onSuccess],
  );
  const reset = useCallback(() => setOutcome(null), []);
  return { run, pending: fetching, outcome, reset };
}

/** Says what a finished action came to: a short confirmation, or the error with its details. */
export function ActionFeedback(props: { outcome: Outcome<unknown> | null; success?: string }) {
  const { outcome } = props;
  if (!outcome) return null;
  if (outcome.ok) {
    return props.success ? (
      <p className="feedback ok" role="status">
        {props.success}
      </p>
    ) : null;
  }
  return (
    <div className="feedback error" role="alert">
      <p>{outcome.message}</p>
      {outcome.details.length > 0 && (
        <ul>
          {outcome.details.map((detail) => (
            <li key={detail}>{detail}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * A button whose availability comes from a capability field. When refused it stays focusable
 * (`aria-disabled`) so keyboard and screen-reader users reach it and hear why.
 */
export function CapabilityButton(props: {
  capability: CapabilityLike | null | undefined;
  onClick: () => void;
  pending?: boolean;
  pendingLabel?: string;
  kind?: 'primary' | 'danger' | 'secondary';
  hideReasons?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const reasonsId = useId();
  const refusals = refusalMessages(props.capability);
  const disabled = refusals.length > 0 || props.pending;
  return (
    <span className="capability">
      <button
        type="button"
        className={props.kind ?? 'secondary'}
        aria-disabled={disabled || undefined}
        aria-describedby={refusals.length && !props.hideReasons ? reasonsId : undefined}
        title={refusals.join('\n') || undefined}
        onClick={() => {
          if (!disabled) props.onClick();
        }}
      >
        {props.pending ? (props.pendingLabel ?? t('working')) : props.children}
      </button>
      {refusals.length > 0 && !props.hideReasons && (
        <span id={reasonsId} className="reasons">
          {refusals.join(' · ')}
        </span>
      )}
    </span>
  );
}
