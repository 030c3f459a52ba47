/** The English texts, bundled: one import per namespace file (the Russian ones load on demand). */
import account from './locales/en/account.json' with { type: 'json' };
import admin from './locales/en/admin.json' with { type: 'json' };
import common from './locales/en/common.json' with { type: 'json' };
import editor from './locales/en/editor.json' with { type: 'json' };
import partner from './locales/en/partner.json' with { type: 'json' };
import queue from './locales/en/queue.json' with { type: 'json' };
import review from './locales/en/review.json' with { type: 'json' };
import webhooks from './locales/en/webhooks.json' with { type: 'json' };

export const en = { common, account, admin, editor, partner, queue, review, webhooks } as const;
