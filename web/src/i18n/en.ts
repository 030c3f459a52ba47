/** The English texts, bundled: one import per namespace file (the Russian ones load on demand). */
import account from './locales/en/account.json';
import admin from './locales/en/admin.json';
import common from './locales/en/common.json';
import partner from './locales/en/partner.json';
import queue from './locales/en/queue.json';
import review from './locales/en/review.json';
import webhooks from './locales/en/webhooks.json';

export const en = { common, account, admin, partner, queue, review, webhooks } as const;
