import { lexicographicSortSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './errors.js';
import './section.js';
import './app.js';
import './version.js';
import './thread.js';
import './app-actions.js';
import './queue.js';
import './listing-change.js';
import './history.js';
import './installation.js';
import './module-api.js';
import './webhooks.js';
import './subscriptions.js';
import './inbox.js';
import './policy.js';
import './viewer.js';
import './team.js';
import './administration.js';
import './operations.js';
import './staff-desk.js';
import './update-review.js';
import './node.js';

/** The executable schema, with its types sorted so the printed form is stable. */
export const schema = lexicographicSortSchema(builder.toSchema());
