import { builder } from '../builder.ts';
import { withFarmErrors } from '../errors.ts';
import './scalars.ts';
import './job.ts';
import './frame.ts';
import './worker.ts';
import './progress.ts';
import './project.ts';

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

export const schema = withFarmErrors(builder.toSchema({ sortSchema: true }));
