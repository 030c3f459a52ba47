import { createRequire } from 'node:module';
import path from 'node:path';

/** A GraphQL response as it comes over HTTP. */
export interface GraphQLResponse<T = Record<string, any>> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** POSTs an operation to `<baseUrl>/graphql`, with a bearer token or API key when given. */
export async function gql<T = Record<string, any>>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  auth: { token?: string; apiKey?: string } = {},
): Promise<GraphQLResponse<T> & { status: number }> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
      ...(auth.apiKey ? { 'x-api-key': auth.apiKey } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as GraphQLResponse<T>) };
}

/** Signs in and returns the session token. */
export async function login(baseUrl: string, email: string, password = 'vetline-demo'): Promise<string> {
  const result = await gql(
    baseUrl,
    `mutation ($email: String!, $password: String!) {
      login(email: $email, password: $password) { __typename ... on MutationLoginSuccess { data { token } } ... on Error { message } }
    }`,
    { email, password },
  );
  const token = result.data?.login?.data?.token;
  if (!token) throw new Error(`login failed for ${email}: ${JSON.stringify(result)}`);
  return token;
}

/** The global id of an object, as the API's Relay ids encode it. */
export const globalId = (typename: string, id: string) => Buffer.from(`${typename}:${id}`).toString('base64');

// The server's graphql (the root has none; Vitest aliases the same one).
const { print } = createRequire(path.resolve(import.meta.dirname, '../../server/package.json'))('graphql') as {
  print: (document: object) => string;
};

/** The text of a generated document (e.g. a dashboard page's query), to send as the page does. */
export const documentText = (document: object): string => print(document);
