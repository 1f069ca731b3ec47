// Every Action, grouped by domain. Each domain module exports one object of actions.
import { auth } from './auth.ts';
import { reviewActions } from './reviews.ts';

export const server = {
  auth,
  reviews: reviewActions,
};
