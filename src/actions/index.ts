// Every Action, grouped by domain. Each domain module exports one object of actions.
import { auth } from './auth.ts';
import { platformActions } from './platforms.ts';
import { reviewActions } from './reviews.ts';
import { moderation } from './moderation.ts';
import { apiActions } from './api.ts';
import { watchActions } from './watch.ts';

export const server = {
  auth,
  platforms: platformActions,
  reviews: reviewActions,
  moderation,
  api: apiActions,
  watch: watchActions,
};
