import { GraphQLUpload } from 'graphql-upload-minimal';
import { InputError, toGraphQLError } from '../errors.ts';
import { builder } from '../builder.ts';
import { FrameStatus, JobStatus, OutputFormat, WorkerStatus } from '../generated/prisma/enums.ts';

builder.addScalarType('Upload', GraphQLUpload);
builder.scalarType('DateTime', {
  description: 'A point in time, as an ISO 8601 string in UTC',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
    // Parsed outside any resolver, so mapped here: graphql-js keeps the code only of a GraphQLError.
    if (Number.isNaN(date.getTime())) throw toGraphQLError(new InputError('DateTime', `not an ISO 8601 date: ${JSON.stringify(value)}`));
    return date;
  },
});

export const JobStatusEnum = builder.enumType(JobStatus, { name: 'JobStatus' });
export const FrameStatusEnum = builder.enumType(FrameStatus, { name: 'FrameStatus' });
export const WorkerStatusEnum = builder.enumType(WorkerStatus, { name: 'WorkerStatus' });
export const OutputFormatEnum = builder.enumType(OutputFormat, {
  name: 'OutputFormat',
  description: "Blender's still-image formats, named as in Blender's Python API (scene.render.image_settings.file_format)",
});
