import { builder } from '../builder.ts';
import './scalars.ts';
import './job.ts';
import './frame.ts';
import './worker.ts';
import './progress.ts';

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

export const schema = builder.toSchema({ sortSchema: true });
