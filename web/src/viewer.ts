import type { ResultOf } from '@graphql-typed-document-node/core';
import { createContext, useContext } from 'react';
import { graphql } from './gql';

export const AppShell_ViewerQuery = graphql(`
  query AppShell_ViewerQuery {
    viewer {
      id
      name
      email
      staffRole
      memberships {
        role
        partner {
          id
          name
        }
      }
    }
  }
`);

export type Viewer = NonNullable<ResultOf<typeof AppShell_ViewerQuery>['viewer']>;

export const ViewerContext = createContext<Viewer | null>(null);

/** The signed-in user, or null. */
export const useViewer = () => useContext(ViewerContext);

/** Staff (reviewers and admins) work the queue; partner members work their apps. */
export const isStaff = (viewer: Viewer | null) => viewer?.staffRole != null;
