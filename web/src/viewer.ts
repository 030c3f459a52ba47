import type { ResultOf } from '@graphql-typed-document-node/core';
import { createContext, useContext } from 'react';
import { graphql } from './gql';

export const AppShell_ViewerQuery = graphql(`
  query AppShell_ViewerQuery {
    viewer {
      id
      name
      ... on User {
        email
        staffRole
        memberships {
          role
          partner {
            id
            name
          }
        }
        account {
          id
          name
          country
        }
      }
    }
  }
`);

/** The dashboard's viewer: a signed-in user (an API key's account never signs in here). */
export type Viewer = Extract<NonNullable<ResultOf<typeof AppShell_ViewerQuery>['viewer']>, { __typename?: 'User' }>;

export const ViewerContext = createContext<Viewer | null>(null);

/** The signed-in user, or null. */
export const useViewer = () => useContext(ViewerContext);

/** Staff (reviewers and admins) work the queue; partner members work their apps. */
export const isStaff = (viewer: Viewer | null) => viewer?.staffRole != null;

/** The viewer the query answered, when it is a user (the dashboard signs in users only). */
export const userViewer = (viewer: ResultOf<typeof AppShell_ViewerQuery>['viewer'] | undefined): Viewer | null =>
  viewer?.__typename === 'User' ? viewer : null;
