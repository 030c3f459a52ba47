import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  TokenKind,
  getNamedType,
  getNullableType,
  getOperationAST,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  visit,
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { credentialsFromConnectionParams, credentialsFromHeaders } from './auth/viewer.js';

/**
 * Who a query's limits are chosen for, read from the credentials the request carries before any
 * of them is checked (so no SQL runs first): a bearer token means a signed-in user (staff or a
 * partner member); nothing or an API key means the public. A forged token gets the signed-in
 * limits for parsing and validation only: the context factory then refuses it before execution.
 */
export type Audience = 'public' | 'signedIn';

/** The limits of one audience. */
export interface QueryLimits {
  /** Characters of the GraphQL document. */
  documentChars: number;
  /** Lexical tokens of the document (names, punctuation, values; comments excluded). */
  tokens: number;
  /** Nesting of fields, counted as graphql-armor does (the root field is depth 1). */
  depth: number;
  /** Aliased fields (`__typename` aliases are free). */
  aliases: number;
  /** Directives anywhere in the operation. */
  directives: number;
  /** The cost budget: see {@link operationCost}. */
  cost: number;
}

/** Query limits per audience. The dashboard's own operations fit the signed-in ones (a test checks). */
export const QUERY_LIMITS: Record<Audience, QueryLimits> = {
  // The catalog page's query: 811 characters, 120 tokens, depth 7, cost 2,422 (with `first` a variable).
  public: { documentChars: 8_192, tokens: 1_000, depth: 8, aliases: 10, directives: 10, cost: 5_000 },
  // The largest dashboard queries: 4,989 characters, 470 tokens, depth 10, cost 5,501 (apps, first: 100).
  // The parser stops at this token limit for everyone, which also keeps nesting under its stack.
  signedIn: { documentChars: 32_768, tokens: 2_000, depth: 12, aliases: 30, directives: 30, cost: 25_000 },
};

/** How the cost counts lists; see {@link operationCost}. */
export const COST_MODEL = {
  /** A connection's page size when `first`/`last` is a variable (Pothos' maximum page size). */
  maxPageSize: 100,
  /** A connection's page size when neither `first` nor `last` is given (Pothos' default). */
  defaultPageSize: 20,
  /** The assumed length of any other list field. */
  listSize: 10,
} as const;

/**
 * Bounds on the arguments of queries and subscriptions (mutations' inputs have their own, per field):
 * a `search` of megabytes or thousands of ids would make the database do the work.
 */
export const ARGUMENT_LIMITS = {
  /** Characters of any string argument or string inside a variable. */
  stringChars: 256,
  /** Items of any list argument or list inside a variable. */
  listItems: 100,
} as const;

/** Reads the audience from Yoga's initial context: HTTP headers, or graphql-ws `connectionParams`. */
export function audienceOf(context: unknown): Audience {
  const { request, connectionParams } = (context ?? {}) as {
    request?: { headers?: Headers };
    connectionParams?: Readonly<Record<string, unknown>>;
  };
  const credentials = connectionParams
    ? credentialsFromConnectionParams(connectionParams)
    : request?.headers
      ? credentialsFromHeaders(request.headers)
      : {};
  return credentials.bearer ? 'signedIn' : 'public';
}

/**
 * Query limits as envelop plugins, for Yoga's plugin list. Everything runs in parse and
 * validation, before the context factory (and so before any SQL or resolver), on HTTP, SSE and
 * graphql-ws alike (graphql-ws parses and validates through `yoga.getEnveloped`).
 *
 * - parse: the document's length per audience (checked before Yoga's parse cache, which is keyed
 *   by the text alone), the signed-in token limit (graphql-armor), a document nested beyond the
 *   parser's stack refused as a 400, and the arguments of queries and subscriptions bounded;
 * - validation: depth, aliases, directives (graphql-armor), the public token limit and the cost,
 *   per audience. Each audience's rules have their own names, because Yoga caches validation
 *   results by document and rule names;
 * - in production (`production`), the public gets no introspection and no field suggestions.
 */
export function useQueryLimits({ production }: { production: boolean }): Plugin[] {
  const rules: Record<Audience, ValidationRule[]> = {
    public: queryLimitRules('public', production),
    signedIn: queryLimitRules('signedIn', production),
  };
  const blockSuggestions = blockFieldSuggestionsPlugin();
  const documentLimits: Plugin = {
    onParse({ context, params }) {
      const audience = audienceOf(context);
      const limit = QUERY_LIMITS[audience].documentChars;
      const length = typeof params.source === 'string' ? params.source.length : params.source.body.length;
      // Thrown before the cache hook runs, so a refusal is never cached for the other audience.
      if (length > limit) throw refusal(`The document has ${length} characters; the limit is ${limit}.`);
      return ({ result }) => {
        // A document nested past the parser's stack is the client's fault, not a server error.
        if (result instanceof RangeError) throw refusal('The document is nested too deeply.');
        // Thrown again here, past Yoga's later hooks, which would turn it into a 200 for `application/json`.
        if (result instanceof GraphQLError && result.extensions['code'] === 'QUERY_LIMIT') throw result;
        if (result instanceof Error || result === null) return;
        const operationName = (context as { params?: { operationName?: string } }).params?.operationName;
        const variables = (context as { params?: { variables?: unknown } }).params?.variables;
        const problem = argumentProblem(result, operationName, variables);
        // Thrown rather than replaced: a replaced result would be cached for every variables.
        if (problem) throw refusal(problem);
      };
    },
    onValidate(payload) {
      const { context, addValidationRule, setValidationFn, validateFn } = payload;
      const audience = audienceOf(context);
      for (const rule of rules[audience]) addValidationRule(rule);
      // graphql-js visits some rules recursively; a stack overflow is a refusal, not a 500.
      setValidationFn((...args) => {
        try {
          return validateFn(...args);
        } catch (error) {
          if (error instanceof RangeError) return [refusal('The document is nested too deeply.')];
          throw error;
        }
      });
      if (production && audience === 'public') return blockSuggestions.onValidate?.(payload);
      return undefined;
    },
  };
  const parseTokens: Plugin = maxTokensPlugin({
    n: QUERY_LIMITS.signedIn.tokens,
    propagateOnRejection: false,
    // Thrown from inside the parser, so parsing stops at the limit; refused like the other limits.
    onReject: [
      (_context, error) => {
        throw refusal(withoutPrefix(error));
      },
    ],
  });
  return [parseTokens, documentLimits];
}

/**
 * A refusal of the request as the client sent it: HTTP 400 whatever the `Accept` (`spec: false`
 * keeps Yoga from answering validation errors with 200 to `application/json` clients).
 */
function refusal(message: string): GraphQLError {
  return createGraphQLError(message, { extensions: { code: 'QUERY_LIMIT', http: { status: 400, spec: false } } });
}

/** armor calls every refusal a "Syntax Error"; the message alone says what was exceeded. */
const withoutPrefix = (error: GraphQLError) => error.message.replace(/^Syntax Error: /, '');

/**
 * The validation rules of one audience, named after it (Yoga's validation cache keys by rule names,
 * so each audience's results are cached apart). Exported so tests can check documents against them.
 */
export function queryLimitRules(audience: Audience, production = false): ValidationRule[] {
  const limits = QUERY_LIMITS[audience];
  // Report instead of throw, so the refusal is an ordinary (cached) validation error.
  const armor = {
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(refusal(withoutPrefix(error)))],
  };
  const prefix = audience === 'public' ? 'Public' : 'SignedIn';
  return [
    named(`${prefix}MaxDepth`, maxDepthRule({ n: limits.depth, ...armor })),
    named(`${prefix}MaxAliases`, maxAliasesRule({ n: limits.aliases, ...armor })),
    named(`${prefix}MaxDirectives`, maxDirectivesRule({ n: limits.directives, ...armor })),
    named(`${prefix}MaxTokens`, maxTokensRule(limits.tokens)),
    named(`${prefix}MaxCost`, maxCostRule(limits.cost)),
    ...(production && audience === 'public' ? [NoSchemaIntrospectionCustomRule] : []),
  ];
}

/** Yoga's validation cache keys results by rule names; armor's rules are anonymous functions. */
function named(name: string, rule: ValidationRule): ValidationRule {
  return Object.defineProperty(rule, 'name', { value: name });
}

/**
 * The token limit as a validation rule, counting the parsed document's tokens, so the result is
 * cached with the document (the parser itself runs once per text, at the signed-in limit).
 */
function maxTokensRule(limit: number): ValidationRule {
  return (context) => {
    let count = 0;
    for (let token = context.getDocument().loc?.startToken ?? null; token; token = token.next) {
      if (token.kind === TokenKind.COMMENT || token.kind === TokenKind.SOF || token.kind === TokenKind.EOF) continue;
      if (++count > limit) {
        context.reportError(refusal(`Token limit of ${limit} exceeded.`));
        break;
      }
    }
    return {};
  };
}

function maxCostRule(limit: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const root =
        operation.operation === 'query'
          ? context.getSchema().getQueryType()
          : operation.operation === 'mutation'
            ? context.getSchema().getMutationType()
            : context.getSchema().getSubscriptionType();
      if (!root) return;
      const cost = operationCost(context, operation.selectionSet, root);
      if (cost > limit) context.reportError(refusal(`Query cost limit of ${limit} exceeded, found ${cost}.`));
    },
  });
}

/**
 * An operation's cost: roughly how many field values it could resolve. Every field counts 1; a
 * field's selection counts once per item it can return: a connection's `first`/`last` (a variable
 * counts as the maximum page size, since validation is cached per document, not per variables),
 * the default page size without them, the length of a list argument (`nodes(ids:)`), or
 * {@link COST_MODEL.listSize} for any other list. Fragments on abstract types all count (an upper
 * bound). graphql-armor's cost rule counts only literal `first`/`last`, so a variable would count 1.
 */
export function operationCost(
  context: Pick<ValidationContext, 'getFragment' | 'getSchema'>,
  selectionSet: SelectionSetNode,
  parentType: GraphQLCompositeType,
  inConnection = false,
  visiting = new Set<string>(),
): number {
  let cost = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue;
      const field = fieldOf(parentType, selection.name.value);
      if (!field) continue;
      cost += 1;
      const type = getNamedType(field.type);
      if (!selection.selectionSet || !isCompositeType(type)) continue;
      const { size, paged } = itemsOf(selection, field, inConnection);
      cost += size * operationCost(context, selection.selectionSet, type, paged, visiting);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? context.getSchema().getType(selection.typeCondition.name.value) : parentType;
      if (type && isCompositeType(type)) cost += operationCost(context, selection.selectionSet, type, inConnection, visiting);
    } else {
      const name = selection.name.value;
      const fragment = context.getFragment(name);
      // A cycle is refused by graphql's own rule; here it only must not recurse forever.
      if (!fragment || visiting.has(name)) continue;
      const type = context.getSchema().getType(fragment.typeCondition.name.value);
      if (!type || !isCompositeType(type)) continue;
      visiting.add(name);
      cost += operationCost(context, fragment.selectionSet, type, inConnection, visiting);
      visiting.delete(name);
    }
  }
  return cost;
}

function fieldOf(type: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
}

/** How many items a field's selection is counted for; `paged` marks a connection's own lists (edges). */
function itemsOf(node: FieldNode, field: GraphQLField<unknown, unknown>, inConnection: boolean) {
  const page = node.arguments?.find((arg) => arg.name.value === 'first' || arg.name.value === 'last');
  if (page) return { size: pageSize(page.value), paged: true };
  if (field.args.some((arg) => arg.name === 'first')) return { size: COST_MODEL.defaultPageSize, paged: true };
  if (!isListType(getNullableType(field.type))) return { size: 1, paged: false };
  if (inConnection) return { size: 1, paged: false };
  const listArgument = node.arguments?.find((arg) => isListType(getNullableType(field.args.find((a) => a.name === arg.name.value)?.type)));
  if (listArgument) {
    const size = listArgument.value.kind === Kind.LIST ? listArgument.value.values.length : ARGUMENT_LIMITS.listItems;
    return { size, paged: false };
  }
  return { size: COST_MODEL.listSize, paged: false };
}

function pageSize(value: ValueNode): number {
  if (value.kind === Kind.INT) return Math.min(Math.max(Number.parseInt(value.value, 10) || 0, 0), COST_MODEL.maxPageSize);
  if (value.kind === Kind.NULL) return COST_MODEL.defaultPageSize;
  return COST_MODEL.maxPageSize;
}

/**
 * The refusal of an operation whose arguments exceed {@link ARGUMENT_LIMITS} (the same one the parse
 * hook throws), for a document parsed and validated before: its variables are new each time.
 */
export function argumentRefusal(document: DocumentNode, operationName: string | null | undefined, variables: unknown): GraphQLError | undefined {
  const problem = argumentProblem(document, operationName ?? undefined, variables);
  return problem ? refusal(problem) : undefined;
}

/** Documents whose literal arguments are within {@link ARGUMENT_LIMITS}, so each is walked once. */
const literalsChecked = new WeakMap<DocumentNode, string | null>();

/**
 * Why a query's or subscription's arguments are too big (a literal or a variable), or null.
 * Mutations are left to their inputs' own validation.
 */
function argumentProblem(document: DocumentNode, operationName: string | undefined, variables: unknown): string | null {
  const operation = getOperationAST(document, operationName);
  if (!operation || operation.operation === 'mutation') return null;
  let literals = literalsChecked.get(document);
  if (literals === undefined) {
    literals = null;
    visit(document, {
      OperationDefinition: (node) => (node.operation === 'mutation' ? false : undefined),
      StringValue(node) {
        if (node.value.length > ARGUMENT_LIMITS.stringChars) literals ??= tooLong(node.value.length);
      },
      ListValue(node) {
        if (node.values.length > ARGUMENT_LIMITS.listItems) literals ??= tooMany(node.values.length);
      },
    });
    literalsChecked.set(document, literals);
  }
  return literals ?? valueProblem(variables, 0);
}

function valueProblem(value: unknown, depth: number): string | null {
  if (typeof value === 'string') return value.length > ARGUMENT_LIMITS.stringChars ? tooLong(value.length) : null;
  if (value === null || typeof value !== 'object') return null;
  if (depth > 10) return 'The variables are nested too deeply.';
  // Objects are bounded like lists: no query input has anywhere near that many fields.
  const items = Array.isArray(value) ? value : Object.values(value);
  if (items.length > ARGUMENT_LIMITS.listItems) return tooMany(items.length);
  for (const item of items) {
    const problem = valueProblem(item, depth + 1);
    if (problem) return problem;
  }
  return null;
}

const tooLong = (length: number) =>
  `A string argument has ${length} characters; queries accept at most ${ARGUMENT_LIMITS.stringChars}.`;
const tooMany = (length: number) => `A list argument has ${length} items; queries accept at most ${ARGUMENT_LIMITS.listItems}.`;
