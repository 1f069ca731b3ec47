// Every Action, grouped by domain. Each domain module exports one object of actions.
import { auth } from './auth.ts';

export const server = {
  auth,
};
